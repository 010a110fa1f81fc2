package sandboxtest_test

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/capsandbox/capsandbox/sandbox/sandboxtest"
)

// A test starts a sandbox with sandboxtest.Run(t); outside a test, Start
// and Close do the same.
func Example() {
	sb, err := sandboxtest.Start()
	if err != nil {
		panic(err)
	}
	defer sb.Close()

	// Client() adds Basic auth for the scenario's first till (till1).
	body := `{"root":{"customer":[{"mobile":"919876543210","firstname":"Asha"}]}}`
	resp, err := sb.Client().Post(sb.URL()+"/v1.1/customer/add?format=json", "application/json", strings.NewReader(body))
	if err != nil {
		panic(err)
	}
	resp.Body.Close()

	c, err := sb.Customer("919876543210")
	if err != nil {
		panic(err)
	}
	fmt.Println(resp.StatusCode, c.UserID, c.FirstName, c.Loyalty.SlabName)
	// Output: 200 100000001 Asha Base
}

// A fixed clock makes registration timestamps and tier expiry exact.
func ExampleSandbox_SetNow() {
	sb, err := sandboxtest.Start()
	if err != nil {
		panic(err)
	}
	defer sb.Close()
	if err := sb.SetNow(time.Date(2024, 2, 29, 10, 0, 0, 0, time.UTC)); err != nil {
		panic(err)
	}
	body := `{"root":{"customer":[{"mobile":"919876543210"}]}}`
	resp, err := sb.Client().Post(sb.URL()+"/v1.1/customer/add?format=json", "application/json", strings.NewReader(body))
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	c, _ := sb.Customer("919876543210")
	fmt.Println(c.RegisteredOn, "/", c.Loyalty.TierExpiryDate)
	// Output: 2024-02-29 10:00:00 / 2124-02-29 23:59:59
}

// SeedCustomer arranges state the vendor API cannot create in one call: a
// customer already in the second slab, with points.
func ExampleSandbox_SeedCustomer() {
	sb, err := sandboxtest.Start()
	if err != nil {
		panic(err)
	}
	defer sb.Close()
	_, err = sb.SeedCustomer(sandboxtest.Customer{Mobile: "919876543210", FirstName: "Ravi",
		Loyalty: &sandboxtest.Loyalty{LifetimePoints: 1500, LoyaltyPoints: 700}})
	if err != nil {
		panic(err)
	}
	resp, err := sb.Client().Get(sb.URL() + "/v1.1/customer/get?format=json&mobile=919876543210")
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	fmt.Println(strings.Contains(string(raw), `"current_slab":"Bronze"`), strings.Contains(string(raw), `"loyalty_points":700`))
	// Output: true true
}

// Requests shows what the app sent and what it got back.
func ExampleSandbox_Requests() {
	sb, err := sandboxtest.Start()
	if err != nil {
		panic(err)
	}
	defer sb.Close()
	resp, err := sb.Client().Get(sb.URL() + "/v1.1/customer/get?format=json&mobile=919999999999")
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	reqs, _ := sb.Requests()
	for _, r := range reqs {
		fmt.Println(r.Method, r.Path, r.Query, r.Status, r.Headers["Authorization"])
	}
	// Output: GET /v1.1/customer/get format=json&mobile=919999999999 200 [Basic till1:***]
}

// In gives another namespace of the same server: a separate world.
func ExampleSandbox_In() {
	sb, err := sandboxtest.Start()
	if err != nil {
		panic(err)
	}
	defer sb.Close()
	blue := sb.In("blue")
	if _, err := blue.SeedCustomer(sandboxtest.Customer{Mobile: "919876543210"}); err != nil {
		panic(err)
	}
	_, errDefault := sb.Customer("919876543210")
	_, errBlue := blue.Customer("919876543210")
	fmt.Println(errDefault, "/", errBlue)
	// Output: sandboxtest: no such customer / <nil>
}
