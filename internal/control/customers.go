package control

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"

	"github.com/capsandbox/capsandbox/internal/namespace"
	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/labstack/echo/v4"
)

// Page sizes of GET /__sandbox/customers.
const (
	DefaultPageSize = 100
	MaxPageSize     = 1000
)

// CustomerList is the answer of GET and POST /__sandbox/customers.
type CustomerList struct {
	Namespace string     `json:"namespace"`
	Total     int        `json:"total"` // customers in the namespace
	Customers []Customer `json:"customers"`
	// NextAfter, when not zero, is the ?after= value of the next page.
	NextAfter int64 `json:"next_after,omitempty"`
}

// lookupParams are the identifier filters of GET /__sandbox/customers;
// "identifier" matches any of the three identifiers.
var lookupParams = []struct {
	param string
	ids   []sandbox.Identifier
}{
	{"mobile", []sandbox.Identifier{sandbox.Mobile}},
	{"email", []sandbox.Identifier{sandbox.Email}},
	{"external_id", []sandbox.Identifier{sandbox.ExternalID}},
	{"identifier", sandbox.Identifiers[:]},
}

// listCustomers serves GET /__sandbox/customers: a page of the namespace's
// customers in user-id order (?after=USER_ID&limit=N), or the customers
// matching ?mobile=, ?email=, ?external_id=, ?identifier= or ?user_id=.
func (a *API) listCustomers(c echo.Context) error {
	ns, err := a.space(c)
	if err != nil {
		return err
	}
	org := ns.Scenario().Org
	found, filtered, err := lookup(c, ns)
	if err != nil {
		return err
	}
	if filtered {
		_, total, err := ns.Customers(0, 0)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, list(ns.Name, org, total, found, 0))
	}
	after, err := intParam(c, "after", 0, 0, 1<<62)
	if err != nil {
		return err
	}
	limit, err := intParam(c, "limit", DefaultPageSize, 1, MaxPageSize)
	if err != nil {
		return err
	}
	page, total, err := ns.Customers(after, int(limit))
	if err != nil {
		return err
	}
	next := int64(0)
	if len(page) == int(limit) {
		next = page[len(page)-1].UserID
	}
	return c.JSON(http.StatusOK, list(ns.Name, org, total, page, next))
}

func list(ns string, org *sandbox.Org, total int, cs []*sandbox.Customer, next int64) CustomerList {
	out := CustomerList{Namespace: ns, Total: total, Customers: make([]Customer, len(cs)), NextAfter: next}
	for i, c := range cs {
		out.Customers[i] = viewCustomer(org, c)
	}
	return out
}

// lookup applies the identifier filters; filtered is false when none was
// given.
func lookup(c echo.Context, ns *namespace.Namespace) (found []*sandbox.Customer, filtered bool, err error) {
	seen := map[int64]bool{}
	keep := func(cu *sandbox.Customer) {
		if cu != nil && !seen[cu.UserID] {
			seen[cu.UserID] = true
			found = append(found, cu)
		}
	}
	for _, p := range lookupParams {
		v := c.QueryParam(p.param)
		if v == "" {
			continue
		}
		filtered = true
		for _, id := range p.ids {
			cu, err := ns.Find(id, v)
			if err != nil {
				return nil, true, err
			}
			keep(cu)
		}
	}
	if v := c.QueryParam("user_id"); v != "" {
		id, perr := strconv.ParseInt(v, 10, 64)
		if perr != nil {
			return nil, true, fail(http.StatusBadRequest, "user_id must be an integer, not %q", v)
		}
		filtered = true
		err = ns.View(func(tx sandbox.Tx) error {
			cu, err := tx.ByUserID(id)
			keep(cu)
			return err
		})
	}
	return found, filtered, err
}

// intParam reads an integer query parameter within [lo, hi].
func intParam(c echo.Context, name string, def, lo, hi int64) (int64, error) {
	v := c.QueryParam(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < lo || n > hi {
		return 0, fail(http.StatusBadRequest, "%s must be an integer from %d to %d, not %q", name, lo, hi, v)
	}
	return n, nil
}

// insertCustomers serves POST /__sandbox/customers: insert one customer (a
// JSON object) or several (an array) directly, all or nothing, through the
// namespace's engine with the reject duplicate policy. Answers 201 with
// the stored customers; 400 naming the customer and the problem; 409 when
// an identifier already belongs to a customer.
func (a *API) insertCustomers(c echo.Context) error {
	ns, err := a.space(c)
	if err != nil {
		return err
	}
	body, err := readBody(c)
	if err != nil {
		return err
	}
	var in []Customer
	if b := bytes.TrimSpace(body); len(b) > 0 && b[0] == '[' {
		err = decodeJSON(body, &in)
	} else {
		in = make([]Customer, 1)
		err = decodeJSON(body, &in[0])
	}
	if err != nil {
		return err
	}
	org := ns.Scenario().Org
	items, err := arrangements(org, in)
	if err != nil {
		return err
	}
	stored, err := ns.Insert(items)
	var ie *namespace.InsertError
	switch {
	case errors.As(err, &ie) && ie.Duplicate():
		return fail(http.StatusConflict, "%v", ie)
	case errors.As(err, &ie):
		return fail(http.StatusBadRequest, "%v", ie)
	case err != nil:
		return err
	}
	_, total, err := ns.Customers(0, 0)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, list(ns.Name, org, total, stored, 0))
}

// arrangements checks every customer and turns it into an insert.
func arrangements(org *sandbox.Org, in []Customer) ([]namespace.Arrangement, error) {
	if len(in) == 0 {
		return nil, fail(http.StatusBadRequest, "no customers to insert")
	}
	out := make([]namespace.Arrangement, len(in))
	for i := range in {
		c := &in[i]
		if err := c.check(org); err != nil {
			return nil, fail(http.StatusBadRequest, "customer %d: %v", i, err)
		}
		till := c.RegisteredBy
		if till == "" && len(org.Tills) > 0 {
			till = org.Tills[0].Username
		}
		if t, ok := org.TillByName(till); ok {
			till = t.Username
		} else if till != "" {
			return nil, fail(http.StatusBadRequest, "customer %d: registered_by %q is not a till of the scenario", i, till)
		}
		out[i] = namespace.Arrangement{Input: c.input(till), Adjust: c.adjust(org)}
	}
	return out, nil
}
