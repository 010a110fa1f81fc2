package sandbox

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"time"
)

// Org is the emulated organisation of a scenario: its tills, mobile rules,
// registration configs, fields, loyalty program and registration side
// effects (docs/SCENARIOS.md).
type Org struct {
	ID          int64
	Name        string
	Location    *time.Location // the cluster time zone of every timestamp
	Tills       []Till
	UserIDStart int64 // first user_id handed out in a fresh namespace

	BaseCountry         Country
	SupportedCountries  []Country
	AllowOtherCountries bool
	ExternalID          ExternalIDRule

	Configs        Configs
	CustomFields   []CustomFieldDef
	ExtendedFields []ExtendedFieldDef
	Program        *Program // nil: the org has no loyalty program
	SideEffects    SideEffects
}

// Till is a store terminal login: the Basic-auth user of the vendor API.
type Till struct {
	Username     string
	Password     string       // plain text; clients send its hash in hex
	PasswordHash PasswordHash // the hash the till's gateway expects
	StoreCode    string
	StoreName    string
}

// PasswordHash is the hash a till's clients send as the Basic-auth
// password: the MD5 hex of the password (the vendor's documented scheme),
// or its SHA-256 hex (as some China gateways expect).
type PasswordHash string

// The password hashes.
const (
	HashMD5    PasswordHash = "md5"
	HashSHA256 PasswordHash = "sha256"
)

// Hash returns the hex hash of the till's password its clients must send.
func (t *Till) Hash() string {
	if t.PasswordHash == HashSHA256 {
		sum := sha256.Sum256([]byte(t.Password))
		return hex.EncodeToString(sum[:])
	}
	sum := md5.Sum([]byte(t.Password))
	return hex.EncodeToString(sum[:])
}

// Accepts reports whether sent, a Basic-auth password, is the till's hash
// (hex compared case-insensitively).
func (t *Till) Accepts(sent string) bool { return strings.EqualFold(sent, t.Hash()) }

// Country is a supported mobile country: its calling code and the allowed
// lengths of the national number that follows it.
type Country struct {
	Name    string
	Code    string         // calling code digits, e.g. "91"
	Lengths []int          // allowed national-number lengths, e.g. [10]
	Pattern *regexp.Regexp // optional, matched against the national number
}

// ExternalIDRule is the org's external id format: maximum length, and an
// optional enforced prefix and exact length.
type ExternalIDRule struct {
	MaxLength int // 0 means the vendor's 250
	Prefix    string
	Length    int // 0 means any length
}

// CustomFieldDef is one org-defined custom field (docs/VENDOR.md, Extended and custom fields).
type CustomFieldDef struct {
	Name      string
	Label     string
	Type      string // text, textarea, select, checkbox, radio, datepicker, ...
	DataType  string // String, Integer, Double, Boolean
	Default   string
	Phase     string
	Position  int
	Rule      string
	Regex     string
	Error     string
	Options   []string
	Scope     string // loyalty_registration accepts add/update values
	Mandatory bool
	Disabled  bool
	pattern   *regexp.Regexp
}

// ScopeRegistration is the custom field scope add and update accept.
const ScopeRegistration = "loyalty_registration"

// ExtendedFieldDef is one enabled extended field (docs/VENDOR.md, Extended and custom fields).
type ExtendedFieldDef struct {
	Name      string
	Label     string
	DataType  string   // STRING, INTEGER, DOUBLE, DATETIME, STANDARD_ENUM, ...
	Values    []string // allowed values of an enum
	MaxLength int      // 0 means 250
}

// Program is the org's loyalty program and its slabs (tiers), lowest first.
type Program struct {
	ID                string
	Slabs             []Slab
	TierValidityYears int // tier expiry is this many years after enrolment
}

// Slab is one tier of the program.
type Slab struct {
	Name        string
	Description string
	Threshold   float64 // lifetime points that reach this slab (first slab: 0)
}

// SideEffects are what a new registration earns (docs/VENDOR.md, Response).
type SideEffects struct {
	Points            float64 // points awarded on registration; 0 = none
	Coupon            *CouponEffect
	AlternateCurrency *AlternateCurrencyEffect
}

// CouponEffect issues a coupon on registration.
type CouponEffect struct {
	FirstID     int64  // id of the first coupon issued in a namespace
	Type        string // coupon_type, e.g. "PE"
	Code        string // fixed code; empty = a code from the seeded generator
	Description string
	ValidDays   int // valid_till = registration day + ValidDays, 23:59:59
}

// AlternateCurrencyEffect awards an alternate currency on registration.
type AlternateCurrencyEffect struct {
	Identifier string
	Name       string
	Value      string
}

// TillByName returns the till with the given username.
func (o *Org) TillByName(name string) (*Till, bool) {
	for i := range o.Tills {
		if strings.EqualFold(o.Tills[i].Username, name) {
			return &o.Tills[i], true
		}
	}
	return nil, false
}

// HasStore reports whether code is the store code of one of the org's tills.
func (o *Org) HasStore(code string) bool {
	for _, t := range o.Tills {
		if t.StoreCode != "" && strings.EqualFold(t.StoreCode, code) {
			return true
		}
	}
	return false
}

// CustomField returns the definition of a registration-scope custom field.
func (o *Org) CustomField(name string) (*CustomFieldDef, bool) {
	for i := range o.CustomFields {
		d := &o.CustomFields[i]
		if d.Name == name && d.Scope == ScopeRegistration && !d.Disabled {
			return d, true
		}
	}
	return nil, false
}

// ExtendedField returns an enabled extended field by case-insensitive name.
func (o *Org) ExtendedField(name string) (*ExtendedFieldDef, bool) {
	for i := range o.ExtendedFields {
		if strings.EqualFold(o.ExtendedFields[i].Name, name) {
			return &o.ExtendedFields[i], true
		}
	}
	return nil, false
}

// Compile prepares the definition's regular expression; it returns an
// error when Regex does not compile.
func (d *CustomFieldDef) Compile() error {
	if d.Regex == "" {
		return nil
	}
	p, err := regexp.Compile(d.Regex)
	if err != nil {
		return err
	}
	d.pattern = p
	return nil
}

// Format formats t as a vendor timestamp in the org's time zone.
func (o *Org) Format(t time.Time) string {
	return t.In(o.loc()).Format(TimeLayout)
}

func (o *Org) loc() *time.Location {
	if o.Location == nil {
		return time.UTC
	}
	return o.Location
}

// TimeLayout is the vendor's timestamp format (docs/VENDOR.md, Dates, time zones and limits).
const TimeLayout = "2006-01-02 15:04:05"

// DateLayout is the vendor's date format.
const DateLayout = "2006-01-02"

// ParseTime parses a vendor timestamp in the org's time zone.
func (o *Org) ParseTime(s string) (time.Time, error) {
	return time.ParseInLocation(TimeLayout, s, o.loc())
}

// SlabInfo describes slab n (1-based) of the program: its name and the
// next slab's name, serial number and description ("", -1, "" at the top).
func (p *Program) SlabInfo(n int) (cur Slab, next Slab, nextNo int) {
	if n < 1 {
		n = 1
	}
	if n > len(p.Slabs) {
		n = len(p.Slabs)
	}
	if n == 0 {
		return Slab{Name: "NONE"}, Slab{}, -1
	}
	cur = p.Slabs[n-1]
	if n < len(p.Slabs) {
		return cur, p.Slabs[n], n + 1
	}
	return cur, Slab{}, -1
}

// SlabFor returns the highest slab number whose threshold lifetime reaches.
func (p *Program) SlabFor(lifetime float64) int {
	n := 1
	for i, s := range p.Slabs {
		if i > 0 && lifetime >= s.Threshold && s.Threshold > 0 {
			n = i + 1
		}
	}
	return n
}
