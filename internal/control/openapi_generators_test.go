package control_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/server"
	"github.com/xeipuuv/gojsonschema"
)

// TestOpenAPIForGenerators: no schema of the document uses what client
// generators cannot read: a type list of several types, if/then/else, const.
func TestOpenAPIForGenerators(t *testing.T) {
	doc := openAPIDoc(t, newEnv(t, server.Options{}))
	var walk func(path string, v any)
	n := 0
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			if types, ok := x["type"].([]any); ok {
				nonNull := 0
				for _, ty := range types {
					if ty != "null" {
						nonNull++
					}
				}
				if nonNull > 1 {
					t.Errorf("%s: type list %v (use oneOf)", path, types)
				}
			}
			for _, k := range []string{"if", "then", "else", "const"} {
				if _, ok := x[k]; ok && !strings.HasSuffix(path, ".properties") {
					t.Errorf("%s: %s", path, k)
				}
			}
			for k, y := range x {
				n++
				walk(path+"."+k, y)
			}
		case []any:
			for i, y := range x {
				walk(path+"["+strconv.Itoa(i)+"]", y)
			}
		}
	}
	walk("components", doc["components"])
	if n < 1000 {
		t.Errorf("only %d nodes walked", n)
	}
}

// vendorOp returns an operation of the served document.
func vendorOp(t *testing.T, doc map[string]any, path, method string) map[string]any {
	t.Helper()
	op, ok := doc["paths"].(map[string]any)[path].(map[string]any)[method].(map[string]any)
	if !ok {
		t.Fatalf("no operation %s %s", method, path)
	}
	return op
}

// TestOpenAPIExamplesValidate: every example of the document validates
// against the schema beside it, and each documented variant of
// customer/add is there.
func TestOpenAPIExamplesValidate(t *testing.T) {
	doc := openAPIDoc(t, newEnv(t, server.Options{}))
	names := map[string]bool{}
	count := 0
	for path, ops := range doc["paths"].(map[string]any) {
		for method, o := range ops.(map[string]any) {
			op := o.(map[string]any)
			var media []map[string]any
			if rb, ok := op["requestBody"].(map[string]any); ok {
				media = append(media, rb["content"].(map[string]any)["application/json"].(map[string]any))
			}
			for _, r := range op["responses"].(map[string]any) {
				if c, ok := r.(map[string]any)["content"].(map[string]any); ok {
					if m, ok := c["application/json"].(map[string]any); ok {
						media = append(media, m)
					}
				}
			}
			for _, m := range media {
				for name, ex := range mapOf(m["examples"]) {
					count++
					names[method+" "+path+" "+name] = true
					validateExample(t, doc, method+" "+path+" "+name, m["schema"], ex.(map[string]any)["value"])
				}
			}
		}
	}
	for _, v := range []string{"register", "warning1017", "duplicates", "itemError", "malformed", "batchLimit", "unauthorized", "unsupportedMediaType"} {
		if !names["post /v1.1/customer/add "+v] {
			t.Errorf("customer/add has no example %q", v)
		}
	}
	if count < 20 {
		t.Errorf("only %d examples", count)
	}
}

func mapOf(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func validateExample(t *testing.T, doc map[string]any, name string, schema, value any) {
	t.Helper()
	root := map[string]any{"components": doc["components"]}
	for k, v := range schema.(map[string]any) {
		root[k] = v
	}
	s, err := gojsonschema.NewSchema(gojsonschema.NewGoLoader(root))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	res, err := s.Validate(gojsonschema.NewGoLoader(value))
	if err != nil || !res.Valid() {
		t.Errorf("example %s does not match its schema: %v %v", name, err, res.Errors())
	}
}

// TestOpenAPIImportedRequestSucceeds builds customer/add as an import tool
// (Postman, Insomnia) builds it from the document — the first media type of
// the request body, its first example, each query and header parameter at
// its default and no placeholder values — and sends it: the customer is
// registered.
func TestOpenAPIImportedRequestSucceeds(t *testing.T) {
	e := newEnv(t, server.Options{})
	doc := openAPIDoc(t, e)
	op := vendorOp(t, doc, "/v1.1/customer/add", "post")
	content := op["requestBody"].(map[string]any)["content"].(map[string]any)
	types := make([]string, 0, len(content))
	for k := range content {
		types = append(types, k)
	}
	sort.Strings(types) // the order the document is written in
	if types[0] != "application/json" {
		t.Fatalf("first request media type %s", types[0])
	}
	raw, _ := json.Marshal(doc["paths"].(map[string]any)["/v1.1/customer/add"].(map[string]any)["post"].(map[string]any)["requestBody"])
	first := firstExample(t, raw)
	query, headers := url.Values{}, []string{"Content-Type: " + types[0], "Authorization: " + till1Auth}
	for _, p := range op["parameters"].([]any) {
		param := resolveParam(t, doc, p.(map[string]any))
		if _, ok := param["example"]; ok {
			t.Errorf("parameter %s has an example, which import tools send as its value", param["name"])
		}
		def, ok := mapOf(param["schema"])["default"].(string)
		if !ok {
			continue // optional without a default: a tool leaves it out or blank
		}
		switch param["in"] {
		case "query":
			query.Set(param["name"].(string), def)
		case "header":
			headers = append(headers, param["name"].(string)+": "+def)
		}
	}
	if query.Get("format") != "json" {
		t.Errorf("format defaults to %q, want json", query.Get("format"))
	}
	rec := e.do(http.MethodPost, "/v1.1/customer/add?"+query.Encode(), first, headers...)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"message":"Customer registration successful"`) {
		t.Errorf("the imported request (%s, %q) got HTTP %d: %s", query.Encode(), headers, rec.Code, rec.Body)
	}
}

// firstExample returns the first example value of the JSON request body
// as written in the document (examples keep their order).
func firstExample(t *testing.T, requestBody []byte) string {
	t.Helper()
	var rb struct {
		Content map[string]struct {
			Examples json.RawMessage `json:"examples"`
		} `json:"content"`
	}
	if err := json.Unmarshal(requestBody, &rb); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(strings.NewReader(string(rb.Content["application/json"].Examples)))
	dec.Token() // {
	if !dec.More() {
		t.Fatal("customer/add has no request example")
	}
	dec.Token() // the first name
	var ex struct {
		Value json.RawMessage `json:"value"`
	}
	if err := dec.Decode(&ex); err != nil {
		t.Fatal(err)
	}
	return string(ex.Value)
}

func resolveParam(t *testing.T, doc map[string]any, p map[string]any) map[string]any {
	t.Helper()
	if ref, ok := p["$ref"].(string); ok {
		r, ok := resolve(doc, ref).(map[string]any)
		if !ok {
			t.Fatalf("parameter %s does not resolve", ref)
		}
		return r
	}
	return p
}

// TestOpenAPICitesNothingUnreachable: no description of the document
// cites a section of a document a reader of it cannot open (a section
// sign, or SPEC).
func TestOpenAPICitesNothingUnreachable(t *testing.T) {
	doc := openAPIDoc(t, newEnv(t, server.Options{}))
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, y := range x {
				walk(path+"."+k, y)
			}
		case []any:
			for i, y := range x {
				walk(path+"["+strconv.Itoa(i)+"]", y)
			}
		case string:
			if strings.Contains(x, "§") || strings.Contains(x, "SPEC") {
				t.Errorf("%s cites what a reader cannot open: %.120s", path, x)
			}
		}
	}
	walk("", doc)
}
