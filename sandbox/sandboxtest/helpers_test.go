package sandboxtest_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/schema"
	"github.com/capsandbox/capsandbox/sandbox/sandboxtest"
)

// addResult is the part of a customer/add answer the tests read.
type addResult struct {
	Response struct {
		Status struct {
			Code int `json:"code"`
		} `json:"status"`
		Customers struct {
			Customer []struct {
				UserID         int64  `json:"user_id"`
				FirstName      string `json:"firstname"`
				Mobile         string `json:"mobile"`
				RegisteredOn   string `json:"registered_on"`
				TierExpiryDate string `json:"tier_expiry_date"`
				ItemStatus     struct {
					Code    string `json:"code"`
					Message string `json:"message"`
				} `json:"item_status"`
			} `json:"customer"`
		} `json:"customers"`
	} `json:"response"`
}

// addBody is a one-customer customer/add request.
func addBody(mobile, firstname string) string {
	return fmt.Sprintf(`{"root":{"customer":[{"mobile":%q,"firstname":%q,"email":"%s@example.com"}]}}`,
		mobile, firstname, strings.ToLower(firstname))
}

// mustAdd registers one customer through the handle's client and returns
// the raw body and its decoded form; the answer must be HTTP 200 and
// valid against the response schema.
func mustAdd(t testing.TB, sb *sandboxtest.Sandbox, body string) ([]byte, addResult) {
	t.Helper()
	resp, err := sb.Client().Post(sb.URL()+"/v1.1/customer/add?user_id=true", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("customer/add: HTTP %d: %s", resp.StatusCode, raw)
	}
	if probs := schema.Default().ValidateJSON(schema.AddResponse, raw); len(probs) > 0 {
		t.Fatalf("customer/add answer fails %s: %v\n%s", schema.AddResponse, probs, raw)
	}
	var out addResult
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	if n := len(out.Response.Customers.Customer); n != 1 {
		t.Fatalf("customer/add answered %d customers, want 1: %s", n, raw)
	}
	return raw, out
}

// mustDo sends a request with the handle's client and returns the status
// and body.
func mustDo(t testing.TB, sb *sandboxtest.Sandbox, method, path, body string, header http.Header) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, sb.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := sb.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, raw
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
