package schema

import (
	"io/fs"
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/capsandbox/capsandbox/schemas"
	"github.com/xeipuuv/gojsonschema"
)

// ours lists the schemas this package documents; Scenario belongs to the
// scenario format and is only required to compile.
var ours = []string{AddRequest, UpdateRequest, AddResponse, GetResponse, RequestError, OrgConfigs, OrgCustomFields}

func mustLoad(t *testing.T) *Set {
	t.Helper()
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestLoadCompilesEverySchema(t *testing.T) {
	s := mustLoad(t)
	files, err := fs.Glob(schemas.FS, "*"+fileSuffix)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(s.Names()); got != len(files) {
		t.Errorf("compiled %d schemas, embedded %d files %v", got, len(files), files)
	}
	for _, name := range ours {
		if s.schema(name) == nil {
			t.Errorf("schema %q missing; have %v", name, s.Names())
		}
	}
	if Default() != Default() {
		t.Error("Default() must return one shared Set")
	}
}

func TestValidDocuments(t *testing.T) {
	s := mustLoad(t)
	for _, f := range validFixtures(t) {
		t.Run(f.name, func(t *testing.T) {
			if probs := s.Validate(f.schema, f.doc); probs != nil {
				t.Errorf("want valid against %s, got %v", f.schema, probs)
			}
		})
	}
}

func TestInvalidDocuments(t *testing.T) {
	s := mustLoad(t)
	coupon := seed(t, "response-coupon.json")
	points := seed(t, "response-points.json")
	request := seed(t, "request-1.json")
	c0 := "response.customers.customer.0."
	tests := []struct {
		name     string
		schema   string
		given    any
		wantPath string
		wantMsg  string
	}{
		{"status code as string", AddResponse, mutate(t, coupon, "response.status.code", "200"), "response.status.code", "must be an integer, got string"},
		{"status code not 200/201/500", AddResponse, mutate(t, coupon, "response.status.code", 202), "response.status.code", "must be one of 200, 201, 500"},
		{"total as number", AddResponse, mutate(t, coupon, "response.status.total", 1), "response.status.total", "must be a string, got integer"},
		{"success boolean in batch status", AddResponse, mutate(t, coupon, "response.status.success", true), "response.status.success", `must be one of "true", "false"`},
		{"code 200 with success false", AddResponse, mutate(t, coupon, "response.status.success", "false"), "response.status.success", `must be "true"`},
		{"user_id as string", AddResponse, mutate(t, coupon, c0+"user_id", "557408687"), "response.customers.customer[0].user_id", "must be an integer, got string"},
		{"mobile as number", AddResponse, mutate(t, coupon, c0+"mobile", 919876532218), "response.customers.customer[0].mobile", "must be a string or null, got integer"},
		{"missing item_status", AddResponse, mutate(t, points, c0+"item_status", remove), "response.customers.customer[0].item_status", "is required"},
		{"unknown key in customer", AddResponse, mutate(t, coupon, c0+"gender", "F"), "response.customers.customer[0].gender", "is not allowed here"},
		{"item code as integer", AddResponse, mutate(t, coupon, c0+"item_status.code", 1000), "response.customers.customer[0].item_status.code", "must be a string, got integer"},
		{"warning as integer", AddResponse, mutate(t, coupon, c0+"item_status.warnings.warning.0", 1017), "response.customers.customer[0].item_status.warnings.warning[0]", "must be a string, got integer"},
		{"summary value as number", AddResponse, mutate(t, coupon, c0+"points_summaries.points_summary.0.programId", 469), "response.customers.customer[0].points_summaries.points_summary[0].programId", "must be a string, got integer"},
		{"unknown effect type", AddResponse, mutate(t, coupon, c0+"side_effects.effect.0.type", "voucher"), "response.customers.customer[0].side_effects.effect[0].type", "must be one of"},
		{"coupon without valid_till", AddResponse, mutate(t, coupon, c0+"side_effects.effect.0.valid_till", remove), "response.customers.customer[0].side_effects.effect[0].valid_till", "is required"},
		{"points awarded as string", AddResponse, mutate(t, points, c0+"side_effects.effect.0.awarded_points", "100"), "response.customers.customer[0].side_effects.effect[0].awarded_points", "must be a number, got string"},
		{"customer with item success false", AddResponse, mutate(t, coupon, c0+"item_status.success", "false"), "response.customers.customer[0].item_status.success", `must be "true"`},
		{"failed item with success true", AddResponse, mutate(t, decode(t, addAllFailed), c0+"item_status.success", "true"), "response.customers.customer[0].item_status.success", `must be "false"`},
		{"failed item with user_id", AddResponse, mutate(t, decode(t, addAllFailed), c0+"user_id", 5), "response.customers.customer[0].user_id", "is not allowed here"},
		{"second item broken", AddResponse, mutate(t, decode(t, addPartial), "response.customers.customer.1.email", nil), "response.customers.customer[1].email", "must be a string, got null"},
		{"firstname 123 in request", AddRequest, mutate(t, request, "root.customer.0.firstname", 123), "root.customer[0].firstname", "must be a string or null, got integer"},
		{"root.customer = 5", AddRequest, decode(t, `{"root":{"customer":5}}`), "root.customer", "must be an array or an object, got integer"},
		{"root.customer empty", AddRequest, decode(t, `{"root":{"customer":[]}}`), "root.customer", "must have at least 1 item(s)"},
		{"no root", AddRequest, decode(t, `{"customer":[{}]}`), "root", "is required"},
		{"body is a list", AddRequest, decode(t, `[{"root":{}}]`), "", "must be an object, got array"},
		{"custom_fields.field = x", AddRequest, mutate(t, request, "root.customer.0.custom_fields.field", "x"), "root.customer[0].custom_fields.field", "must not be a non-empty string"},
		{"custom_fields = x", AddRequest, mutate(t, request, "root.customer.0.custom_fields", "x"), "root.customer[0].custom_fields", "must not be a non-empty string"},
		{"custom field value object", AddRequest, mutate(t, request, "root.customer.0.custom_fields.field.0.value", map[string]any{}), "root.customer[0].custom_fields.field[0].value", "must be a string, a number, a boolean or null, got object"},
		{"fraud_status as number", AddRequest, mutate(t, request, "root.customer.0.fraud_status", 1), "root.customer[0].fraud_status", "must be an object, a string or null, got integer"},
		{"update id as boolean", UpdateRequest, mutate(t, decode(t, updateRequest), "root.customer.0.id", true), "root.customer[0].id", "must be a string, an integer or null, got boolean"},
		{"401 with string success", RequestError, mutate(t, decode(t, error401), "response.status.success", "false"), "response.status.success", `must be false`},
		{"400 with string success", RequestError, mutate(t, decode(t, error400), "response.status.success", "false"), "response.status.success", "must be false"},
		{"400 with customers key", RequestError, mutate(t, decode(t, error400), "response.customers", nil), "response.customers", "is not allowed here"},
		{"request error code as string", RequestError, mutate(t, decode(t, error400), "response.status.code", "400"), "response.status.code", "must be an integer, got string"},
		{"get user_id as integer", GetResponse, mutate(t, decode(t, getPartial), c0+"user_id", 98662653), "response.customers.customer[0].user_id", "must be a string, got integer"},
		{"get not-found with two identifiers", GetResponse, mutate(t, decode(t, getPartial), "response.customers.customer.1.email", "a@b.c"), "response.customers.customer[1]", "must have at most 2 key(s)"},
		{"get missing trackers", GetResponse, mutate(t, decode(t, getFound), c0+"trackers", remove), "response.customers.customer[0].trackers", "is required"},
		{"config value as number", OrgConfigs, mutate(t, decode(t, orgConfigs), "response.organization.configs.config.1.value", 0), "response.organization.configs.config[1].value", "must be a string, got integer"},
		{"custom field flag as number", OrgCustomFields, mutate(t, decode(t, orgCustomFields), "response.organization.custom_fields.field.is_mandatory", 0), "response.organization.custom_fields.field.is_mandatory", `must be one of "0", "1"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			probs := s.Validate(tc.schema, tc.given)
			if !hasProblem(probs, tc.wantPath, tc.wantMsg) || !allAt(probs, tc.wantPath) {
				t.Errorf("want %q: %q and nothing elsewhere, got %v", tc.wantPath, tc.wantMsg, probs)
			}
		})
	}
}

func allAt(probs []Problem, path string) bool {
	for _, p := range probs {
		if p.Path != path {
			return false
		}
	}
	return true
}

func hasProblem(probs []Problem, path, msg string) bool {
	for _, p := range probs {
		if p.Path == path && strings.Contains(p.Message, msg) {
			return true
		}
	}
	return false
}

// optional says, per schema, which keys a valid document may lack.
var optional = map[string]func(key string, parent map[string]any) bool{
	AddResponse: func(key string, parent map[string]any) bool {
		switch key {
		case "fraud_status", "reason", "user_id": // user_id: absent with add_user_id: on_request
			return true
		case "customer_id":
			return parent["is_referrer"] == nil
		case "is_referrer":
			return parent["total_points"] != nil
		}
		return false
	},
	GetResponse: func(key string, parent map[string]any) bool {
		switch key {
		case "registered_store", "registered_till", "fraud_details", "user_id", "currentSlabDescription":
			return true
		case "mobile", "email", "external_id", "id": // a not-found entry's echo: absent for an invalid value (item 400)
			return parent["item_status"] != nil && parent["firstname"] == nil
		}
		return false
	},
	AddRequest:    func(key string, _ map[string]any) bool { return key != "root" && key != "customer" },
	UpdateRequest: func(key string, _ map[string]any) bool { return key != "root" && key != "customer" },
}

// TestRemovingARequiredKeyFails removes each key of each valid document in
// turn: the result must fail exactly when the key is required.
func TestRemovingARequiredKeyFails(t *testing.T) {
	s := mustLoad(t)
	for _, f := range validFixtures(t) {
		isOptional := optional[f.schema]
		if isOptional == nil {
			isOptional = func(string, map[string]any) bool { return false }
		}
		eachKey(f.doc, func(parent map[string]any, key string) {
			kept := parent[key]
			delete(parent, key)
			probs := s.Validate(f.schema, f.doc)
			parent[key] = kept
			if want := !isOptional(key, parent); want != (probs != nil) {
				t.Errorf("%s without %q: want invalid=%v, got %v", f.name, key, want, probs)
			}
		})
	}
}

func eachKey(node any, fn func(parent map[string]any, key string)) {
	switch n := node.(type) {
	case map[string]any:
		keys := make([]string, 0, len(n))
		for k := range n {
			keys = append(keys, k)
		}
		for _, k := range keys {
			fn(n, k)
			eachKey(n[k], fn)
		}
	case []any:
		for _, v := range n {
			eachKey(v, fn)
		}
	}
}

func TestValidateInputForms(t *testing.T) {
	s := mustLoad(t)
	type field struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	tests := []struct {
		name  string
		given func() []Problem
		want  []Problem
	}{
		{"float64 numbers", func() []Problem {
			return s.Validate(AddRequest, map[string]any{"root": map[string]any{"customer": []any{map[string]any{"mobile": 9.1e11, "firstname": 1.0}}}})
		}, []Problem{{"root.customer[0].firstname", "must be a string or null, got integer"}}},
		{"typed Go values", func() []Problem {
			return s.Validate(AddRequest, map[string]any{"root": map[string]any{"customer": []map[string]any{{"custom_fields": map[string][]field{"field": {{"a", "b"}}}}}}})
		}, nil},
		{"unknown schema", func() []Problem { return s.Validate("nope", nil) }, []Problem{{"", `unknown schema "nope"`}}},
		{"not JSON", func() []Problem { return s.ValidateJSON(AddRequest, []byte(`{"root":`)) }, []Problem{{"", "is not valid JSON: unexpected EOF"}}},
		{"trailing data", func() []Problem { return s.ValidateJSON(AddRequest, []byte(`{"root":{"customer":{}}} {}`)) }, []Problem{{"", "is not valid JSON: data after the document"}}},
		{"odd key quoted", func() []Problem {
			return s.ValidateJSON(RequestError, []byte(`{"response":{"status":{"code":400,"message":"","success":false,"warnings":{"warning":[]}},"a.b":1}}`))
		}, []Problem{{`response["a.b"]`, "is not allowed here"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.given(); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestProblemsAreSortedAndStable(t *testing.T) {
	s := mustLoad(t)
	items := make([]any, 12)
	for i := range items {
		items[i] = map[string]any{"email": "a@b.c"}
	}
	items[10] = map[string]any{"email": 1, "lastname": 2}
	items[2] = map[string]any{"firstname": false}
	doc := map[string]any{"root": map[string]any{"customer": items}}
	want := []Problem{
		{"root.customer[2].firstname", "must be a string or null, got boolean"},
		{"root.customer[10].email", "must be a string or null, got integer"},
		{"root.customer[10].lastname", "must be a string or null, got integer"},
	}
	for range 20 {
		if got := s.Validate(AddRequest, doc); !reflect.DeepEqual(got, want) {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	if got := want[0].String(); got != "root.customer[2].firstname: must be a string or null, got boolean" {
		t.Errorf("String() = %q", got)
	}
}

func TestConcurrentValidation(t *testing.T) {
	s := Default()
	fixtures := validFixtures(t)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for _, f := range fixtures {
				if probs := s.Validate(f.schema, f.doc); probs != nil {
					t.Errorf("worker %d, %s: %v", i, f.name, probs)
				}
			}
		})
	}
	wg.Wait()
}

func TestBrokenSchemaFileIsNamed(t *testing.T) {
	s, err := load(fstest.MapFS{
		"good.schema.json":   {Data: []byte(`{"type":"string"}`)},
		"broken.schema.json": {Data: []byte(`{"type":`)},
	})
	if err != nil {
		t.Fatalf("load reads without compiling: %v", err)
	}
	if probs := s.Validate("good", "x"); probs != nil {
		t.Errorf("good: %v", probs)
	}
	err = s.CompileAll()
	if err == nil || !strings.Contains(err.Error(), "broken.schema.json") {
		t.Errorf("CompileAll: %v, want an error naming broken.schema.json", err)
	}
	probs := s.Validate("broken", "x")
	if len(probs) != 1 || !strings.Contains(probs[0].Message, "cannot be checked") || !strings.Contains(probs[0].Message, "broken.schema.json") {
		t.Errorf("Validate against a broken schema: %v", probs)
	}
	if _, err := load(fstest.MapFS{}); err == nil {
		t.Error("no schema files must be an error")
	}
}

// schema returns the compiled gojsonschema of name (nil when unknown or
// broken).
func (s *Set) schema(name string) *gojsonschema.Schema {
	if it := s.items[name]; it != nil {
		g, _, _ := it.compiled()
		return g
	}
	return nil
}
