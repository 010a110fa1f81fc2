package sandboxtest_test

import (
	"testing"

	"github.com/capsandbox/capsandbox/sandbox/sandboxtest"
)

func TestSuite(t *testing.T) {
	shared := sandboxtest.Run(t)
	for _, mobile := range []string{"919876543210", "919876543211", "919876543212"} {
		t.Run(mobile, func(t *testing.T) {
			t.Parallel()
			sb := shared.Isolated(t) // its own customers, journal, clock, scenario
			if _, err := sb.SeedCustomer(sandboxtest.Customer{Mobile: mobile}); err != nil {
				t.Fatal(err)
			}
			sb.CheckCustomerCount(t, 1) // only its own customer
		})
	}
}
