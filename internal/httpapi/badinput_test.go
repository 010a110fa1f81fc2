package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/schema"
)

// TestBadInput sends malformed and wrongly typed bodies: each gets a
// vendor-shaped 4xx with the vendor's exact message and an
// X-Sandbox-Explain header naming the problem, never a 5xx.
func TestBadInput(t *testing.T) {
	deep := strings.Repeat(`{"a":`, 40) + `1` + strings.Repeat(`}`, 40)
	deepXML := "<root>" + strings.Repeat("<a>", 40) + "x" + strings.Repeat("</a>", 40) + "</root>"
	cases := []struct {
		name, body, contentType string
		status                  int
		mentions                string
	}{
		{"empty body", ``, "application/json", 400, "empty"},
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
		{"null root", `{"root":null}`, "", 400, "root"},
		{"null customer", `{"root":{"customer":null}}`, "", 400, "root.customer"},
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
		{"curl's default form type", cust(`{"mobile":"919876543210"}`), "application/x-www-form-urlencoded", 415, "Content-Type"},
		{"text/plain", cust(`{"mobile":"919876543210"}`), "text/plain", 415, "Content-Type"},
		{"octet-stream", cust(`{"mobile":"919876543210"}`), "application/octet-stream", 415, "Content-Type"},
		{"no Content-Type", cust(`{"mobile":"919876543210"}`), "none", 415, "Content-Type"},
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
		if explain := w.Header().Get("X-Sandbox-Explain"); !strings.Contains(explain, c.mentions) {
			t.Errorf("%s: X-Sandbox-Explain %q does not mention %q", c.name, explain, c.mentions)
		}
		want := fmt.Sprintf(`{"response":{"status":{"code":%d,"message":%q,"success":false,"warnings":{"warning":[]}}}}`,
			c.status, sandbox.RequestMessage(sandbox.Code(c.status)))
		if w.Body.String() != want {
			t.Errorf("%s: body\n %s\nwant the vendor's exact text\n %s", c.name, w.Body.String(), want)
		}
	}
	if n := e.customers("default"); n != 0 {
		t.Errorf("bad input stored %d customers", n)
	}
}

// TestExplainErrors: the message is the vendor's exact text, the
// explanation in X-Sandbox-Explain; explain_errors appends it.
func TestExplainErrors(t *testing.T) {
	e := newEnv(t)
	exact := `{"response":{"status":{"code":400,"message":"Invalid input. Please check request body parameters or input xml/json.","success":false,"warnings":{"warning":[]}}}}`
	w := e.do(req{body: `{`})
	if w.Code != http.StatusBadRequest || w.Body.String() != exact || w.Header().Get("X-Sandbox-Explain") != "malformed JSON: unexpected end of body" {
		t.Errorf("default: %d %s, explain %q", w.Code, w.Body.String(), w.Header().Get("X-Sandbox-Explain"))
	}
	e.configure("explained", nil, func(s *settingsT) { s.ExplainErrors = true })
	w = e.do(req{ns: "explained", body: `{`})
	want := `{"response":{"status":{"code":400,"message":"Invalid input. Please check request body parameters or input xml/json.: malformed JSON: unexpected end of body","success":false,"warnings":{"warning":[]}}}}`
	if w.Body.String() != want {
		t.Errorf("explain_errors: %s", w.Body.String())
	}
	e.configure("legacy", nil, func(s *settingsT) { s.MessageTexts = sandbox.TextsLegacy })
	w = e.do(req{ns: "legacy", body: `{`})
	legacy := `{"response":{"status":{"code":400,"message":"Input is invalid, Please check request parameters or input xml/json","success":false,"warnings":{"warning":[]}}}}`
	if w.Body.String() != legacy {
		t.Errorf("message_texts: legacy: %s", w.Body.String())
	}
}

// TestNullIsNotPassed: JSON null in any field of an item, as serialisers
// write unset properties, is as if the field were absent.
func TestNullIsNotPassed(t *testing.T) {
	e := newEnv(t)
	nulls := `{"mobile":"919876543210","email":null,"external_id":null,"firstname":null,"lastname":null,"registered_on":null,` +
		`"updated_on":null,"registered_till":null,"associated_with":null,"type":null,"source":null,"accountId":null,` +
		`"fraud_status":null,"custom_fields":null,"extended_fields":{"field":null},"subscriptions":{"subscription":null},` +
		`"commChannels":null,"card_details":null,"card_number":null,"series_code":null,"referral_code":null}`
	absent := `{"mobile":"919876543210","extended_fields":{},"subscriptions":{}}`
	a, b := e.do(req{ns: "nulls", body: cust(nulls)}), e.do(req{ns: "absent", body: cust(absent)})
	if a.Code != 200 || a.Body.String() != b.Body.String() {
		t.Errorf("nulls:\n %d %s\nabsent:\n %d %s", a.Code, a.Body.String(), b.Code, b.Body.String())
	}
	checkSchema(t, schema.AddResponse, a)
	fields := `{"mobile":"919876543211","fraud_status":{"status":null},"custom_fields":{"field":[{"name":"City_name","value":null}]}}`
	if w := e.do(req{ns: "nulls", body: cust(fields)}); w.Code != 200 || !strings.Contains(w.Body.String(), `"code":"1000"`) {
		t.Errorf("null inside fields: %d %s", w.Code, w.Body.String())
	}
	upd := e.do(req{ns: "nulls", path: "/v1.1/customer/update?format=json", body: cust(`{"mobile":"919876543210","email":null,"id":null,"lastname":"Rao"}`)})
	if !strings.Contains(upd.Body.String(), `"lastname":"Rao"`) || !strings.Contains(upd.Body.String(), `"code":"1000"`) {
		t.Errorf("update with nulls: %s", upd.Body.String())
	}
}
