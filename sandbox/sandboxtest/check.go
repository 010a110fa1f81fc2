package sandboxtest

import (
	"testing"
)

// CheckRegistered fails the test unless a customer of the namespace has
// this mobile number, and returns it.
func (s *Sandbox) CheckRegistered(tb testing.TB, mobile string) Customer {
	tb.Helper()
	c, err := s.find("mobile", mobile)
	if err != nil {
		tb.Fatalf("CheckRegistered(%q) in namespace %s: %v", mobile, s.ns, err)
	}
	return c
}

// CheckNotRegistered fails the test if a customer of the namespace holds
// identifier as mobile, email or external id.
func (s *Sandbox) CheckNotRegistered(tb testing.TB, identifier string) {
	tb.Helper()
	c, err := s.Customer(identifier)
	switch {
	case err == ErrNotFound:
	case err != nil:
		tb.Fatalf("CheckNotRegistered(%q) in namespace %s: %v", identifier, s.ns, err)
	default:
		tb.Errorf("CheckNotRegistered(%q) in namespace %s: user %d holds it", identifier, s.ns, c.UserID)
	}
}

// CheckCustomerCount fails the test unless the namespace holds exactly n
// customers.
func (s *Sandbox) CheckCustomerCount(tb testing.TB, n int) {
	tb.Helper()
	cs, err := s.Customers()
	if err != nil {
		tb.Fatalf("CheckCustomerCount in namespace %s: %v", s.ns, err)
	}
	if len(cs) != n {
		tb.Errorf("namespace %s holds %d customers, want %d", s.ns, len(cs), n)
	}
}

// CheckRequestCount fails the test unless the namespace's journal holds
// exactly n requests.
func (s *Sandbox) CheckRequestCount(tb testing.TB, n int) {
	tb.Helper()
	rs, err := s.Requests()
	if err != nil {
		tb.Fatalf("CheckRequestCount in namespace %s: %v", s.ns, err)
	}
	if len(rs) != n {
		tb.Errorf("namespace %s journalled %d requests, want %d", s.ns, len(rs), n)
	}
}

// CheckRequested fails the test unless the journal holds a request with
// this method and path that got this HTTP status, and returns the latest.
func (s *Sandbox) CheckRequested(tb testing.TB, method, path string, status int) Request {
	tb.Helper()
	rs, err := s.Requests()
	if err != nil {
		tb.Fatalf("CheckRequested in namespace %s: %v", s.ns, err)
	}
	for i := len(rs) - 1; i >= 0; i-- {
		if r := rs[i]; r.Method == method && r.Path == path && r.Status == status {
			return r
		}
	}
	tb.Fatalf("namespace %s journalled no %s %s answered %d (of %d requests)", s.ns, method, path, status, len(rs))
	return Request{}
}
