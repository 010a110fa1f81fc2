package sandboxtest_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/sandbox/sandboxtest"
)

const strictYAML = `name: strict-test
description: default org with the strict primary check on
org:
  id: 147
  name: strict org
  time_zone: UTC
  user_id_start: 500
  tills:
    - {username: till1, password: "123", store_code: store1}
  country:
    base: {name: India, code: "91", lengths: [10]}
  configs:
    CONF_REGISTRATION_PRIMARY_KEY: mobile
    CONF_PRIMARY_IDENTIFIER_STRICT_CHECK: 1
`

// Two namespaces registering the same mobile each get their own customer.
func TestIsolationSameMobile(t *testing.T) {
	sb := sandboxtest.Run(t)
	a, b := sb.In("team-a"), sb.In("team-b")
	_, ra := mustAdd(t, a, addBody("919800000001", "Asha"))
	_, rb := mustAdd(t, b, addBody("919800000001", "Bela"))
	for name, r := range map[string]addResult{"team-a": ra, "team-b": rb} {
		if got := r.Response.Customers.Customer[0].ItemStatus.Message; got != "Customer registration successful" {
			t.Errorf("%s: item message %q, want a new registration", name, got)
		}
	}
	if ca, cb := a.CheckRegistered(t, "919800000001"), b.CheckRegistered(t, "919800000001"); ca.FirstName != "Asha" || cb.FirstName != "Bela" {
		t.Errorf("namespaces share state: team-a has %q, team-b has %q", ca.FirstName, cb.FirstName)
	}
	sb.CheckNotRegistered(t, "919800000001") // the default namespace saw neither
	a.CheckCustomerCount(t, 1)
	b.CheckCustomerCount(t, 1)
}

// Reset and a scenario switch in one namespace leave another untouched.
func TestIsolationResetAndSwitch(t *testing.T) {
	sb := sandboxtest.Run(t)
	a, b := sb.In("a"), sb.In("b")
	mustAdd(t, a, addBody("919800000002", "Asha"))
	mustAdd(t, b, addBody("919800000003", "Bela"))

	must(t, a.Reset())
	a.CheckCustomerCount(t, 0)
	a.CheckRequestCount(t, 0)
	b.CheckRegistered(t, "919800000003")
	b.CheckRequestCount(t, 1)

	must(t, a.UseScenarioYAML([]byte(strictYAML)))
	ia, err := a.Scenario()
	must(t, err)
	ib, err := b.Scenario()
	must(t, err)
	if ia.Name != "strict-test" || ib.Name != "default" {
		t.Errorf("scenarios after switching a: a=%s b=%s, want strict-test and default", ia.Name, ib.Name)
	}
	_, r := mustAdd(t, a, addBody("919800000004", "Cara"))
	if id := r.Response.Customers.Customer[0].UserID; id != 500 {
		t.Errorf("first user id in the switched namespace = %d, want the scenario's user_id_start 500", id)
	}
	b.CheckRegistered(t, "919800000003")
	b.CheckCustomerCount(t, 1)
}

// Parallel tests, each in its own namespace of one server, see exactly
// their own customers and journal.
func TestIsolationParallel20(t *testing.T) { runParallelSuite(t, 20, 3) }

// TestDoneMeans is the acceptance test: 50 independent tests in
// parallel against one capsandbox, each in its own namespace, each
// asserting exactly its own customers and journal entries.
func TestDoneMeans(t *testing.T) { runParallelSuite(t, 50, 4) }

func runParallelSuite(t *testing.T, tests, perTest int) {
	shared := sandboxtest.Run(t)
	for i := range tests {
		t.Run(fmt.Sprintf("test%02d", i), func(t *testing.T) {
			t.Parallel()
			sb := shared.Isolated(t)
			mobiles := make([]string, perTest)
			for j := range mobiles {
				// every test uses the same mobiles: only namespaces keep them apart
				mobiles[j] = fmt.Sprintf("9198%08d", j)
				mustAdd(t, sb, addBody(mobiles[j], fmt.Sprintf("T%dC%d", i, j)))
			}
			checkOwnWorld(t, sb, i, mobiles)
		})
	}
}

func checkOwnWorld(t *testing.T, sb *sandboxtest.Sandbox, test int, mobiles []string) {
	t.Helper()
	cs, err := sb.Customers()
	must(t, err)
	if len(cs) != len(mobiles) {
		t.Fatalf("%s holds %d customers, want %d", sb.Namespace(), len(cs), len(mobiles))
	}
	for j, c := range cs {
		if want := fmt.Sprintf("T%dC%d", test, j); c.Mobile != mobiles[j] || c.FirstName != want {
			t.Errorf("customer %d = %s %s, want %s %s", j, c.Mobile, c.FirstName, mobiles[j], want)
		}
	}
	reqs, err := sb.Requests()
	must(t, err)
	if len(reqs) != len(mobiles) {
		t.Fatalf("%s journalled %d requests, want %d", sb.Namespace(), len(reqs), len(mobiles))
	}
	for j, r := range reqs {
		if r.Path != "/v1.1/customer/add" || r.Status != 200 || !strings.Contains(r.Body, fmt.Sprintf(`"T%dC%d"`, test, j)) {
			t.Errorf("journal entry %d is not this test's request %d: %s %s %d %s", j, j, r.Method, r.Path, r.Status, r.Body)
		}
	}
}
