package control

import (
	"fmt"
	"sort"
	"strings"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// Customer is a stored customer as the control API shows it, and the body
// of a direct insert (POST /__sandbox/customers), where UserID, UpdatedOn's
// default and the Loyalty block's ProgramID and SlabName are filled in by
// the sandbox.
type Customer struct {
	UserID         int64             `json:"user_id,omitempty"`
	Mobile         string            `json:"mobile,omitempty"`
	Email          string            `json:"email,omitempty"`
	ExternalID     string            `json:"external_id,omitempty"`
	FirstName      string            `json:"firstname,omitempty"`
	LastName       string            `json:"lastname,omitempty"`
	Type           string            `json:"type,omitempty"` // LOYALTY (default) or NON_LOYALTY
	FraudStatus    string            `json:"fraud_status,omitempty"`
	RegisteredOn   string            `json:"registered_on,omitempty"` // YYYY-MM-DD HH:MM:SS, org time zone
	UpdatedOn      string            `json:"updated_on,omitempty"`
	RegisteredBy   string            `json:"registered_by,omitempty"` // till username
	RegisteredTill string            `json:"registered_till,omitempty"`
	AssociatedWith string            `json:"associated_with,omitempty"`
	CustomFields   map[string]string `json:"custom_fields,omitempty"`
	ExtendedFields map[string]string `json:"extended_fields,omitempty"`
	Loyalty        *Loyalty          `json:"loyalty,omitempty"`
}

// Loyalty is a LOYALTY customer's program state. On insert, Slab 0 means
// the slab LifetimePoints reach, and an empty TierExpiryDate keeps the one
// enrolment computed from the clock.
type Loyalty struct {
	ProgramID         string  `json:"program_id,omitempty"`
	Slab              int     `json:"slab,omitempty"` // 1-based
	SlabName          string  `json:"slab_name,omitempty"`
	TierExpiryDate    string  `json:"tier_expiry_date,omitempty"`
	LifetimePoints    float64 `json:"lifetime_points"`
	LoyaltyPoints     float64 `json:"loyalty_points"`
	LifetimePurchases float64 `json:"lifetime_purchases"`
	Redeemed          float64 `json:"redeemed"`
	Expired           float64 `json:"expired"`
	Returned          float64 `json:"returned"`
	Adjusted          float64 `json:"adjusted"`
}

// viewCustomer shows a stored customer.
func viewCustomer(org *sandbox.Org, c *sandbox.Customer) Customer {
	v := Customer{UserID: c.UserID, Mobile: c.Mobile, Email: c.Email, ExternalID: c.ExternalID,
		FirstName: c.FirstName, LastName: c.LastName, Type: c.Type, FraudStatus: c.FraudStatus,
		RegisteredOn: c.RegisteredOn, UpdatedOn: c.UpdatedOn, RegisteredBy: c.RegisteredBy,
		RegisteredTill: c.RegisteredTill, AssociatedWith: c.AssociatedWith,
		CustomFields: fieldMap(c.CustomFields), ExtendedFields: fieldMap(c.ExtendedFields)}
	if l := c.Loyalty; l != nil {
		v.Loyalty = &Loyalty{ProgramID: l.ProgramID, Slab: l.Slab, TierExpiryDate: l.TierExpiry,
			LifetimePoints: l.LifetimePoints, LoyaltyPoints: l.LoyaltyPoints, LifetimePurchases: l.LifetimePurchases,
			Redeemed: l.Redeemed, Expired: l.Expired, Returned: l.Returned, Adjusted: l.Adjusted}
		if org.Program != nil {
			cur, _, _ := org.Program.SlabInfo(l.Slab)
			v.Loyalty.SlabName = cur.Name
		}
	}
	return v
}

func fieldMap(fs []sandbox.Field) map[string]string {
	if len(fs) == 0 {
		return nil
	}
	m := make(map[string]string, len(fs))
	for _, f := range fs {
		m[f.Name] = f.Value
	}
	return m
}

func fieldList(m map[string]string) []sandbox.Field {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]sandbox.Field, len(names))
	for i, n := range names {
		out[i] = sandbox.Field{Name: n, Value: m[n]}
	}
	return out
}

// input is the engine input of a customer to insert; till registers it.
func (c *Customer) input(till string) sandbox.ItemInput {
	return sandbox.ItemInput{Mobile: c.Mobile, Email: c.Email, ExternalID: c.ExternalID, Till: till,
		FirstName: c.FirstName, LastName: c.LastName, Type: c.Type, FraudStatus: c.FraudStatus,
		RegisteredTill: c.RegisteredTill, AssociatedWith: c.AssociatedWith,
		CustomFields: fieldList(c.CustomFields), ExtendedFields: fieldList(c.ExtendedFields)}
}

// check rejects what a direct insert cannot honour, before anything is
// written.
func (c *Customer) check(org *sandbox.Org) error {
	switch {
	case c.UserID != 0:
		return fmt.Errorf("user_id is assigned by the sandbox from the namespace's sequence")
	case c.Type != "" && !strings.EqualFold(c.Type, sandbox.TypeLoyalty) && !strings.EqualFold(c.Type, sandbox.TypeNonLoyalty):
		return fmt.Errorf("type must be %s or %s, not %q", sandbox.TypeLoyalty, sandbox.TypeNonLoyalty, c.Type)
	case c.Loyalty != nil && strings.EqualFold(c.Type, sandbox.TypeNonLoyalty):
		return fmt.Errorf("a %s customer has no loyalty block", sandbox.TypeNonLoyalty)
	case c.Loyalty != nil && org.Program == nil:
		return fmt.Errorf("the scenario's org has no loyalty program")
	}
	for _, ts := range [...]struct{ name, v string }{{"registered_on", c.RegisteredOn}, {"updated_on", c.UpdatedOn}} {
		if _, err := org.ParseTime(ts.v); ts.v != "" && err != nil {
			return fmt.Errorf("%s must be YYYY-MM-DD HH:MM:SS, not %q", ts.name, ts.v)
		}
	}
	if l := c.Loyalty; l != nil {
		if l.Slab < 0 || l.Slab > len(org.Program.Slabs) {
			return fmt.Errorf("loyalty.slab must be 1 to %d (the program's slabs), not %d", len(org.Program.Slabs), l.Slab)
		}
		if _, err := org.ParseTime(l.TierExpiryDate); l.TierExpiryDate != "" && err != nil {
			return fmt.Errorf("loyalty.tier_expiry_date must be YYYY-MM-DD HH:MM:SS, not %q", l.TierExpiryDate)
		}
	}
	return nil
}

// adjust applies what the engine does not take from a request: dates and
// the loyalty state.
func (c *Customer) adjust(org *sandbox.Org) func(*sandbox.Customer) error {
	return func(s *sandbox.Customer) error {
		if c.RegisteredOn != "" {
			s.RegisteredOn = c.RegisteredOn
		}
		if c.UpdatedOn != "" {
			s.UpdatedOn = c.UpdatedOn
		}
		l := c.Loyalty
		if l == nil || s.Loyalty == nil {
			return nil
		}
		sl := s.Loyalty
		sl.LifetimePoints, sl.LoyaltyPoints, sl.LifetimePurchases = l.LifetimePoints, l.LoyaltyPoints, l.LifetimePurchases
		sl.Redeemed, sl.Expired, sl.Returned, sl.Adjusted = l.Redeemed, l.Expired, l.Returned, l.Adjusted
		sl.Slab = l.Slab
		if sl.Slab == 0 {
			sl.Slab = org.Program.SlabFor(l.LifetimePoints)
		}
		if l.TierExpiryDate != "" {
			sl.TierExpiry = l.TierExpiryDate
		}
		return nil
	}
}
