package sandboxtest_test

import (
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox"
	"github.com/capsandbox/capsandbox/sandbox/sandboxtest"
)

func TestClientSetsAuthAndNamespace(t *testing.T) {
	sb := sandboxtest.Run(t, sandboxtest.WithNamespace("app"))
	if sb.Namespace() != "app" {
		t.Fatalf("namespace %q", sb.Namespace())
	}
	mustAdd(t, sb, addBody("919800000101", "Asha"))
	r := sb.CheckRequested(t, "POST", "/v1.1/customer/add", 200)
	if got := r.Headers["X-Sandbox-Namespace"]; len(got) != 1 || got[0] != "app" {
		t.Errorf("journalled namespace header %v", got)
	}
	if got := r.Headers["Authorization"]; len(got) != 1 || got[0] != "Basic till1:***" {
		t.Errorf("journalled Authorization %v", got)
	}
	// A header the request sets itself is kept: wrong credentials get the vendor's 401.
	status, body := mustDo(t, sb, http.MethodPost, "/v1.1/customer/add?format=json", addBody("919800000102", "Bela"),
		http.Header{"Authorization": {"Basic dGlsbDE6d3Jvbmc="}})
	if status != http.StatusUnauthorized || !strings.Contains(string(body), `"code":401`) {
		t.Errorf("own Authorization: HTTP %d %s", status, body)
	}
	sb.CheckNotRegistered(t, "919800000102")
}

func TestSetNowAndAdvance(t *testing.T) {
	sb := sandboxtest.Run(t)
	must(t, sb.SetNow(time.Date(2023, 12, 31, 23, 30, 0, 0, time.UTC)))
	_, r := mustAdd(t, sb, addBody("919800000103", "Nina"))
	c := r.Response.Customers.Customer[0]
	if c.RegisteredOn != "2023-12-31 23:30:00" || c.TierExpiryDate != "2123-12-31 23:59:59" {
		t.Errorf("registered_on %q tier_expiry_date %q", c.RegisteredOn, c.TierExpiryDate)
	}
	must(t, sb.Advance(time.Hour))
	_, r = mustAdd(t, sb, addBody("919800000104", "Omar"))
	if c := r.Response.Customers.Customer[0]; c.RegisteredOn != "2024-01-01 00:30:00" || c.TierExpiryDate != "2124-01-01 23:59:59" {
		t.Errorf("after advancing an hour: registered_on %q tier_expiry_date %q", c.RegisteredOn, c.TierExpiryDate)
	}
}

func TestUseScenarioSwitchesTill(t *testing.T) {
	sb := sandboxtest.Run(t)
	yaml := strings.Replace(strings.Replace(strictYAML, "username: till1", "username: counter", 1), "name: strict-test", "name: counter-org", 1)
	must(t, sb.UseScenarioYAML([]byte(yaml)))
	if user, _, err := sb.Till(); err != nil || user != "counter" {
		t.Fatalf("Till() = %q, %v", user, err)
	}
	mustAdd(t, sb, addBody("919800000105", "Pia")) // authenticated as counter, or it fails
	if r := sb.CheckRequested(t, "POST", "/v1.1/customer/add", 200); r.Headers["Authorization"][0] != "Basic counter:***" {
		t.Errorf("authenticated as %v", r.Headers["Authorization"])
	}
	err := sb.UseScenario("no-such-scenario")
	var ce *sandboxtest.ControlError
	if !errors.As(err, &ce) || ce.Status != http.StatusNotFound || !strings.Contains(ce.Error(), `unknown scenario "no-such-scenario"`) {
		t.Errorf("UseScenario(unknown) = %v", err)
	}
	err = sb.UseScenarioYAML([]byte("name: x\norg: {tills: 3}\n"))
	if !errors.As(err, &ce) || ce.Status != http.StatusBadRequest || len(ce.Body.Problems) == 0 {
		t.Errorf("UseScenarioYAML(bad) = %v", err)
	}
}

func TestAdminTokenThroughSandboxtest(t *testing.T) {
	sb := sandboxtest.Run(t, sandboxtest.WithAdminToken("tok"))
	if _, err := sb.SeedCustomer(sandboxtest.Customer{Mobile: "919800000106"}); err != nil {
		t.Fatalf("helpers send the token: %v", err)
	}
	sb.CheckRegistered(t, "919800000106")
	resp, err := http.Get(sb.URL() + "/__sandbox/customers")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a plain client got HTTP %d, want 401", resp.StatusCode)
	}
}

func TestSeedCustomerAndCustomers(t *testing.T) {
	sb := sandboxtest.Run(t)
	got, err := sb.SeedCustomer(
		sandboxtest.Customer{Mobile: "919800000107", Type: "NON_LOYALTY"},
		sandboxtest.Customer{Email: "q@example.com", Mobile: "919800000108", Loyalty: &sandboxtest.Loyalty{Slab: 2}})
	must(t, err)
	if len(got) != 2 || got[0].Type != "NON_LOYALTY" || got[1].Loyalty.SlabName != "Bronze" || got[1].UserID != got[0].UserID+1 {
		t.Fatalf("seeded %+v", got)
	}
	if _, err := sb.SeedCustomer(sandboxtest.Customer{Mobile: "919800000107"}); err == nil {
		t.Error("seeding a taken mobile succeeded")
	}
	all, err := sb.Customers()
	must(t, err)
	if len(all) != 2 || all[1].Email != "q@example.com" {
		t.Errorf("Customers() = %+v", all)
	}
	if c, err := sb.Customer("Q@example.com"); err != nil || c.UserID != got[1].UserID {
		t.Errorf("Customer(email) = %+v, %v", c, err)
	}
	if _, err := sb.Customer("919899999999"); !errors.Is(err, sandboxtest.ErrNotFound) {
		t.Errorf("Customer(unknown) error = %v", err)
	}
}

// The check helpers report failures on the test they are given.
func TestCheckHelpersFail(t *testing.T) {
	sb := sandboxtest.Run(t)
	mustAdd(t, sb, addBody("919800000109", "Rae"))
	checks := map[string]func(tb testing.TB){
		"CheckRegistered":    func(tb testing.TB) { sb.CheckRegistered(tb, "919800000199") },
		"CheckNotRegistered": func(tb testing.TB) { sb.CheckNotRegistered(tb, "919800000109") },
		"CheckCustomerCount": func(tb testing.TB) { sb.CheckCustomerCount(tb, 2) },
		"CheckRequestCount":  func(tb testing.TB) { sb.CheckRequestCount(tb, 5) },
		"CheckRequested":     func(tb testing.TB) { sb.CheckRequested(tb, "GET", "/v1.1/customer/add", 200) },
	}
	for name, check := range checks {
		rec := &recorder{TB: t}
		rec.run(check)
		if !rec.failed || !strings.Contains(rec.msg, "919800000") && !strings.Contains(rec.msg, "namespace default") {
			t.Errorf("%s: failed=%v message %q", name, rec.failed, rec.msg)
		}
	}
	rec := &recorder{TB: t}
	rec.run(func(tb testing.TB) {
		sb.CheckRegistered(tb, "919800000109")
		sb.CheckCustomerCount(tb, 1)
		sb.CheckRequestCount(tb, 1)
	})
	if rec.failed {
		t.Errorf("passing checks failed: %s", rec.msg)
	}
}

// recorder is a testing.TB that records failures instead of reporting
// them.
type recorder struct {
	testing.TB
	mu     sync.Mutex
	failed bool
	msg    string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failed, r.msg = true, fmt.Sprintf(format, args...)
}
func (r *recorder) Fatalf(format string, args ...any) { r.Errorf(format, args...); runtime.Goexit() }

// run calls check on its own goroutine, as Fatalf ends it.
func (r *recorder) run(check func(testing.TB)) {
	done := make(chan struct{})
	go func() { defer close(done); check(r) }()
	<-done
}

func TestRunClosesServer(t *testing.T) {
	var url string
	t.Run("inner", func(t *testing.T) {
		sb := sandboxtest.Run(t, sandboxtest.WithOptions(func(o *capsandbox.Options) { o.JournalCap = 2 }))
		url = sb.URL()
		for i := range 3 {
			mustAdd(t, sb, addBody(fmt.Sprintf("91980000011%d", i), "Cap"))
		}
		sb.CheckRequestCount(t, 2) // the journal cap option reached the server
	})
	if _, err := http.Get(url + "/__sandbox/health"); err == nil {
		t.Error("the server still answers after its test ended")
	}
}
