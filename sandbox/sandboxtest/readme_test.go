package sandboxtest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/sandbox/sandboxtest"
)

func TestSignUpRegistersTheCustomer(t *testing.T) {
	sb := sandboxtest.Run(t) // a sandbox of its own, closed when the test ends
	body := `{"root":{"customer":[{"mobile":"919876543210","firstname":"Asha"}]}}`
	resp, err := sb.Client().Post(sb.URL()+"/v1.1/customer/add?format=json", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("HTTP %d", resp.StatusCode)
	}
	sb.CheckRegistered(t, "919876543210")
}
