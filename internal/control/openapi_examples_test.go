package control_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/control"
	"github.com/capsandbox/capsandbox/internal/server"
	"github.com/capsandbox/capsandbox/internal/testkit"
)

// exampleRecipe says how the server is brought to answer one example.
type exampleRecipe struct {
	op, name, summary string
	scenario          string   // the server's scenario ("" = default)
	setup             []string // customer/add bodies sent first
	method, path      string   // default POST /v1.1/customer/add?format=json
	contentType       string   // default application/json
	auth              string   // default till1's Basic header
	body              string
	request           bool // the body is a request example
}

const (
	exAuth   = "Basic dGlsbDE6MjAyY2I5NjJhYzU5MDc1Yjk2NGIwNzE1MmQyMzRiNzA=" // till1 : md5hex("123")
	exAsha   = `{"root":{"customer":[{"mobile":"919876543210","email":"asha@example.com","firstname":"Asha","lastname":"Rao"}]}}`
	exGet    = "/v1.1/customer/get?format=json&user_id=true&mobile=919876543210"
	exUpdate = `{"root":{"customer":[{"mobile":"919876543210","firstname":"Asha","lastname":"Iyer"}]}}`
)

// exampleRecipes are the documented variants, in the order the document
// lists them (the first request example is the one import tools send).
var exampleRecipes = []exampleRecipe{
	{op: "addCustomers", name: "register", summary: "A new customer is registered (item 1000, overall 200)", body: exAsha, request: true},
	{op: "addCustomers", name: "update", summary: "The same mobile again updates the customer (item 1000, same user_id)", setup: []string{exAsha}, body: exAsha, request: true},
	{op: "addCustomers", name: "warning1017", summary: "Registered with warning 1017: a custom field the org does not define is dropped",
		body: `{"root":{"customer":[{"mobile":"919876543211","custom_fields":{"field":[{"name":"City_name","value":"Pune"},{"name":"shoe_size","value":"9"}]}}]}}`, request: true},
	{op: "addCustomers", name: "duplicates", summary: "Scenario duplicates (duplicate_policy: reject): existing mobile, email and external id fail with 1032, 1016, 1033 (overall 500)",
		scenario: "duplicates", body: `{"root":{"customer":[{"mobile":"919800000001"},{"mobile":"919800000002","email":"taken@example.com"},{"mobile":"919800000003","external_id":"EXT-TAKEN"}]}}`, request: true},
	{op: "addCustomers", name: "itemError", summary: "An invalid mobile fails the item with 1001 (overall 500)",
		body: `{"root":{"customer":[{"mobile":"12","email":"a@example.com"}]}}`, request: true},
	{op: "addCustomers", name: "partial", summary: "One item registered, one failed (overall 201)",
		body: `{"root":{"customer":[{"mobile":"919876543212","firstname":"Ravi"},{"mobile":"12"}]}}`, request: true},
	{op: "addCustomers", name: "malformed", summary: "A body that is not JSON: request-level 400", body: `{"root":`},
	{op: "addCustomers", name: "batchLimit", summary: "More customers than the scenario's batch_limit (100): request-level 1060 with HTTP 400", body: batchOf(101)},
	{op: "addCustomers", name: "unauthorized", summary: "A wrong password hash: request-level 401 (success is the string \"false\")",
		auth: "Basic dGlsbDE6d3Jvbmc=", body: exAsha},
	{op: "addCustomers", name: "unsupportedMediaType", summary: "A body that is neither JSON nor XML: request-level 415", contentType: "text/csv", body: "mobile\n919876543210\n"},
	{op: "getCustomers", name: "found", summary: "A registered customer", setup: []string{exAsha}, method: http.MethodGet, path: exGet},
	{op: "getCustomers", name: "notFound", summary: "No customer holds the mobile: item 1012", method: http.MethodGet, path: exGet},
	{op: "updateCustomers", name: "updated", summary: "A customer's name changed", setup: []string{exAsha},
		path: "/v1.1/customer/update?format=json", body: exUpdate, request: true},
	{op: "getOrganizationConfigs", name: "default", summary: "The default scenario's configs", method: http.MethodGet, path: "/v1.1/organization/configs?format=json"},
	{op: "getOrganizationCustomFields", name: "default", summary: "The default scenario's custom fields", method: http.MethodGet, path: "/v1.1/organization/customfields?format=json"},
}

// batchOf is a customer/add body of n customers.
func batchOf(n int) string {
	items := make([]string, n)
	for i := range items {
		items[i] = fmt.Sprintf(`{"mobile":"9198%08d"}`, i)
	}
	return `{"root":{"customer":[` + strings.Join(items, ",") + `]}}`
}

// answer runs one recipe on a server of its own (fixed clock, seed 1).
func (r exampleRecipe) answer(t *testing.T) control.VendorExample {
	t.Helper()
	now := time.Date(2025, 1, 10, 12, 0, 0, 0, time.UTC)
	srv, err := server.New(server.Options{Data: server.MemoryData, Sync: "none", Scenario: r.scenario, Seed: 1,
		Now: func() time.Time { return now }, LogOutput: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	for _, body := range r.setup {
		exampleCall(t, srv, exampleRecipe{body: body})
	}
	status, body := exampleCall(t, srv, r)
	var compact bytes.Buffer
	if err := json.Compact(&compact, body); err != nil {
		t.Fatalf("%s %s: answer is not JSON: %s", r.op, r.name, body)
	}
	ex := control.VendorExample{Operation: r.op, Name: r.name, Summary: r.summary, Status: status, Response: compact.Bytes()}
	if r.request {
		ex.Request = json.RawMessage(r.body)
	}
	return ex
}

func exampleCall(t *testing.T, srv *server.Server, r exampleRecipe) (int, []byte) {
	t.Helper()
	method, path, ct, auth := r.method, r.path, r.contentType, r.auth
	if method == "" {
		method = http.MethodPost
	}
	if path == "" {
		path = "/v1.1/customer/add?format=json"
	}
	if ct == "" {
		ct = "application/json"
	}
	if auth == "" {
		auth = exAuth
	}
	req := httptest.NewRequest(method, path, strings.NewReader(r.body))
	req.Header.Set("Authorization", auth)
	if r.body != "" {
		req.Header.Set("Content-Type", ct)
	}
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

// TestOpenAPIExamples: every example of openapi_examples.json is what the
// server answers to its request now (-update rewrites the file).
func TestOpenAPIExamples(t *testing.T) {
	var got []control.VendorExample
	for _, r := range exampleRecipes {
		got = append(got, r.answer(t))
	}
	data, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, '\n')
	testkit.Golden(t, "openapi_examples.json", data) // the file the document embeds
}
