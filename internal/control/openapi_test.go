package control_test

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/server"
	"github.com/labstack/echo/v4"
	"github.com/xeipuuv/gojsonschema"
)

// openAPIDoc fetches the served document as generic JSON.
func openAPIDoc(t *testing.T, e *env) map[string]any {
	t.Helper()
	var doc map[string]any
	e.call(http.MethodGet, "/__sandbox/openapi.json", "", http.StatusOK, &doc)
	return doc
}

func TestOpenAPICoversEveryRoute(t *testing.T) {
	e := newEnv(t, server.Options{})
	doc := openAPIDoc(t, e)
	if doc["openapi"] != "3.1.0" {
		t.Errorf("openapi = %v", doc["openapi"])
	}
	if servers, _ := doc["servers"].([]any); len(servers) != 1 || servers[0].(map[string]any)["url"] != "http://example.com" {
		t.Errorf("servers = %v, want this server", doc["servers"])
	}
	paths := doc["paths"].(map[string]any)
	n := 0
	for _, r := range e.srv.Echo.Routes() {
		if strings.Contains(r.Path, "*") || !(strings.HasPrefix(r.Path, "/v1.1/") || strings.HasPrefix(r.Path, "/__sandbox/")) {
			continue
		}
		n++
		ops, _ := paths[r.Path].(map[string]any)
		op, ok := ops[strings.ToLower(r.Method)].(map[string]any)
		if !ok {
			t.Errorf("route %s %s is not in the OpenAPI document", r.Method, r.Path)
			continue
		}
		if strings.HasPrefix(r.Path, "/v1.1/") {
			checkVendorOperation(t, r.Method+" "+r.Path, op)
		}
	}
	if n < 19 {
		t.Errorf("only %d routes checked; the server registers at least 6 vendor and 14 control routes", n)
	}
	schemes := doc["components"].(map[string]any)["securitySchemes"].(map[string]any)
	if b := schemes["tillBasic"].(map[string]any); b["type"] != "http" || b["scheme"] != "basic" {
		t.Errorf("tillBasic = %v", b)
	}
}

// TestOpenAPIMatchesRoutes walks the routes the assembled server
// registers: each is in the document, and each operation of the document
// is a registered route (catch-alls aside).
func TestOpenAPIMatchesRoutes(t *testing.T) {
	e := newEnv(t, server.Options{})
	paths := openAPIDoc(t, e)["paths"].(map[string]any)
	registered := map[string]bool{}
	for _, r := range e.srv.Echo.Routes() {
		if r.Method == echo.RouteNotFound {
			continue
		}
		key := r.Method + " " + r.Path
		registered[key] = true
		ops, _ := paths[r.Path].(map[string]any)
		if _, ok := ops[strings.ToLower(r.Method)]; !ok {
			t.Errorf("route %s is registered but not in the OpenAPI document", key)
		}
	}
	documented := 0
	for path, ops := range paths {
		for method := range ops.(map[string]any) {
			documented++
			if key := strings.ToUpper(method) + " " + path; !registered[key] {
				t.Errorf("operation %s is in the OpenAPI document but not registered", key)
			}
		}
	}
	if len(registered) != documented || documented < 21 {
		t.Errorf("%d routes registered, %d operations documented; want the same, at least 6 vendor and 15 control routes",
			len(registered), documented)
	}
}

// checkVendorOperation wants Basic auth, the X-Sandbox-* headers and a
// schema for the 200 answer.
func checkVendorOperation(t *testing.T, name string, op map[string]any) {
	t.Helper()
	if sec, _ := op["security"].([]any); len(sec) != 1 || sec[0].(map[string]any)["tillBasic"] == nil {
		t.Errorf("%s: security = %v", name, op["security"])
	}
	var refs []string
	for _, p := range op["parameters"].([]any) {
		if ref, ok := p.(map[string]any)["$ref"].(string); ok {
			refs = append(refs, ref)
		}
	}
	for _, want := range []string{"#/components/parameters/namespaceHeader", "#/components/parameters/outcome", "#/components/parameters/format"} {
		if !strings.Contains(strings.Join(refs, " "), want) {
			t.Errorf("%s: no parameter %s", name, want)
		}
	}
	ok := op["responses"].(map[string]any)["200"].(map[string]any)
	if _, has := ok["content"].(map[string]any)["application/json"].(map[string]any)["schema"]; !has {
		t.Errorf("%s: no schema for 200", name)
	}
}

func TestOpenAPIRefsResolve(t *testing.T) {
	doc := openAPIDoc(t, newEnv(t, server.Options{}))
	count := 0
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"].(string); ok {
				count++
				if resolve(doc, ref) == nil {
					t.Errorf("$ref %s does not resolve", ref)
				}
			}
			for _, y := range x {
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	walk(doc)
	if count < 50 {
		t.Errorf("only %d $refs found", count)
	}
}

func resolve(doc map[string]any, ref string) any {
	var cur any = doc
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[part]
	}
	return cur
}

// The document's schemas are the ones requests and answers are checked
// against: the seed's sample request and a real answer pass, a wrong type
// fails.
func TestOpenAPISchemasValidate(t *testing.T) {
	e := newEnv(t, server.Options{})
	doc := openAPIDoc(t, e)
	answer, err := os.ReadFile("testdata/clock-fixed-add.golden.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		component, body string
		valid           bool
	}{
		{"CustomerAddRequest", sampleRequest, true},
		{"CustomerAddRequest", `{"root":{"customer":[{"mobile":"919800000070","firstname":123}]}}`, false},
		{"CustomerAddResponse", string(answer), true},
		{"CustomerAddResponse", `{"response":{}}`, false},
		{"RequestErrorResponse", e.do(http.MethodGet, "/v1.1/customer/get", "").Body.String(), true},
	}
	for _, tc := range tests {
		root := map[string]any{"$ref": "#/components/schemas/" + tc.component, "components": doc["components"]}
		s, err := gojsonschema.NewSchema(gojsonschema.NewGoLoader(root))
		if err != nil {
			t.Fatalf("%s: %v", tc.component, err)
		}
		var body any
		if err := json.Unmarshal([]byte(tc.body), &body); err != nil {
			t.Fatal(err)
		}
		res, err := s.Validate(gojsonschema.NewGoLoader(body))
		if err != nil {
			t.Fatal(err)
		}
		if res.Valid() != tc.valid {
			t.Errorf("%s: valid=%v, want %v (%v) for %.80s", tc.component, res.Valid(), tc.valid, res.Errors(), tc.body)
		}
	}
}

// sampleRequest has the shape of the vendor page's sample registration.
const sampleRequest = `{"root":{"customer":[{"mobile":"919876532218","email":"a.b@example.com","external_id":"",
"firstname":"a","lastname":"b","updated_on":"2023-07-11 10:12:00","registered_till":"","associated_with":"",
"type":"LOYALTY","fraud_status":{"status":""},"custom_fields":{"field":[{"name":"City_name","value":"Bangalore"}]}}]}}`
