package control

import (
	"net/http"
	"strconv"

	"github.com/capsandbox/capsandbox/internal/httpapi"
	"github.com/capsandbox/capsandbox/internal/namespace"
	"github.com/capsandbox/capsandbox/internal/schema"
)

// vendorErrorStatuses are the HTTP statuses of request-level failures.
var vendorErrorStatuses = []int{400, 401, 404, 405, 413, 415, 429, 500, 503}

// vendorOperation describes a vendor route.
func vendorOperation(v httpapi.Route) *Operation {
	op := &Operation{Tags: []string{tagVendor}, Summary: v.Summary, Description: v.Description, OperationID: v.ID,
		Parameters: []map[string]any{paramRef("format"), paramRef("namespaceHeader"), paramRef("outcome")},
		Security:   []map[string][]string{{"tillBasic": {}}}, Responses: map[string]any{}}
	for _, q := range v.Query {
		op.Parameters = append(op.Parameters, vendorQuery(q))
	}
	if v.Request != "" {
		op.RequestBody = map[string]any{"required": true, "content": map[string]any{
			"application/json": map[string]any{"schema": schemaRef(v.Request)},
			"application/xml":  map[string]any{"schema": map[string]any{"type": "string", "description": "The same document in the vendor's XML form."}},
		}}
	}
	op.Responses["200"] = map[string]any{"description": "Processed; see response.status.", "content": map[string]any{
		"application/json": map[string]any{"schema": schemaRef(v.Response)},
		"application/xml":  map[string]any{"schema": map[string]any{"type": "string"}},
	}}
	for _, s := range vendorErrorStatuses {
		op.Responses[strconv.Itoa(s)] = map[string]any{"$ref": "#/components/responses/VendorError"}
	}
	return op
}

// vendorQuery describes a vendor route's query parameter; user_id, a
// flag, has its values and a default so that import tools send a valid one.
func vendorQuery(name string) map[string]any {
	p := map[string]any{"name": name, "in": "query", "required": false, "schema": map[string]any{"type": "string"}}
	if name == "user_id" {
		p["description"] = "true: each customer's user_id is in the answer."
		p["schema"] = map[string]any{"type": "string", "enum": []string{"true", "false"}, "default": "false"}
	}
	return p
}

func sharedParameters() map[string]any {
	str := map[string]any{"type": "string"}
	return map[string]any{
		"format": map[string]any{"name": "format", "in": "query", "required": false,
			"description": "Response (and request) format; else taken from Content-Type/Accept; default json.",
			"schema":      map[string]any{"type": "string", "enum": []string{"json", "xml"}, "default": "json"}},
		"namespaceHeader": map[string]any{"name": namespace.Header, "in": "header", "required": false,
			"description": "The isolated world to use (1-64 letters, digits, '.', '_', '-'); default \"default\".",
			"schema":      map[string]any{"type": "string", "default": namespace.Default}},
		"namespaceQuery": map[string]any{"name": namespace.QueryParam, "in": "query", "required": false,
			"description": "The namespace of a control request; wins over the " + namespace.Header + " header.", "schema": str},
		"outcome": map[string]any{"name": httpapi.OutcomeHeader, "in": "header", "required": false,
			"description": "Force an outcome: comma-separated directives warning=CODE, error=CODE, status=CODE, delay=DURATION, reset (e.g. warning=1017). Empty or absent: none.",
			"schema":      map[string]any{"type": "string", "default": ""}},
	}
}

func vendorError() map[string]any {
	return map[string]any{"description": "Request-level failure in the vendor's envelope.", "content": map[string]any{
		"application/json": map[string]any{"schema": schemaRef(schema.RequestError)},
		"application/xml":  map[string]any{"schema": map[string]any{"type": "string"}},
	}}
}

func controlError(g *typeSchemas) map[string]any {
	return map[string]any{"description": "Control failure.", "content": map[string]any{
		"application/json": map[string]any{"schema": g.ref(ErrorBody{})}}}
}

// operation describes a control route.
func (o route) operation(g *typeSchemas) *Operation {
	op := &Operation{Tags: []string{tagControl}, Summary: o.summary, Description: o.desc, OperationID: o.id,
		Responses: map[string]any{}}
	op.Security = []map[string][]string{{}} // no auth
	if o.flags&open == 0 {
		op.Security = append(op.Security, map[string][]string{"adminBearer": {}})
		op.Responses["4XX"] = map[string]any{"$ref": "#/components/responses/ControlError"}
	}
	if o.path == "/health" {
		op.Responses["503"] = map[string]any{"description": "Not ready yet.", "content": map[string]any{
			"application/json": map[string]any{"schema": g.ref(Health{})}}}
	}
	if o.flags&serverWide == 0 {
		op.Parameters = []map[string]any{paramRef("namespaceQuery"), paramRef("namespaceHeader")}
	}
	for _, q := range o.query {
		op.Parameters = append(op.Parameters, map[string]any{"name": q, "in": "query", "required": false,
			"schema": map[string]any{"type": "string"}})
	}
	op.RequestBody = o.requestBody(g)
	resp := map[string]any{"description": http.StatusText(o.status)}
	if content := o.content(g); content != nil {
		resp["content"] = content
	}
	op.Responses[strconv.Itoa(o.status)] = resp
	return op
}

func (o route) requestBody(g *typeSchemas) map[string]any {
	switch b := o.body.(type) {
	case nil:
		return nil
	case string:
		yaml := map[string]any{"type": "string", "description": "A scenario file."}
		if _, ok := g.comps[ComponentName(schema.Scenario)]; ok {
			yaml = schemaRef(schema.Scenario) // a YAML document of this JSON Schema
		}
		return map[string]any{"content": map[string]any{
			"application/yaml": map[string]any{"schema": yaml},
			"application/json": map[string]any{"schema": map[string]any{"type": "object", "properties": map[string]any{"name": map[string]any{"type": "string"}}}},
		}}
	default:
		return map[string]any{"content": map[string]any{"application/json": map[string]any{"schema": g.ref(b)}}}
	}
}

// content is the media types of the answer, or nil for none.
func (o route) content(g *typeSchemas) map[string]any {
	switch r := o.response.(type) {
	case nil:
		return nil
	case textBody:
		return map[string]any{string(r): map[string]any{"schema": map[string]any{"type": "string"}}}
	default:
		return map[string]any{"application/json": map[string]any{"schema": g.ref(r)}}
	}
}

// textBody is a non-JSON answer of a media type.
type textBody string
