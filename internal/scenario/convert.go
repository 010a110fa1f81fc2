package scenario

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

func (c *converter) org(d *orgDoc) *sandbox.Org {
	o := &sandbox.Org{ID: d.ID, Name: d.Name, UserIDStart: d.UserIDStart, AllowOtherCountries: d.Country.AllowOther,
		ExternalID: sandbox.ExternalIDRule{MaxLength: d.ExternalID.MaxLength, Prefix: d.ExternalID.Prefix, Length: d.ExternalID.Length}}
	if o.UserIDStart == 0 {
		o.UserIDStart = 1
	}
	tz := d.TimeZone
	if tz == "" {
		tz = "UTC"
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		c.errorf("org.time_zone", "unknown time zone %q", tz)
		loc = time.UTC
	}
	o.Location = loc
	c.tills(o, d.Tills)
	o.BaseCountry = c.country("org.country.base", d.Country.Base)
	for i, sc := range d.Country.Supported {
		o.SupportedCountries = append(o.SupportedCountries, c.country(fmt.Sprintf("org.country.supported.%d", i), sc))
	}
	o.Configs = c.configs(d.Configs)
	c.customFields(o, d.CustomFields)
	for i, ef := range d.ExtendedFields {
		if ef.Name == "" {
			c.errorf(fmt.Sprintf("org.extended_fields.%d", i), "extended field needs a name")
		}
		o.ExtendedFields = append(o.ExtendedFields, sandbox.ExtendedFieldDef{Name: ef.Name, Label: ef.Label,
			DataType: strings.ToUpper(orDefault(ef.DataType, "STRING")), Values: ef.Values, MaxLength: ef.MaxLength})
	}
	o.Program = c.program(d.Program)
	o.SideEffects = c.sideEffects(&d.SideEffects, o.Program != nil)
	return o
}

// configs applies org.configs over the defaults. When a config is set
// under two names (an alias and its vendor name), the one set nearest the
// extending file wins; twice in the same file is an error.
func (c *converter) configs(d map[string]any) sandbox.Configs {
	out := sandbox.DefaultConfigs()
	chosen := map[string]string{} // canonical name → key used
	for _, k := range sortedKeys(d) {
		canon, ok := sandbox.CanonicalConfigKey(k)
		if !ok {
			c.errorf("org.configs."+k, "unknown config %s (GET /v1.1/organization/configs lists the known ones)", k)
			continue
		}
		prev, dup := chosen[canon]
		switch {
		case !dup || c.rank("org.configs."+k) < c.rank("org.configs."+prev):
			chosen[canon] = k
		case c.rank("org.configs."+k) == c.rank("org.configs."+prev):
			c.errorf("org.configs."+k, "%s and %s are the same config; set it once", prev, k)
		}
	}
	for _, k := range sortedKeys(d) {
		if canon, ok := sandbox.CanonicalConfigKey(k); !ok || chosen[canon] != k {
			continue
		}
		if err := out.Set(k, scalar(d[k])); err != nil {
			c.errorf("org.configs."+k, "%v", err)
		}
	}
	return out
}

// rank is how far from the extending file the node at path was set: 0 for
// the file itself, 1 for the scenario it extends, and so on.
func (c *converter) rank(path string) int {
	file, _ := c.src.locate(path)
	for i, f := range c.src.chain {
		if f == file {
			return i + 1
		}
	}
	return 0
}

func (c *converter) tills(o *sandbox.Org, tills []tillDoc) {
	if len(tills) == 0 {
		c.errorf("org", "org needs at least one till")
	}
	seen := map[string]bool{}
	for i, t := range tills {
		p := fmt.Sprintf("org.tills.%d", i)
		switch {
		case t.Username == "":
			c.errorf(p, "till needs a username")
		case seen[strings.ToLower(t.Username)]:
			c.errorf(p+".username", "duplicate till %q", t.Username)
		case t.Password == "":
			c.errorf(p, "till %q needs a password", t.Username)
		}
		seen[strings.ToLower(t.Username)] = true
		hash := sandbox.HashMD5
		choice(c, p+".password_hash", nonEmpty(t.PasswordHash), &hash, sandbox.HashMD5, sandbox.HashSHA256)
		o.Tills = append(o.Tills, sandbox.Till{Username: t.Username, Password: t.Password, PasswordHash: hash,
			StoreCode: t.StoreCode, StoreName: t.StoreName})
	}
}

var digitsRE = regexp.MustCompile(`^[0-9]{1,4}$`)

func (c *converter) country(path string, d countryDoc) sandbox.Country {
	if !digitsRE.MatchString(d.Code) {
		c.errorf(path+".code", "country code must be 1–4 digits, not %q", d.Code)
	}
	for _, n := range d.Lengths {
		if n < 4 || n > 14 {
			c.errorf(path+".lengths", "national number length %d is outside 4–14", n)
		}
	}
	out := sandbox.Country{Name: d.Name, Code: d.Code, Lengths: d.Lengths}
	if d.Pattern != "" {
		p, err := regexp.Compile(d.Pattern)
		if err != nil {
			c.errorf(path+".pattern", "bad pattern: %v", err)
		}
		out.Pattern = p
	}
	return out
}

func (c *converter) customFields(o *sandbox.Org, defs []customFieldDoc) {
	seen := map[string]bool{}
	for i, d := range defs {
		p := fmt.Sprintf("org.custom_fields.%d", i)
		if d.Name == "" || len(d.Name) > 20 {
			c.errorf(p, "custom field name must be 1–20 characters, not %q", d.Name)
		}
		if seen[d.Name] {
			c.errorf(p+".name", "duplicate custom field %q", d.Name)
		}
		seen[d.Name] = true
		def := sandbox.CustomFieldDef{Name: d.Name, Label: orDefault(d.Label, d.Name), Type: orDefault(d.Type, "text"),
			DataType: orDefault(d.DataType, "String"), Default: d.Default, Phase: d.Phase, Position: d.Position,
			Rule: d.Rule, Regex: d.Regex, Error: d.Error, Options: d.Options,
			Scope: orDefault(d.Scope, sandbox.ScopeRegistration), Mandatory: d.Mandatory, Disabled: d.Disabled}
		if def.Position == 0 {
			def.Position = i + 1
		}
		if err := def.Compile(); err != nil {
			c.errorf(p+".regex", "bad regex: %v", err)
		}
		o.CustomFields = append(o.CustomFields, def)
	}
}

func (c *converter) program(d *programDoc) *sandbox.Program {
	if d == nil {
		return nil
	}
	p := &sandbox.Program{ID: d.ID, TierValidityYears: d.TierValidityYears}
	if p.TierValidityYears == 0 {
		p.TierValidityYears = 100
	}
	if p.ID == "" {
		c.errorf("org.program", "program needs an id")
	}
	if len(d.Slabs) == 0 {
		c.errorf("org.program", "program needs at least one slab")
	}
	seen := map[string]bool{}
	for i, s := range d.Slabs {
		path := fmt.Sprintf("org.program.slabs.%d", i)
		switch {
		case s.Name == "":
			c.errorf(path, "slab needs a name")
		case seen[strings.ToLower(s.Name)]:
			c.errorf(path+".name", "duplicate slab %q", s.Name)
		case i == 0 && s.Threshold != 0:
			c.errorf(path+".threshold", "the first slab (%q) is where every customer starts: its threshold must be 0", s.Name)
		case i > 0 && s.Threshold <= d.Slabs[i-1].Threshold:
			c.errorf(path+".threshold", "slabs go lowest first: %q needs a threshold above %q's (%v)", s.Name, d.Slabs[i-1].Name, d.Slabs[i-1].Threshold)
		}
		seen[strings.ToLower(s.Name)] = true
		p.Slabs = append(p.Slabs, sandbox.Slab{Name: s.Name, Description: s.Description, Threshold: s.Threshold})
	}
	return p
}

func (c *converter) sideEffects(d *sideEffectsDoc, hasProgram bool) sandbox.SideEffects {
	se := sandbox.SideEffects{Points: d.Points}
	if d.Points < 0 {
		c.errorf("org.side_effects.points", "points must not be negative")
	}
	if d.Points > 0 && !hasProgram {
		c.errorf("org.side_effects.points", "points need a program")
	}
	if cp := d.Coupon; cp != nil {
		se.Coupon = &sandbox.CouponEffect{FirstID: cp.FirstID, Type: orDefault(cp.Type, "PE"), Code: cp.Code,
			Description: cp.Description, ValidDays: cp.ValidDays}
		if se.Coupon.FirstID == 0 {
			se.Coupon.FirstID = 1
		}
	}
	if ac := d.AlternateCurrency; ac != nil {
		se.AlternateCurrency = &sandbox.AlternateCurrencyEffect{Identifier: ac.Identifier, Name: ac.Name, Value: ac.Value}
	}
	return se
}

// nonEmpty returns &v, or nil for "" (not set).
func nonEmpty(v string) *string {
	if v == "" {
		return nil
	}
	return &v
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// scalar renders a YAML scalar config value the way the vendor writes it.
func scalar(v any) string {
	switch x := v.(type) {
	case bool:
		if x {
			return "1"
		}
		return "0"
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
