package scenario

import (
	"fmt"
	"time"

	"github.com/capsandbox/capsandbox/internal/memstore"
	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// customer converts one entry of `customers:`.
func (c *converter) customer(i int, d customerDoc) InitialCustomer {
	path := fmt.Sprintf("customers.%d", i)
	if d.Fake < 0 {
		c.errorf(path+".fake", "fake must be a positive count")
	}
	in := sandbox.ItemInput{Mobile: d.Mobile, Email: d.Email, ExternalID: d.ExternalID, FirstName: d.FirstName,
		LastName: d.LastName, Type: d.Type, RegisteredOn: d.RegisteredOn}
	for _, k := range sortedKeys(d.CustomFields) {
		in.CustomFields = append(in.CustomFields, sandbox.Field{Name: k, Value: d.CustomFields[k]})
	}
	for _, k := range sortedKeys(d.ExtendedFields) {
		in.ExtendedFields = append(in.ExtendedFields, sandbox.Field{Name: k, Value: d.ExtendedFields[k]})
	}
	explicit := in.Mobile != "" || in.Email != "" || in.ExternalID != ""
	switch {
	case d.Fake > 0 && (explicit || in.FirstName != "" || in.LastName != "" || len(in.CustomFields) > 0):
		c.errorf(path, "an entry is either fake: N or one explicit customer, not both")
	case d.Fake == 0 && !explicit:
		c.errorf(path, "a customer needs mobile, email or external_id (or fake: N)")
	}
	return InitialCustomer{Input: in, Fake: d.Fake}
}

// checkCustomers registers the explicit initial customers in a throwaway
// in-memory store, the way a namespace will at start, and reports every one that
// would not be registered as a new customer: a field the org does not
// define, an invalid identifier, a repeat of an earlier entry.
func (c *converter) checkCustomers(s *Scenario) {
	settings := s.Settings
	e := &sandbox.Engine{Org: s.Org, Settings: &settings}
	scratch := memstore.New()
	defer scratch.Close()
	now := time.Now()
	for i, ic := range s.Customers {
		path := fmt.Sprintf("customers.%d", i)
		if ic.Fake > 0 {
			continue
		}
		before := len(c.errs)
		for _, f := range ic.Input.CustomFields {
			if _, ok := s.Org.CustomField(f.Name); !ok {
				c.errorf(path+".custom_fields."+f.Name, "custom field %q is not defined in org.custom_fields", f.Name)
			}
		}
		for _, f := range ic.Input.ExtendedFields {
			if _, ok := s.Org.ExtendedField(f.Name); !ok {
				c.errorf(path+".extended_fields."+f.Name, "extended field %q is not enabled in org.extended_fields", f.Name)
			}
		}
		in := ic.Input
		var res sandbox.ItemResult
		_ = scratch.Update("check", func(tx sandbox.Tx) error {
			res, _ = e.Add(tx, &in, now, sandbox.Outcome{})
			return nil
		})
		switch {
		case !res.Success:
			c.errorf(path, "this customer would not be registered: %d %s", res.Code, res.Message)
		case !res.Created:
			c.errorf(path, "this customer repeats an identifier of an earlier one (it would update it, not register a new one)")
		case len(res.Warnings) > 0 && len(c.errs) == before:
			c.errorf(path, "this customer registers with warnings %v: %s", res.Warnings, res.Message)
		}
	}
}
