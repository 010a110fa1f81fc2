package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/capsandbox/capsandbox/internal/namespace"
)

// seeded is a scenario whose answers depend on the seed: fake initial
// customers and coupon codes generated per coupon.
const seeded = `name: seeded
extends: welcome-coupon
org:
  side_effects:
    coupon: {code: ""}
customers:
  - fake: 5
  - {mobile: "919800000001", email: taken@example.com, firstname: Tara}
`

// customersJSON returns the namespace's stored customers as JSON.
func customersJSON(t *testing.T, w *world) []byte {
	t.Helper()
	ns, err := w.srv.Spaces.Get(namespace.Default)
	if err != nil {
		t.Fatal(err)
	}
	list, total, err := ns.Customers(0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(list)
	if err != nil {
		t.Fatal(err)
	}
	return append([]byte(fmt.Sprintf("%d ", total)), data...)
}

// determinismSteps registers, reads and updates customers, the first fake
// one included.
func determinismSteps(t *testing.T, w *world) []step {
	t.Helper()
	ns, _ := w.srv.Spaces.Get(namespace.Default)
	list, _, err := ns.Customers(0, 1)
	if err != nil || len(list) == 0 {
		t.Fatalf("no initial customers: %v", err)
	}
	fake := list[0].Mobile
	return []step{
		add(seedRequest1),
		add(`{"root":{"customer":[{"mobile":"919800000002","email":"b@example.com"},{"mobile":"919800000003"}]}}`),
		add(fmt.Sprintf(`{"root":{"customer":[{"mobile":%q,"firstname":"Renamed"}]}}`, fake)),
		get("mobile=" + fake + ",919800000001"),
		add(one("919800000004", "qa+w1017@example.com")),
	}
}

// TestDeterminism: two servers with the same seed and clock hold the same
// initial customers byte for byte and answer the same request sequence
// with identical bodies; another seed changes the fake data and codes.
func TestDeterminism(t *testing.T) {
	path := writeScenario(t, "seeded", seeded)
	a, b := newWorld(t, path, goldenNow, 7), newWorld(t, path, goldenNow, 7)
	other := newWorld(t, path, goldenNow, 8)
	if ca, cb := customersJSON(t, a), customersJSON(t, b); !bytes.Equal(ca, cb) {
		t.Fatalf("same seed, different initial customers:\n%s\n%s", ca, cb)
	} else if !bytes.HasPrefix(ca, []byte("6 ")) {
		t.Fatalf("want 6 initial customers (5 fake + 1), got %s", ca[:10])
	} else if bytes.Equal(ca, customersJSON(t, other)) {
		t.Error("seeds 7 and 8 gave the same fake customers")
	}
	stepsA, stepsB := determinismSteps(t, a), determinismSteps(t, b)
	ra, rb := a.run(stepsA), b.run(stepsB)
	for i := range ra {
		if ra[i].status != rb[i].status || !bytes.Equal(ra[i].body, rb[i].body) {
			t.Errorf("step %d differs:\n%d %s\n%d %s", i+1, ra[i].status, ra[i].body, rb[i].status, rb[i].body)
		}
	}
	mustContain(t, "renamed fake customer", ra[2].body, `"firstname":"Renamed"`, "Customer successfully updated")
	ro := other.run(determinismSteps(t, other))
	if bytes.Equal(ra[0].body, ro[0].body) {
		t.Error("seeds 7 and 8 gave the same generated coupon code")
	}
	if !bytes.Equal(customersJSON(t, a), customersJSON(t, b)) {
		t.Error("same seed and requests, different stored customers")
	}
}

// TestInitialCustomers: built-ins start with the customers their comment
// blocks promise, every fake one registered.
func TestInitialCustomers(t *testing.T) {
	for name, want := range map[string]string{"default": "0 ", "strict-primary": "1 ", "duplicates": "21 "} {
		got := customersJSON(t, newWorld(t, name, goldenNow, 1))
		if !bytes.HasPrefix(got, []byte(want)) {
			t.Errorf("%s: want %scustomers, got %.40s", name, want, got)
		}
	}
}
