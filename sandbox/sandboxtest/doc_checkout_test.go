package sandboxtest_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/sandbox/sandboxtest"
)

// register is the app under test: it registers a customer with the vendor at base.
func register(client *http.Client, base, mobile string) error {
	body := `{"root":{"customer":[{"mobile":"` + mobile + `"}]}}`
	resp, err := client.Post(base+"/v1.1/customer/add?format=json", "application/json", strings.NewReader(body))
	if err == nil {
		resp.Body.Close()
	}
	return err
}

func TestCheckout(t *testing.T) {
	sb := sandboxtest.Run(t) // or Run(t, sandboxtest.WithScenario("strict-primary"))
	if err := sb.SetNow(time.Date(2024, 5, 1, 9, 30, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if _, err := sb.SeedCustomer(sandboxtest.Customer{Mobile: "919876543210", Loyalty: &sandboxtest.Loyalty{LoyaltyPoints: 300}}); err != nil {
		t.Fatal(err)
	}
	if err := register(sb.Client(), sb.URL(), "919812345678"); err != nil {
		t.Fatal(err)
	}
	c := sb.CheckRegistered(t, "919812345678")
	if c.RegisteredOn != "2024-05-01 09:30:00" {
		t.Error(c.RegisteredOn)
	}
	sb.CheckRequested(t, "POST", "/v1.1/customer/add", 200)
}
