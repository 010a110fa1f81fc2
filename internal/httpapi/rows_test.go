package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/schema"
)

// tableRow is one row of the decision table (docs/VENDOR.md, Decision table) driven over
// HTTP: the namespace gets the configs and settings, the setup bodies are
// added first, then body is sent as JSON and (in a second namespace) as
// XML; both whole responses are compared with golden files.
type tableRow struct {
	name     string
	configs  map[string]string
	settings func(*sandbox.Settings)
	setup    []string
	body     string
}

func cust(fields string) string { return `{"root":{"customer":[` + fields + `]}}` }

var decisionRows = []tableRow{
	{name: "V1-no-identifier", body: cust(`{"firstname":"Asha"}`)},
	{name: "V2-invalid-mobile", body: cust(`{"mobile":"12","email":"a@example.com"}`)},
	{name: "V3-invalid-email", body: cust(`{"mobile":"919876543210","email":"not-an-email"}`)},
	{name: "V4-invalid-external-id", body: cust(`{"mobile":"919876543210","external_id":"` + strings.Repeat("x", 251) + `"}`)},
	{name: "V5-primary-missing", body: cust(`{"email":"a@example.com"}`)},
	{name: "V6-required-missing", configs: map[string]string{"CONF_USERS_IS_EMAIL_REQUIRED": "1"}, body: cust(`{"mobile":"919876543210"}`)},
	{name: "V7-non-loyalty-identifier", configs: map[string]string{"CONF_REGISTRATION_PRIMARY_KEY": "external_id"},
		body: cust(`{"external_id":"E1","type":"NON_LOYALTY"}`)},
	{name: "V8-registration-date", setup: []string{cust(`{"mobile":"919876543210"}`)},
		body: cust(`{"mobile":"919876543210","registered_on":"2031-01-01 00:00:00"}`)},
	{name: "V9-invalid-till", body: cust(`{"mobile":"919876543210","registered_till":"nope"}`)},
	{name: "V10-invalid-attribution", body: cust(`{"mobile":"919876543210","associated_with":"nope"}`)},
	{name: "M1-register", body: cust(`{"mobile":"919876543210","email":"Asha@Example.com","firstname":"Asha","lastname":"Rao","extended_fields":{"field":[{"name":"gender","value":"Female"},{"name":"dob","value":"1998/12/01"}]}}`)},
	{name: "M2-update", setup: []string{cust(`{"mobile":"919876543210","email":"asha@example.com"}`)},
		body: cust(`{"mobile":"919876543210","email":"asha@example.com","firstname":"Asha","external_id":"EXT-1"}`)},
	{name: "M3-update-blocked", setup: []string{cust(`{"mobile":"919876543210","email":"old@example.com","type":"NON_LOYALTY","firstname":"Raj","lastname":"Loyal"}`)},
		body: cust(`{"mobile":"919876543210","email":"new@example.com","updated_on":"2025-05-29 09:10:00"}`)},
	{name: "M4-update-allowed", configs: map[string]string{"CONF_ALLOW_EMAIL_UPDATE": "1"},
		setup: []string{cust(`{"mobile":"919876543210","email":"old@example.com"}`)},
		body:  cust(`{"mobile":"919876543210","email":"new@example.com"}`)},
	{name: "M5-secondary-elsewhere", setup: []string{cust(`{"mobile":"919876543210"},{"mobile":"919812345678","email":"taken@example.com"}`)},
		body: cust(`{"mobile":"919876543210","email":"taken@example.com"}`)},
	{name: "M6-skip-secondary", configs: map[string]string{"CONF_SKIP_SECONDARY_ID_ON_PRIMARY_MISMATCH": "1", "CONF_PRIMARY_IDENTIFIER_STRICT_CHECK": "1"},
		setup: []string{cust(`{"mobile":"919812345678","email":"taken@example.com"}`)},
		body:  cust(`{"mobile":"919876543210","email":"taken@example.com"}`)},
	{name: "M7-strict-check", configs: map[string]string{"CONF_PRIMARY_IDENTIFIER_STRICT_CHECK": "1"},
		setup: []string{cust(`{"mobile":"919812345678","email":"taken@example.com"}`)},
		body:  cust(`{"mobile":"919876543210","email":"taken@example.com"}`)},
	{name: "M8-merge", setup: []string{cust(`{"mobile":"919812345678","email":"taken@example.com"}`)},
		body: cust(`{"mobile":"919876543210","email":"taken@example.com","firstname":"Merged"}`)},
	{name: "M9-two-owners", configs: map[string]string{"CONF_REGISTRATION_PRIMARY_KEY": "external_id"},
		setup: []string{cust(`{"external_id":"A","mobile":"919876543210"},{"external_id":"B","email":"b@example.com"}`)},
		body:  cust(`{"external_id":"C","mobile":"919876543210","email":"b@example.com"}`)},
	{name: "M10-loyalty-downgrade", setup: []string{cust(`{"mobile":"919876543210"}`)},
		body: cust(`{"mobile":"919876543210","type":"NON_LOYALTY"}`)},
	{name: "M11-upgrade", setup: []string{cust(`{"mobile":"919876543210","type":"NON_LOYALTY"}`)},
		body: cust(`{"mobile":"919876543210","type":"LOYALTY"}`)},
	{name: "F1-custom-field-invalid", body: cust(`{"mobile":"919876543210","custom_fields":{"field":[{"name":"City_name","value":"Pune"},{"name":"shoe_size","value":"9"}]}}`)},
	{name: "F2-extended-field-invalid", body: cust(`{"mobile":"919876543210","extended_fields":{"field":[{"name":"city","value":"Pune"},{"name":"shoe_size","value":"9"}]}}`)},
	{name: "F3-fraud-status-ignored", body: cust(`{"mobile":"919876543210","fraud_status":{"status":"Fraud_Suspected"}}`)},
	{name: "F4-subscription-invalid", body: cust(`{"mobile":"919876543210","subscriptions":{"subscription":[{"priority":"TRANS","scope":"all","is_subscribed":"1","channel":"sms"},{"priority":"LOUD","scope":"all","is_subscribed":"1","channel":"email"}]}}`)},
	{name: "batch-partial", body: cust(`{"mobile":"919876543210","firstname":"Asha"},{"mobile":"12"}`)},
}

func TestDecisionTableGolden(t *testing.T) {
	e := newEnv(t)
	for _, r := range decisionRows {
		for _, format := range []string{"json", "xml"} {
			ns := r.name + "-" + format
			e.configure(ns, r.configs, r.settings)
			for _, body := range r.setup {
				if w := e.do(req{body: body, ns: ns}); w.Code != http.StatusOK || strings.Contains(w.Body.String(), `"success":"false"`) {
					t.Fatalf("%s setup failed: %d %s", ns, w.Code, w.Body.String())
				}
			}
			body, ct := r.body, "application/json"
			if format == "xml" {
				body, ct = toXML(t, r.body), "application/xml"
			}
			w := e.do(req{body: body, ns: ns, contentType: ct, path: "/v1.1/customer/add?format=" + format})
			if w.Code != http.StatusOK {
				t.Errorf("%s: HTTP %d, want 200 for item outcomes", ns, w.Code)
			}
			checkSchema(t, schema.AddResponse, w)
			golden(t, "add-"+r.name+"."+format, w.Body.Bytes())
		}
	}
}

// toXML renders a JSON request body as the vendor's XML request form: one
// element per key, array members repeated under their key's name.
func toXML(t *testing.T, body string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	writeXML(&b, "", v)
	return b.String()
}

func writeXML(b *strings.Builder, name string, v any) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if name != "" {
			fmt.Fprintf(b, "<%s>", name)
		}
		for _, k := range keys {
			writeXML(b, k, x[k])
		}
		if name != "" {
			fmt.Fprintf(b, "</%s>", name)
		}
	case []any:
		for _, it := range x {
			writeXML(b, name, it)
		}
	default:
		fmt.Fprintf(b, "<%s>%v</%s>", name, x, name)
	}
}
