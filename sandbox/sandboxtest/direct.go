package sandboxtest

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/capsandbox/capsandbox"
	"github.com/capsandbox/capsandbox/internal/control"
)

// Customer is a stored customer as the control API shows it, and what
// SeedCustomer inserts.
type Customer = capsandbox.Customer

// Loyalty is a customer's loyalty program state.
type Loyalty = capsandbox.Loyalty

// Request is one journalled vendor request.
type Request = capsandbox.Request

// ErrNotFound is returned by Customer when no customer holds the
// identifier.
var ErrNotFound = errors.New("sandboxtest: no such customer")

// UseScenario switches the namespace to a scenario by name and resets it to
// the scenario's initial customers (its clock and journal too).
func (s *Sandbox) UseScenario(name string) error {
	return s.control(http.MethodPut, "/scenario", url.Values{"name": {name}}, nil, nil)
}

// UseScenarioYAML switches the namespace to the scenario a YAML document
// describes, checked like a scenario file.
func (s *Sandbox) UseScenarioYAML(yaml []byte) error {
	return s.control(http.MethodPut, "/scenario", nil, yaml, nil)
}

// Scenario returns the namespace's active scenario.
func (s *Sandbox) Scenario() (capsandbox.ScenarioInfo, error) {
	var info capsandbox.ScenarioInfo
	err := s.control(http.MethodGet, "/scenario", nil, nil, &info)
	return info, err
}

// SetNow stops the namespace's clock at t: registrations get t as
// registered_on and tier expiry dates count from it.
func (s *Sandbox) SetNow(t time.Time) error {
	return s.control(http.MethodPut, "/clock", nil, control.ClockRequest{Fixed: t.Format(time.RFC3339Nano)}, nil)
}

// Advance moves the namespace's clock (fixed or running) by d.
func (s *Sandbox) Advance(d time.Duration) error {
	return s.control(http.MethodPut, "/clock", nil, control.ClockRequest{Advance: d.String()}, nil)
}

// Reset puts the namespace back to its scenario's initial customers and
// clears its clock, journal and rule counters.
func (s *Sandbox) Reset() error {
	return s.control(http.MethodPost, "/reset", nil, nil, nil)
}

// SeedCustomer inserts customers directly, all or nothing, and returns them
// as stored (user ids assigned, loyalty enrolment done). An identifier that
// already exists is an error.
func (s *Sandbox) SeedCustomer(cs ...Customer) ([]Customer, error) {
	var out control.CustomerList
	if err := s.control(http.MethodPost, "/customers", nil, cs, &out); err != nil {
		return nil, err
	}
	return out.Customers, nil
}

// Customer returns the customer holding identifier as mobile, email or
// external id, or ErrNotFound.
func (s *Sandbox) Customer(identifier string) (Customer, error) {
	return s.find("identifier", identifier)
}

// find returns the first customer matching a GET /__sandbox/customers
// filter, or ErrNotFound.
func (s *Sandbox) find(param, value string) (Customer, error) {
	var out control.CustomerList
	if err := s.control(http.MethodGet, "/customers", url.Values{param: {value}}, nil, &out); err != nil {
		return Customer{}, err
	}
	if len(out.Customers) == 0 {
		return Customer{}, ErrNotFound
	}
	return out.Customers[0], nil
}

// Customers returns every customer of the namespace in user-id order.
func (s *Sandbox) Customers() ([]Customer, error) {
	var all []Customer
	after := int64(0)
	for {
		var page control.CustomerList
		q := url.Values{"after": {strconv.FormatInt(after, 10)}, "limit": {strconv.Itoa(control.MaxPageSize)}}
		if err := s.control(http.MethodGet, "/customers", q, nil, &page); err != nil {
			return nil, err
		}
		all = append(all, page.Customers...)
		if page.NextAfter == 0 {
			return all, nil
		}
		after = page.NextAfter
	}
}

// Requests returns the namespace's journal, oldest first.
func (s *Sandbox) Requests() ([]Request, error) {
	var out control.RequestList
	err := s.control(http.MethodGet, "/requests", nil, nil, &out)
	return out.Requests, err
}

// ClearRequests empties the namespace's journal.
func (s *Sandbox) ClearRequests() error {
	return s.control(http.MethodDelete, "/requests", nil, nil, nil)
}
