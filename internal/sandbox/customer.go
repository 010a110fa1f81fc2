package sandbox

// Identifier names one of the three customer identifiers (docs/VENDOR.md, Identifiers).
type Identifier int

// The identifiers, in the priority order the engine uses when several
// secondaries match different customers (docs/VENDOR.md, Decision table, row M9).
const (
	Mobile Identifier = iota
	Email
	ExternalID
)

// Identifiers lists every identifier in priority order.
var Identifiers = [...]Identifier{Mobile, Email, ExternalID}

// Key returns the identifier's request/response key: "mobile", "email" or
// "external_id".
func (id Identifier) Key() string {
	switch id {
	case Mobile:
		return "mobile"
	case Email:
		return "email"
	default:
		return "external_id"
	}
}

// ParseIdentifier maps a request key or config value ("mobile", "email",
// "external_id") to an Identifier.
func ParseIdentifier(s string) (Identifier, bool) {
	switch s {
	case "mobile":
		return Mobile, true
	case "email":
		return Email, true
	case "external_id", "externalid", "external id":
		return ExternalID, true
	}
	return 0, false
}

// Customer types (docs/VENDOR.md, The add request: type).
const (
	TypeLoyalty    = "LOYALTY"
	TypeNonLoyalty = "NON_LOYALTY"
)

// Customer is one stored customer of a namespace: the state every response
// is built from.
type Customer struct {
	UserID         int64          `json:"id"`
	FirstName      string         `json:"fn,omitempty"`
	LastName       string         `json:"ln,omitempty"`
	Mobile         string         `json:"m,omitempty"`
	Email          string         `json:"e,omitempty"`
	ExternalID     string         `json:"x,omitempty"`
	Type           string         `json:"t"`
	FraudStatus    string         `json:"fs,omitempty"`
	FraudReason    string         `json:"fr,omitempty"`
	FraudModified  string         `json:"fm,omitempty"`
	RegisteredOn   string         `json:"ro"`
	UpdatedOn      string         `json:"uo"`
	RegisteredBy   string         `json:"rb,omitempty"` // the till that registered the customer
	RegisteredTill string         `json:"rt,omitempty"`
	AssociatedWith string         `json:"aw,omitempty"`
	CustomFields   []Field        `json:"cf,omitempty"`
	ExtendedFields []Field        `json:"ef,omitempty"`
	Subscriptions  []Subscription `json:"s,omitempty"`
	Loyalty        *Loyalty       `json:"l,omitempty"`
}

// Loyalty is a customer's enrolment in the org's loyalty program; nil for a
// NON_LOYALTY customer.
type Loyalty struct {
	ProgramID         string  `json:"p"`
	Slab              int     `json:"s"` // 1-based serial number of the current slab
	TierExpiry        string  `json:"te"`
	LifetimePoints    float64 `json:"lp,omitempty"`
	LoyaltyPoints     float64 `json:"cp,omitempty"`
	LifetimePurchases float64 `json:"pu,omitempty"`
	Redeemed          float64 `json:"rd,omitempty"`
	Expired           float64 `json:"ex,omitempty"`
	Returned          float64 `json:"rt,omitempty"`
	Adjusted          float64 `json:"ad,omitempty"`
}

// Field is a custom or extended field value.
type Field struct {
	Name  string `json:"n"`
	Value string `json:"v"`
}

// Subscription is one channel × priority subscription state.
type Subscription struct {
	Channel  string `json:"c"` // SMS | EMAIL
	Priority string `json:"p"` // TRANS | BULK
	Status   string `json:"s"` // "1" subscribed, "0" not
}

// Identifier returns the customer's value for id ("" when unset).
func (c *Customer) Identifier(id Identifier) string {
	switch id {
	case Mobile:
		return c.Mobile
	case Email:
		return c.Email
	default:
		return c.ExternalID
	}
}

// SetIdentifier sets the customer's value for id.
func (c *Customer) SetIdentifier(id Identifier, v string) {
	switch id {
	case Mobile:
		c.Mobile = v
	case Email:
		c.Email = v
	default:
		c.ExternalID = v
	}
}

// Clone returns a deep copy of c.
func (c *Customer) Clone() *Customer {
	d := *c
	d.CustomFields = append([]Field(nil), c.CustomFields...)
	d.ExtendedFields = append([]Field(nil), c.ExtendedFields...)
	d.Subscriptions = append([]Subscription(nil), c.Subscriptions...)
	if c.Loyalty != nil {
		l := *c.Loyalty
		d.Loyalty = &l
	}
	return &d
}

// setField sets name=value in fields, keeping the first position of name.
func setField(fields []Field, name, value string) []Field {
	for i := range fields {
		if fields[i].Name == name {
			fields[i].Value = value
			return fields
		}
	}
	return append(fields, Field{Name: name, Value: value})
}
