package sandbox

import (
	"fmt"
	"strconv"
	"strings"
)

// Configs are the org's registration configurations (docs/VENDOR.md,
// Registration configs), typed.
// A scenario sets them by their vendor names through SetConfig.
type Configs struct {
	PrimaryKey               Identifier // CONF_REGISTRATION_PRIMARY_KEY
	AllowAnyIdentifier       bool       // CONF_ALLOW_REGISTRATION_FROM_ANY_IDENTIFIERS
	MobileRequired           bool       // CONF_USERS_IS_MOBILE_REQUIRED
	EmailRequired            bool       // CONF_USERS_IS_EMAIL_REQUIRED
	ExternalIDRequired       bool       // CONF_USERS_IS_EXTERNAL_ID_REQUIRED
	UseExternalID            bool       // CONF_USERS_USE_EXTERNAL_ID
	EmailUnique              bool       // CONF_USERS_IS_EMAIL_UNIQUE
	AllowMobileUpdate        bool       // CONF_ALLOW_MOBILE_UPDATE
	AllowEmailUpdate         bool       // CONF_ALLOW_EMAIL_UPDATE
	AllowExternalIDUpdate    bool       // CONF_LOYALTY_ALLOW_EXTERNAL_ID_UPDATE
	StrictCheck              bool       // CONF_PRIMARY_IDENTIFIER_STRICT_CHECK
	SkipSecondary            bool       // CONF_SKIP_SECONDARY_ID_ON_PRIMARY_MISMATCH
	MinRegistrationDate      string     // CONF_MIN_REGISTRATION_DATE, "" = unset
	DefaultCountryCodePassed bool       // CONF_CLIENT_DEFAULT_COUNTRYCODE_PASSED
	Card                     CardConfig

	values map[string]string // every vendor key → value as the configs endpoint shows it
}

// CardConfig is the server-generated external id / card number setup.
type CardConfig struct {
	Enabled      bool   // CONF_CARD_NUMBER_GENERATION_ENABLED
	AsExternalID bool   // CONF_GEN_CARD_NUMBER_AS_EXTERNAL_ID_ENABLED
	Algo         string // CONF_CARD_CHECKSUM_DIGIT_ALGO: LUHN_ALGO, MOD7_ALGO, AUTO_INC
	Length       int    // CONF_CARD_NUMBER_LENGTH (1–50)
	Offset       int64  // CONF_CARD_NUMBER_OFFSET
	Prefix       string // CONF_CARD_NUMBER_PREFIX
	Suffix       string // CONF_CARD_NUMBER_SUFFIX (AUTO_INC only)
}

// ConfigDef describes one vendor configuration key.
type ConfigDef struct {
	Key       string
	ValueType string // NUMERIC, STRING or BOOLEAN, as the configs endpoint says
	Default   string
	Doc       string
	set       func(c *Configs, v string) error
}

// ConfigDefs lists every configuration key a scenario may set, in the order
// GET /v1.1/organization/configs returns them.
var ConfigDefs = []ConfigDef{
	{"CONF_REGISTRATION_PRIMARY_KEY", "STRING", "mobile", "primary identifier: mobile, email or external_id", func(c *Configs, v string) error {
		id, ok := ParseIdentifier(strings.ToLower(v))
		if !ok {
			return fmt.Errorf("must be mobile, email or external_id, not %q", v)
		}
		c.PrimaryKey = id
		return nil
	}},
	boolConfig("CONF_ALLOW_REGISTRATION_FROM_ANY_IDENTIFIERS", "0", "register with any identifier, not only the primary", func(c *Configs) *bool { return &c.AllowAnyIdentifier }),
	boolConfig("CONF_USERS_IS_MOBILE_REQUIRED", "0", "mobile mandatory for a new customer (1006)", func(c *Configs) *bool { return &c.MobileRequired }),
	boolConfig("CONF_USERS_IS_EMAIL_REQUIRED", "0", "email mandatory for a new customer (1039)", func(c *Configs) *bool { return &c.EmailRequired }),
	boolConfig("CONF_USERS_IS_EXTERNAL_ID_REQUIRED", "0", "external id mandatory for a new customer (1043)", func(c *Configs) *bool { return &c.ExternalIDRequired }),
	boolConfig("CONF_USERS_USE_EXTERNAL_ID", "1", "capture external_id at all; when 0 it is ignored", func(c *Configs) *bool { return &c.UseExternalID }),
	boolConfig("CONF_USERS_IS_EMAIL_UNIQUE", "1", "email belongs to at most one customer", func(c *Configs) *bool { return &c.EmailUnique }),
	boolConfig("CONF_ALLOW_MOBILE_UPDATE", "0", "an existing mobile may be replaced (else warning 91006)", func(c *Configs) *bool { return &c.AllowMobileUpdate }),
	boolConfig("CONF_ALLOW_EMAIL_UPDATE", "0", "an existing email may be replaced (else warning 91006)", func(c *Configs) *bool { return &c.AllowEmailUpdate }),
	boolConfig("CONF_LOYALTY_ALLOW_EXTERNAL_ID_UPDATE", "0", "an existing external id may be replaced (else warning 91006)", func(c *Configs) *bool { return &c.AllowExternalIDUpdate }),
	boolConfig("CONF_PRIMARY_IDENTIFIER_STRICT_CHECK", "0", "fail (1047) when only a secondary identifier matches", func(c *Configs) *bool { return &c.StrictCheck }),
	boolConfig("CONF_SKIP_SECONDARY_ID_ON_PRIMARY_MISMATCH", "0", "when only a secondary matches, register a new customer and drop the secondary; overrides strict check", func(c *Configs) *bool { return &c.SkipSecondary }),
	{"CONF_MIN_REGISTRATION_DATE", "STRING", "", "earliest registered_on accepted (YYYY-MM-DD or YYYY-MM-DD HH:MM:SS); else 1034", func(c *Configs, v string) error {
		if v != "" && !validDateTime(v) {
			return fmt.Errorf("must be YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, not %q", v)
		}
		c.MinRegistrationDate = v
		return nil
	}},
	boolConfig("CONF_CLIENT_DEFAULT_COUNTRYCODE_PASSED", "0", "prefix the base country code to a mobile sent without one", func(c *Configs) *bool { return &c.DefaultCountryCodePassed }),
	boolConfig("CONF_CARD_NUMBER_GENERATION_ENABLED", "0", "generate card numbers", func(c *Configs) *bool { return &c.Card.Enabled }),
	boolConfig("CONF_GEN_CARD_NUMBER_AS_EXTERNAL_ID_ENABLED", "0", "a new customer's external_id is the generated card number", func(c *Configs) *bool { return &c.Card.AsExternalID }),
	{"CONF_CARD_CHECKSUM_DIGIT_ALGO", "STRING", "AUTO_INC", "LUHN_ALGO, MOD7_ALGO or AUTO_INC", func(c *Configs, v string) error {
		switch v {
		case "LUHN_ALGO", "MOD7_ALGO", "AUTO_INC":
			c.Card.Algo = v
			return nil
		}
		return fmt.Errorf("must be LUHN_ALGO, MOD7_ALGO or AUTO_INC, not %q", v)
	}},
	{"CONF_CARD_NUMBER_LENGTH", "NUMERIC", "12", "generated card number length (1–50)", func(c *Configs, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 50 {
			return fmt.Errorf("must be a number from 1 to 50, not %q", v)
		}
		c.Card.Length = n
		return nil
	}},
	{"CONF_CARD_NUMBER_OFFSET", "NUMERIC", "0", "sequence number of the first generated card", func(c *Configs, v string) error {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return fmt.Errorf("must be a non-negative number, not %q", v)
		}
		c.Card.Offset = n
		return nil
	}},
	stringConfig("CONF_CARD_NUMBER_PREFIX", "generated card number prefix", func(c *Configs) *string { return &c.Card.Prefix }),
	stringConfig("CONF_CARD_NUMBER_SUFFIX", "generated card number suffix (AUTO_INC only)", func(c *Configs) *string { return &c.Card.Suffix }),
}

// configAliases maps alternative vendor spellings to their ConfigDefs key.
var configAliases = map[string]string{
	"CONFIG_SKIP_SECONDARY_ID_ON_PRIMARY_MISMATCH": "CONF_SKIP_SECONDARY_ID_ON_PRIMARY_MISMATCH",
}

func boolConfig(key, def, doc string, field func(*Configs) *bool) ConfigDef {
	return ConfigDef{key, "BOOLEAN", def, doc, func(c *Configs, v string) error {
		b, ok := parseBool(v)
		if !ok {
			return fmt.Errorf("must be 0/1 or true/false, not %q", v)
		}
		*field(c) = b
		return nil
	}}
}

func stringConfig(key, doc string, field func(*Configs) *string) ConfigDef {
	return ConfigDef{key, "STRING", "", doc, func(c *Configs, v string) error {
		*field(c) = v
		return nil
	}}
}

func parseBool(v string) (bool, bool) {
	switch strings.ToLower(v) {
	case "1", "true", "yes", "on":
		return true, true
	case "0", "false", "no", "off":
		return false, true
	}
	return false, false
}

// DefaultConfigs returns the configs of the plain org docs/VENDOR.md,
// Registration configs, describes as the default
// org: primary mobile, everything else off, external id captured.
func DefaultConfigs() Configs {
	var c Configs
	for _, d := range ConfigDefs {
		if err := c.Set(d.Key, d.Default); err != nil {
			panic("capsandbox: bad default for " + d.Key + ": " + err.Error())
		}
	}
	return c
}

// CanonicalConfigKey returns the ConfigDefs key for key or an alias of it.
func CanonicalConfigKey(key string) (string, bool) {
	if k, ok := configAliases[key]; ok {
		key = k
	}
	for _, d := range ConfigDefs {
		if d.Key == key {
			return key, true
		}
	}
	return "", false
}

// Set sets a configuration by its vendor name (or alias). It returns an
// error naming the problem for an unknown key or a bad value.
func (c *Configs) Set(key, value string) error {
	canon, ok := CanonicalConfigKey(key)
	if !ok {
		return fmt.Errorf("unknown config %s", key)
	}
	for _, d := range ConfigDefs {
		if d.Key != canon {
			continue
		}
		if err := d.set(c, value); err != nil {
			return fmt.Errorf("config %s: %w", key, err)
		}
		if c.values == nil {
			c.values = make(map[string]string, len(ConfigDefs))
		}
		c.values[canon] = configValue(d, value)
	}
	return nil
}

// Clone returns a copy of c that Set can change without affecting c.
func (c Configs) Clone() Configs {
	values := make(map[string]string, len(c.values))
	for k, v := range c.values {
		values[k] = v
	}
	c.values = values
	return c
}

// Value returns the configuration's value as the vendor shows it
// ("0"/"1" for booleans).
func (c *Configs) Value(key string) string { return c.values[key] }

func configValue(d ConfigDef, v string) string {
	if d.ValueType == "BOOLEAN" {
		if b, _ := parseBool(v); b {
			return "1"
		}
		return "0"
	}
	if d.Key == "CONF_REGISTRATION_PRIMARY_KEY" {
		return strings.ToLower(v)
	}
	return v
}

// IdentifierRequired reports whether the org makes id mandatory for a new
// customer (the primary is always required unless any identifier may
// register).
func (c *Configs) IdentifierRequired(id Identifier) bool {
	switch id {
	case Mobile:
		return c.MobileRequired
	case Email:
		return c.EmailRequired
	default:
		return c.ExternalIDRequired
	}
}

// AllowUpdate reports whether an existing value of id may be replaced.
func (c *Configs) AllowUpdate(id Identifier) bool {
	switch id {
	case Mobile:
		return c.AllowMobileUpdate
	case Email:
		return c.AllowEmailUpdate
	default:
		return c.AllowExternalIDUpdate
	}
}

// allowUpdateConfig names the config that allows changing id.
func allowUpdateConfig(id Identifier) string {
	switch id {
	case Mobile:
		return "CONF_ALLOW_MOBILE_UPDATE"
	case Email:
		return "CONF_ALLOW_EMAIL_UPDATE"
	default:
		return "CONF_LOYALTY_ALLOW_EXTERNAL_ID_UPDATE"
	}
}

// RequiredCode is the item code for a missing required identifier.
func RequiredCode(id Identifier) Code {
	switch id {
	case Mobile:
		return ItemMobileRequired
	case Email:
		return ItemEmailRequired
	default:
		return ItemExternalIDRequired
	}
}
