package scenario

import "go.yaml.in/yaml/v3"

// The YAML form of a scenario file. Field names are the YAML keys; every
// key is documented in schemas/scenario.schema.json.

type fileDoc struct {
	Name        string        `yaml:"name"`
	Description string        `yaml:"description"`
	Extends     string        `yaml:"extends"`
	Org         orgDoc        `yaml:"org"`
	Sandbox     sandboxDoc    `yaml:"sandbox"`
	Customers   []customerDoc `yaml:"customers"`
	Rules       []ruleDoc     `yaml:"rules"`
}

type orgDoc struct {
	ID             int64              `yaml:"id"`
	Name           string             `yaml:"name"`
	TimeZone       string             `yaml:"time_zone"`
	UserIDStart    int64              `yaml:"user_id_start"`
	Tills          []tillDoc          `yaml:"tills"`
	Country        countryRulesDoc    `yaml:"country"`
	ExternalID     externalIDDoc      `yaml:"external_id"`
	Configs        map[string]any     `yaml:"configs"`
	CustomFields   []customFieldDoc   `yaml:"custom_fields"`
	ExtendedFields []extendedFieldDoc `yaml:"extended_fields"`
	Program        *programDoc        `yaml:"program"`
	SideEffects    sideEffectsDoc     `yaml:"side_effects"`
}

type tillDoc struct {
	Username     string `yaml:"username"`
	Password     string `yaml:"password"`
	PasswordHash string `yaml:"password_hash"`
	StoreCode    string `yaml:"store_code"`
	StoreName    string `yaml:"store_name"`
}

type countryRulesDoc struct {
	Base       countryDoc   `yaml:"base"`
	Supported  []countryDoc `yaml:"supported"`
	AllowOther bool         `yaml:"allow_other"`
}

type countryDoc struct {
	Name    string `yaml:"name"`
	Code    string `yaml:"code"`
	Lengths []int  `yaml:"lengths"`
	Pattern string `yaml:"pattern"`
}

type externalIDDoc struct {
	MaxLength int    `yaml:"max_length"`
	Prefix    string `yaml:"prefix"`
	Length    int    `yaml:"length"`
}

type customFieldDoc struct {
	Name      string   `yaml:"name"`
	Label     string   `yaml:"label"`
	Type      string   `yaml:"type"`
	DataType  string   `yaml:"datatype"`
	Default   string   `yaml:"default"`
	Phase     string   `yaml:"phase"`
	Position  int      `yaml:"position"`
	Rule      string   `yaml:"rule"`
	Regex     string   `yaml:"regex"`
	Error     string   `yaml:"error"`
	Options   []string `yaml:"options"`
	Scope     string   `yaml:"scope"`
	Mandatory bool     `yaml:"is_mandatory"`
	Disabled  bool     `yaml:"is_disabled"`
}

type extendedFieldDoc struct {
	Name      string   `yaml:"name"`
	Label     string   `yaml:"label"`
	DataType  string   `yaml:"datatype"`
	Values    []string `yaml:"values"`
	MaxLength int      `yaml:"max_length"`
}

type programDoc struct {
	ID                string    `yaml:"id"`
	TierValidityYears int       `yaml:"tier_validity_years"`
	Slabs             []slabDoc `yaml:"slabs"`
}

type slabDoc struct {
	Name        string  `yaml:"name"`
	Description string  `yaml:"description"`
	Threshold   float64 `yaml:"threshold"`
}

type sideEffectsDoc struct {
	Points            float64         `yaml:"points"`
	Coupon            *couponDoc      `yaml:"coupon"`
	AlternateCurrency *altCurrencyDoc `yaml:"alternate_currency"`
}

type couponDoc struct {
	FirstID     int64  `yaml:"first_id"`
	Type        string `yaml:"type"`
	Code        string `yaml:"code"`
	Description string `yaml:"description"`
	ValidDays   int    `yaml:"valid_days"`
}

type altCurrencyDoc struct {
	Identifier string `yaml:"identifier"`
	Name       string `yaml:"name"`
	Value      string `yaml:"value"`
}

// sandboxDoc holds the settings of sandbox.Settings; pointers tell "unset"
// (keep the default) from a zero value.
type sandboxDoc struct {
	BatchLimit              *int              `yaml:"batch_limit"`
	DuplicatePolicy         *string           `yaml:"duplicate_policy"`
	RateLimitPerMinute      *int              `yaml:"rate_limit_per_minute"`
	SecondaryMatch          *string           `yaml:"secondary_match"`
	StrictCheckCode         *int              `yaml:"strict_check_code"`
	PartialSuccess          *string           `yaml:"partial_success"`
	RequestErrorHTTP        *string           `yaml:"request_error_http"`
	InvalidSecondary        *string           `yaml:"invalid_secondary"`
	HonourRegisteredOn      *string           `yaml:"honour_registered_on"` // also true / false
	ResponseSource          *string           `yaml:"response_source"`
	BlockFraud              *bool             `yaml:"block_fraud"`
	InvalidTill             *string           `yaml:"invalid_till"`
	WarningSuffix           *bool             `yaml:"warning_suffix"`
	UpdateWarningSuffix     *bool             `yaml:"update_warning_suffix"`
	Labels                  map[string]string `yaml:"identifier_labels"`
	UpdateMethods           []string          `yaml:"update_methods"`
	AuthFailureBody         *string           `yaml:"auth_failure_body"`
	AddUserID               *string           `yaml:"add_user_id"`
	LoyaltyDowngrade        *string           `yaml:"loyalty_downgrade"`
	ExternalIDCaseSensitive *bool             `yaml:"external_id_case_sensitive"`
	WarnDroppedSecondary    *bool             `yaml:"warn_dropped_secondary"`
	IncludeFraudStatus      *string           `yaml:"include_fraud_status"` // also true / false
	MessageTexts            *string           `yaml:"message_texts"`
	ExplainErrors           *bool             `yaml:"explain_errors"`
	LenientContentType      *bool             `yaml:"lenient_content_type"`
	SubscriptionOrder       []string          `yaml:"subscription_order"`
	FailedAddItem           *string           `yaml:"failed_add_item"`
	MaxFutureRegistration   *string           `yaml:"max_future_registration"`
}

// customerDoc is an initial customer: explicit fields, or `fake: N`.
type customerDoc struct {
	Fake           int               `yaml:"fake"`
	Mobile         string            `yaml:"mobile"`
	Email          string            `yaml:"email"`
	ExternalID     string            `yaml:"external_id"`
	FirstName      string            `yaml:"firstname"`
	LastName       string            `yaml:"lastname"`
	Type           string            `yaml:"type"`
	RegisteredOn   string            `yaml:"registered_on"`
	CustomFields   map[string]string `yaml:"custom_fields"`
	ExtendedFields map[string]string `yaml:"extended_fields"`
}

// ruleDoc is an injected outcome: when match holds, outcome applies
// (for the first `times` matching requests only, when set). Magic rules
// rank above plain ones.
type ruleDoc struct {
	Name    string   `yaml:"name"`
	Magic   bool     `yaml:"magic"`
	Match   matchDoc `yaml:"match"`
	Outcome string   `yaml:"outcome"`
	Times   int      `yaml:"times"`
}

// matchDoc is a rule's condition: every key given must hold.
type matchDoc struct {
	Mobile       *textMatchDoc           `yaml:"mobile"`
	Email        *textMatchDoc           `yaml:"email"`
	ExternalID   *textMatchDoc           `yaml:"external_id"`
	CustomFields map[string]textMatchDoc `yaml:"custom_fields"`
	Header       map[string]textMatchDoc `yaml:"header"`
	Nth          *nthDoc                 `yaml:"nth"`
	Path         *textMatchDoc           `yaml:"path"`
	Till         *textMatchDoc           `yaml:"till"`
}

// textMatchDoc matches a text value: a plain scalar means equals, a
// mapping combines equals / prefix / suffix / regex (all must hold).
type textMatchDoc struct {
	Equals *string `yaml:"equals"`
	Prefix string  `yaml:"prefix"`
	Suffix string  `yaml:"suffix"`
	Regex  string  `yaml:"regex"`
}

// UnmarshalYAML accepts a scalar (equals) or a mapping.
func (t *textMatchDoc) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		v := n.Value
		t.Equals = &v
		return nil
	}
	type plain textMatchDoc
	return n.Decode((*plain)(t))
}

// nthDoc matches the namespace's request count: a number means exactly
// that request; a mapping gives a range and a period.
type nthDoc struct {
	From  int `yaml:"from"`
	To    int `yaml:"to"`
	Every int `yaml:"every"`
}

// UnmarshalYAML accepts a number (exactly the nth request) or a mapping.
func (d *nthDoc) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		var v int
		if err := n.Decode(&v); err != nil {
			return err
		}
		d.From, d.To = v, v
		return nil
	}
	type plain nthDoc
	return n.Decode((*plain)(d))
}
