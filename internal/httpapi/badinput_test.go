package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/schema"
)

// TestBadInput sends malformed and wrongly typed bodies: each gets a
// vendor-shaped 4xx naming the problem, never a 5xx.
func TestBadInput(t *testing.T) {
	deep := strings.Repeat(`{"a":`, 40) + `1` + strings.Repeat(`}`, 40)
	deepXML := "<root>" + strings.Repeat("<a>", 40) + "x" + strings.Repeat("</a>", 40) + "</root>"
	cases := []struct {
		name, body, contentType string
		status                  int
		mentions                string
	}{
		{"empty body", ``, "", 400, "empty"},
		{"not JSON", `hello`, "application/json", 400, "malformed JSON"},
		{"truncated JSON", `{"root":{"customer":[`, "", 400, "malformed JSON"},
		{"trailing data", cust(`{"mobile":"919876543210"}`) + `{}`, "", 400, "after the top-level value"},
		{"top-level array", `[1,2]`, "", 400, "body: must be an object"},
		{"top-level string", `"root"`, "", 400, "body: must be an object"},
		{"root not object", `{"root":5}`, "", 400, "root"},
		{"customer is a number", `{"root":{"customer":5}}`, "", 400, "root.customer"},
		{"customer is a string", `{"root":{"customer":"x"}}`, "", 400, "root.customer"},
		{"customer array empty", `{"root":{"customer":[]}}`, "", 400, "root.customer"},
		{"customer item not object", `{"root":{"customer":[1]}}`, "", 400, "root.customer[0]"},
		{"mobile is boolean", cust(`{"mobile":true}`), "", 400, "root.customer[0].mobile"},
		{"email is number", cust(`{"mobile":"919876543210","email":5}`), "", 400, "root.customer[0].email"},
		{"firstname is object", cust(`{"mobile":"919876543210","firstname":{}}`), "", 400, "root.customer[0].firstname"},
		{"custom_fields is string", cust(`{"mobile":"919876543210","custom_fields":"x"}`), "", 400, "custom_fields"},
		{"custom field value is object", cust(`{"mobile":"919876543210","custom_fields":{"field":[{"name":"a","value":{}}]}}`), "", 400, "custom_fields"},
		{"fraud_status is string", cust(`{"mobile":"919876543210","fraud_status":"x"}`), "", 400, "fraud_status"},
		{"subscriptions field wrong", cust(`{"mobile":"919876543210","subscriptions":{"subscription":[5]}}`), "", 400, "subscription"},
		{"null mobile", cust(`{"mobile":null}`), "", 400, "mobile"},
		{"invalid UTF-8", "{\"root\":{\"customer\":[{\"mobile\":\"9\xff\"}]}}", "", 400, "UTF-8"},
		{"deep nesting JSON", deep, "", 400, "nests deeper"},
		{"malformed XML", `<root><customer><mobile>1</customer></root>`, "application/xml", 400, "malformed XML"},
		{"XML entity declaration", `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "aaaa">]><root><customer><mobile>&x;</mobile></customer></root>`, "application/xml", 400, "DTD"},
		{"XML unknown entity", `<root><customer><mobile>&x;</mobile></customer></root>`, "application/xml", 400, "malformed XML"},
		{"deep nesting XML", deepXML, "application/xml", 400, "nests deeper"},
		{"XML without customer", `<root><shopper/></root>`, "application/xml", 400, "root.customer"},
		{"XML non-UTF-8 encoding", `<?xml version="1.0" encoding="ISO-8859-1"?><root/>`, "application/xml", 400, "encoding"},
		{"unsupported media type", cust(`{"mobile":"919876543210"}`), "multipart/form-data; boundary=x", 415, "Content-Type"},
		{"bad Content-Type syntax", cust(`{"mobile":"919876543210"}`), "application/json; =", 415, "Content-Type"},
		{"too large", cust(`{"mobile":"919876543210","firstname":"` + strings.Repeat("a", 1<<20) + `"}`), "", 413, "limit"},
	}
	e := newEnv(t)
	for _, c := range cases {
		w := e.do(req{body: c.body, contentType: c.contentType})
		if w.Code != c.status {
			t.Errorf("%s: HTTP %d, want %d: %s", c.name, w.Code, c.status, w.Body.String())
			continue
		}
		checkSchema(t, schema.RequestError, w)
		if !strings.Contains(w.Body.String(), c.mentions) {
			t.Errorf("%s: message does not mention %q: %s", c.name, c.mentions, w.Body.String())
		}
	}
}

// TestExplainErrorsOff keeps the vendor's exact message.
func TestExplainErrorsOff(t *testing.T) {
	e := newEnv(t)
	e.configure("plain", nil, func(s *settingsT) { s.ExplainErrors = false })
	w := e.do(req{ns: "plain", body: `{`})
	want := `{"response":{"status":{"code":400,"message":"Input is invalid, Please check request parameters or input xml/json","success":false,"warnings":{"warning":[]}}}}`
	if w.Code != http.StatusBadRequest || w.Body.String() != want {
		t.Errorf("got %d %s", w.Code, w.Body.String())
	}
}
