package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/schema"
)

// endpointCase is one request to an endpoint whose whole response is held
// by a golden file (JSON and, with xml set, the same request in XML).
type endpointCase struct {
	name     string
	configs  map[string]string       // org configs of the case's namespace
	settings func(*sandbox.Settings) // its settings
	org      func(*sandbox.Org)      // its org
	setup    []string                // add bodies sent first
	r        req
	schema   string
	status   int
}

const asha = `{"mobile":"919876543210","email":"asha@example.com","firstname":"Asha","lastname":"Rao","registered_till":"till1","custom_fields":{"field":[{"name":"City_name","value":"Pune"}]},"extended_fields":{"field":[{"name":"dob","value":"1998-12-01"},{"name":"gender","value":"Female"}]},"subscriptions":{"subscription":[{"priority":"BULK","scope":"all","is_subscribed":"0","channel":"email"}]}}`

var endpointCases = []endpointCase{
	{name: "get-found", setup: []string{cust(asha)}, r: req{method: "GET", path: "/v1.1/customer/get?mobile=919876543210&format=json"},
		schema: schema.GetResponse, status: 200},
	{name: "get-user-id-mixed", setup: []string{cust(asha)}, r: req{method: "GET", path: "/v1.1/customer/get?email=ASHA@example.com,nobody@example.com&user_id=true&format=json"},
		schema: schema.GetResponse, status: 200},
	{name: "get-flags-off", setup: []string{cust(asha)}, r: req{method: "GET", path: "/v1.1/customer/get?external_id=none&mobile=919876543210&registered_store=false&registered_till=false&fraud_details=false&format=json"},
		schema: schema.GetResponse, status: 200},
	{name: "get-not-found", r: req{method: "GET", path: "/v1.1/customer/get?mobile=919000000000&format=json"}, schema: schema.GetResponse, status: 200},
	{name: "get-by-id", setup: []string{cust(asha)}, r: req{method: "GET", path: "/v1.1/customer/get?id=100000001,abc&format=json"},
		schema: schema.GetResponse, status: 200},
	{name: "get-no-identifier", r: req{method: "GET", path: "/v1.1/customer/get?format=json"}, status: 400},
	{name: "get-normalised", configs: map[string]string{"CONF_CLIENT_DEFAULT_COUNTRYCODE_PASSED": "1"},
		setup: []string{cust(`{"mobile":"9876543210","email":"Asha@Example.com"}`)},
		r:     req{method: "GET", path: "/v1.1/customer/get?mobile=9876543210,919876543210,98765&format=json"}, schema: schema.GetResponse, status: 200},
	{name: "get-points-summary", setup: []string{cust(asha)}, r: req{method: "GET", path: "/v1.1/customer/get?email=ASHA@EXAMPLE.COM&points_summary=true&format=json"},
		schema: schema.GetResponse, status: 200},
	{name: "update-post", setup: []string{cust(asha)}, r: req{path: "/v1.1/customer/update?format=json",
		body: cust(`{"mobile":"919876543210","lastname":"Iyer","updated_on":"2019-09-11 10:12:00","subscriptions":{"subscription":[{"priority":"TRANS","scope":"all","is_subscribed":"1","channel":"email"},{"priority":"BULK","scope":"all","is_subscribed":"0","channel":"sms"}]},"custom_fields":{"field":[{"name":"nope","value":"1"}]}}`)},
		schema: schema.AddResponse, status: 200},
	{name: "update-U1-no-identifier", r: req{path: "/v1.1/customer/update?format=json", body: cust(`{"firstname":"x","email":""}`)},
		schema: schema.AddResponse, status: 200},
	{name: "update-U4-primary", setup: []string{cust(asha)}, r: req{path: "/v1.1/customer/update?format=json",
		body: cust(`{"email":"asha@example.com","mobile":"919812345678","lastname":"Iyer"}`)}, schema: schema.AddResponse, status: 200},
	{name: "update-U5-email", setup: []string{cust(asha)}, r: req{path: "/v1.1/customer/update?format=json",
		body: cust(`{"mobile":"919876543210","email":"other@example.com"}`)}, schema: schema.AddResponse, status: 200},
	{name: "update-U6-taken", setup: []string{cust(`{"mobile":"919876543210"},{"mobile":"919812345678","email":"taken@example.com"}`)},
		r:      req{path: "/v1.1/customer/update?format=json", body: cust(`{"mobile":"919876543210","email":"taken@example.com","firstname":"Asha"}`)},
		schema: schema.AddResponse, status: 200},
	{name: "update-put-by-id", setup: []string{cust(asha)}, r: req{method: "PUT", path: "/v1.1/customer/update?format=json",
		body: cust(`{"id":"100000001","firstname":"Asha R"}`)}, schema: schema.AddResponse, status: 200},
	{name: "update-not-found", r: req{path: "/v1.1/customer/update?format=json", body: cust(`{"mobile":"919000000000","firstname":"x"}`)},
		schema: schema.AddResponse, status: 200},
	{name: "configs", r: req{method: "GET", path: "/v1.1/organization/configs?format=json"}, schema: schema.OrgConfigs, status: 200},
	{name: "customfields", r: req{method: "GET", path: "/v1.1/organization/customfields?Scope=loyalty_registration&format=json"},
		schema: schema.OrgCustomFields, status: 200},
	{name: "customfields-one", org: func(o *sandbox.Org) { o.CustomFields = o.CustomFields[1:2] },
		r: req{method: "GET", path: "/v1.1/organization/customfields?format=json"}, schema: schema.OrgCustomFields, status: 200},
	{name: "error-401-missing", r: req{noAuth: true, body: cust(asha)}, status: 401},
	{name: "error-401-wrong-md5", r: req{authHeader: "Basic dGlsbDE6MDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA=", body: cust(asha)}, status: 401},
	{name: "error-400-malformed", r: req{body: `{"root":{"customer":[{"mobile":`}, status: 400},
	{name: "error-400-wrong-type", r: req{body: cust(`{"mobile":"919876543210","firstname":123}`)}, status: 400},
	{name: "error-400-no-root", r: req{body: `{"customer":[]}`}, status: 400},
	{name: "error-404", r: req{method: "GET", path: "/v1.1/customer/nope?format=json"}, status: 404},
	{name: "error-405", r: req{method: "DELETE", path: "/v1.1/customer/add?format=json"}, status: 405},
	{name: "error-415", r: req{body: cust(asha), contentType: "image/png"}, status: 415},
	{name: "error-415-form", r: req{body: cust(asha), contentType: "application/x-www-form-urlencoded"}, status: 415},
	{name: "error-1060", r: req{body: cust(strings.TrimSuffix(strings.Repeat(`{"mobile":"919876543210"},`, 101), ","))}, status: 400},
	{name: "error-namespace", r: req{body: cust(asha), ns: "bad namespace!"}, status: 400},
	{name: "error-forced-503", r: req{body: cust(asha), outcome: "status=503"}, status: 503},
	{name: "error-forced-498", r: req{body: cust(asha), outcome: "status=498"}, status: 498},
	{name: "error-401-oauth", settings: func(s *sandbox.Settings) { s.AuthFailureBody = sandbox.AuthBodyOAuth }, r: req{noAuth: true, body: cust(asha)}, status: 401},
	{name: "error-431", r: req{method: "GET", path: "/v1.1/customer/get?mobile=" + strings.Repeat("9", 70<<10) + "&format=json"}, status: 431},
	{name: "error-unknown-directive", r: req{body: cust(asha), outcome: "explode=1"}, status: 400},
}

func TestEndpointsGolden(t *testing.T) {
	e := newEnv(t)
	for _, c := range endpointCases {
		for _, format := range []string{"json", "xml"} {
			r := c.r
			r.ns = c.name + "-" + format
			if c.r.ns != "" {
				r.ns = c.r.ns
			}
			if c.configs != nil || c.settings != nil || c.org != nil {
				e.configure(r.ns, c.configs, c.settings, orgOrNothing(c.org))
			}
			for _, body := range c.setup {
				if w := e.do(req{body: body, ns: r.ns}); w.Code != 200 {
					t.Fatalf("%s setup: %d %s", c.name, w.Code, w.Body.String())
				}
			}
			if r.path == "" {
				r.path = "/v1.1/customer/add?format=json"
			}
			if format == "xml" {
				r.path = strings.Replace(r.path, "format=json", "format=xml", 1)
			}
			w := e.do(r)
			if w.Code != c.status {
				t.Errorf("%s %s: HTTP %d, want %d\n%s", c.name, format, w.Code, c.status, w.Body.String())
			}
			wantCT := "application/" + format
			if !strings.HasPrefix(w.Header().Get("Content-Type"), wantCT) {
				t.Errorf("%s: Content-Type %q, want %s", c.name, w.Header().Get("Content-Type"), wantCT)
			}
			checkSchema(t, c.schema, w)
			golden(t, c.name+"."+format, w.Body.Bytes())
		}
	}
}

func orgOrNothing(f func(*sandbox.Org)) func(*sandbox.Org) {
	if f == nil {
		return func(*sandbox.Org) {}
	}
	return f
}

func TestUnauthorizedCarriesNoCustomers(t *testing.T) {
	e := newEnv(t)
	for _, h := range []string{"", "Bearer x", "Basic !!!", "Basic dGlsbDE=", "Basic dW5rbm93bjoyMDJjYjk2MmFjNTkwNzViOTY0YjA3MTUyZDIzNGI3MA=="} {
		w := e.do(req{authHeader: h, noAuth: h == "", body: cust(asha)})
		if w.Code != http.StatusUnauthorized || strings.Contains(w.Body.String(), "customers") {
			t.Errorf("auth %q: %d %s", h, w.Code, w.Body.String())
		}
		checkSchema(t, schema.RequestError, w)
	}
	upper := "Basic " + "dGlsbDE6MjAyQ0I5NjJBQzU5MDc1Qjk2NEIwNzE1MkQyMzRCNzA=" // MD5 in upper-case hex
	if w := e.do(req{authHeader: upper, body: cust(asha)}); w.Code != http.StatusOK {
		t.Errorf("upper-case MD5 refused: %d", w.Code)
	}
}

func TestFormatNegotiation(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		r    req
		want string
	}{
		{req{path: "/v1.1/customer/add", body: cust(asha)}, "application/json"},
		{req{path: "/v1.1/customer/add", body: cust(asha), accept: "application/xml"}, "application/xml"},
		{req{path: "/v1.1/customer/add", body: toXML(t, cust(asha)), contentType: "application/xml"}, "application/xml"},
		{req{path: "/v1.1/customer/add", body: toXML(t, cust(asha)), contentType: "application/xml", accept: "application/json"}, "application/json"},
		{req{path: "/v1.1/customer/add?format=xml", body: cust(asha), contentType: "application/json"}, "application/xml"},
		{req{path: "/v1.1/customer/add", body: cust(asha), contentType: "text/json; charset=utf-8"}, "application/json"},
		{req{path: "/v1.1/customer/add", body: toXML(t, cust(asha)), contentType: "text/xml"}, "application/xml"},
		{req{path: "/v1.1/customer/add?format=json", body: cust(asha), contentType: "application/vnd.api+json"}, "application/json"},
	}
	for i, c := range cases {
		w := e.do(c.r)
		if w.Code != 200 || w.Header().Get("Content-Type") != c.want+";charset=UTF-8" {
			t.Errorf("case %d: %d %s, want %s;charset=UTF-8\n%s", i, w.Code, w.Header().Get("Content-Type"), c.want, w.Body.String())
		}
	}
	// lenient_content_type reads other types as JSON, or XML when the body
	// starts with "<"; by default they are the vendor's 415.
	e.configure("lenient", nil, func(s *settingsT) { s.LenientContentType = true })
	for _, r := range []req{
		{body: cust(asha), contentType: "application/x-www-form-urlencoded"},
		{body: toXML(t, cust(asha)), contentType: "application/x-www-form-urlencoded"},
		{body: cust(asha), contentType: "text/plain"},
		{body: cust(asha), contentType: "none"},
	} {
		if w := e.do(r); w.Code != 415 {
			t.Errorf("%s: %d, want 415", r.contentType, w.Code)
		}
		r.ns = "lenient"
		if w := e.do(r); w.Code != 200 || !strings.Contains(w.Body.String(), `"code":"1000"`) {
			t.Errorf("lenient %s: %d %s", r.contentType, w.Code, w.Body.String())
		}
	}
	if w := e.do(req{path: "/v1.1/customer/add?format=yaml", body: cust(asha)}); w.Code != 400 {
		t.Errorf("format=yaml: %d", w.Code)
	}
}

// TestBadMagicCodeNamed: an e-mail tag whose captured code does not exist
// gets the same 400 as the header would, its X-Sandbox-Explain naming the
// code.
func TestBadMagicCodeNamed(t *testing.T) {
	e := newEnv(t)
	w := e.do(req{body: cust(`{"mobile":"919876543210","email":"qa+w99999@example.com"}`)})
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Header().Get("X-Sandbox-Explain"), "99999") {
		t.Errorf("got %d %s, explain %q", w.Code, w.Body.String(), w.Header().Get("X-Sandbox-Explain"))
	}
	checkSchema(t, schema.RequestError, w)
}

// TestGetForcedWarningWithoutSuffix: warning_suffix off keeps a get's
// message plain while the warning code is still listed.
func TestGetForcedWarningWithoutSuffix(t *testing.T) {
	e := newEnv(t)
	e.configure("plain", nil, func(s *settingsT) { s.WarningSuffix = false })
	e.do(req{ns: "plain", body: cust(asha)})
	w := e.do(req{ns: "plain", method: "GET", path: "/v1.1/customer/get?mobile=919876543210&format=json", outcome: "warning=1017"})
	if !strings.Contains(w.Body.String(), `"message":"Customer successfully retrieved","warnings":{"warning":["1017"]}`) {
		t.Errorf("got %s", w.Body.String())
	}
}
