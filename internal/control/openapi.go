package control

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"strings"

	"github.com/capsandbox/capsandbox/internal/httpapi"
	"github.com/capsandbox/capsandbox/internal/namespace"
	"github.com/capsandbox/capsandbox/schemas"
	"github.com/labstack/echo/v4"
)

// Document is an OpenAPI 3.1 document: the emulated /v1.1 endpoints with
// the JSON Schemas of schemas/, and the control API with schemas derived
// from its Go types.
type Document struct {
	OpenAPI    string                           `json:"openapi"`
	Info       map[string]any                   `json:"info"`
	Servers    []map[string]string              `json:"servers,omitempty"`
	Tags       []map[string]string              `json:"tags"`
	Paths      map[string]map[string]*Operation `json:"paths"`
	Components map[string]any                   `json:"components"`
}

// Operation is one method of one path.
type Operation struct {
	Tags        []string              `json:"tags"`
	Summary     string                `json:"summary"`
	Description string                `json:"description,omitempty"`
	OperationID string                `json:"operationId"`
	Parameters  []map[string]any      `json:"parameters,omitempty"`
	RequestBody map[string]any        `json:"requestBody,omitempty"`
	Responses   map[string]any        `json:"responses"`
	Security    []map[string][]string `json:"security,omitempty"`
}

// Tags of the document.
const (
	tagVendor  = "Capillary v1.1 (emulated)"
	tagControl = "Sandbox control"
)

// OpenAPI builds the document from the route tables Mount registers: the
// vendor routes (httpapi.Routes) and the control routes.
func (a *API) OpenAPI() (*Document, error) {
	vendor, err := vendorSchemas()
	if err != nil {
		return nil, err
	}
	gen := &typeSchemas{comps: vendor}
	d := &Document{
		OpenAPI: "3.1.0",
		Info: map[string]any{"title": "capsandbox", "version": a.Version,
			"description": "A local, stateful sandbox of Capillary's loyalty API v1.1 customer endpoints. " +
				"Vendor routes use HTTP Basic auth: base64(till + \":\" + md5hex(password)). " +
				"Send " + namespace.Header + " to work in an isolated namespace and X-Sandbox-Outcome to force an outcome."},
		Tags: []map[string]string{{"name": tagVendor, "description": "Vendor routes, answered in the vendor's envelopes (JSON or XML)."},
			{"name": tagControl, "description": "capsandbox's own JSON API under " + Prefix + "/."}},
		Paths: map[string]map[string]*Operation{},
	}
	examples, err := VendorExamples()
	if err != nil {
		return nil, err
	}
	for _, r := range httpapi.Routes() {
		op := vendorOperation(r)
		addExamples(op, examples)
		d.add(r.Method, r.Path, op)
	}
	for _, r := range a.routes() {
		d.add(r.method, Prefix+r.path, r.operation(gen))
	}
	consoleOperations(d)
	d.Components = map[string]any{
		"schemas":         gen.comps,
		"parameters":      sharedParameters(),
		"responses":       map[string]any{"VendorError": vendorError(), "ControlError": controlError(gen)},
		"securitySchemes": securitySchemes(),
	}
	return d, nil
}

func (d *Document) add(method, path string, op *Operation) {
	if d.Paths[path] == nil {
		d.Paths[path] = map[string]*Operation{}
	}
	d.Paths[path][strings.ToLower(method)] = op
}

// openAPI serves GET /__sandbox/openapi.json, with this server as the
// document's server, ready to import into Postman or Insomnia.
func (a *API) openAPI(c echo.Context) error {
	d, err := a.OpenAPI()
	if err != nil {
		return err
	}
	scheme := "http"
	if c.Request().TLS != nil {
		scheme = "https"
	}
	d.Servers = []map[string]string{{"url": scheme + "://" + c.Request().Host, "description": "this capsandbox"}}
	return c.JSON(http.StatusOK, d)
}

// ComponentName returns the component name of a schemas/ file name:
// "customer-add.request" → "CustomerAddRequest".
func ComponentName(file string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(file, func(r rune) bool { return r == '-' || r == '.' || r == '_' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// vendorSchemas loads every schemas/ file as a component; each file's
// definitions become components "<Name>_<definition>" and its $refs are
// rewritten to match.
func vendorSchemas() (map[string]any, error) {
	files, err := fs.Glob(schemas.FS, "*.schema.json")
	if err != nil {
		return nil, err
	}
	out := map[string]any{}
	for _, f := range files {
		data, err := fs.ReadFile(schemas.FS, f)
		if err != nil {
			return nil, err
		}
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("schemas/%s: %w", f, err)
		}
		name := ComponentName(strings.TrimSuffix(f, ".schema.json"))
		defs, _ := doc["definitions"].(map[string]any)
		delete(doc, "definitions")
		delete(doc, "$schema")
		out[name] = forGenerators(rewriteRefs(doc, name))
		for k, v := range defs {
			out[name+"_"+k] = forGenerators(rewriteRefs(v, name))
		}
	}
	return out, nil
}

func rewriteRefs(v any, name string) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if s, ok := x.(string); ok && k == "$ref" && strings.HasPrefix(s, "#/definitions/") {
				t[k] = "#/components/schemas/" + name + "_" + strings.TrimPrefix(s, "#/definitions/")
				continue
			}
			t[k] = rewriteRefs(x, name)
		}
	case []any:
		for i := range t {
			t[i] = rewriteRefs(t[i], name)
		}
	}
	return v
}

func schemaRef(file string) map[string]any {
	return map[string]any{"$ref": "#/components/schemas/" + ComponentName(file)}
}

func paramRef(name string) map[string]any {
	return map[string]any{"$ref": "#/components/parameters/" + name}
}

func securitySchemes() map[string]any {
	return map[string]any{
		"tillBasic": map[string]any{"type": "http", "scheme": "basic",
			"description": "Till username, and the MD5 hex digest of the till's password as the password (every built-in scenario: till1 / md5(\"123\") = 202cb962ac59075b964b07152d234b70)."},
		"adminBearer": map[string]any{"type": "http", "scheme": "bearer",
			"description": "The --admin-token (CAPSANDBOX_ADMIN_TOKEN), needed only when the server sets one."},
	}
}
