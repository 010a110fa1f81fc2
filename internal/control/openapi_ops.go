package control

import (
	"net/http"
	"strconv"

	"github.com/capsandbox/capsandbox/internal/namespace"
	"github.com/capsandbox/capsandbox/internal/schema"
)

// vendorOp is an emulated /v1.1 operation.
type vendorOp struct {
	method, path, id, summary, desc string
	request, response               string // schema names; "" = no body
	query                           []string
}

// vendorOps are the emulated routes (SPEC §3), with the reference sections
// they follow.
var vendorOps = []vendorOp{
	{http.MethodPost, "/v1.1/customer/add", "customerAdd", "Register or update customers (batch upsert)",
		"Each customer is decided on its own (reference §2.6) and answered in order; overall status 200, 201 or 500, always with HTTP 200.",
		schema.AddRequest, schema.AddResponse, []string{"user_id"}},
	{http.MethodGet, "/v1.1/customer/get", "customerGet", "Look customers up",
		"By the first of mobile, email, external_id, id (comma-separated values allowed); reference §5.1.",
		"", schema.GetResponse, []string{"mobile", "email", "external_id", "id", "user_id"}},
	{http.MethodPost, "/v1.1/customer/update", "customerUpdate", "Update customers",
		"Reference §5.2.", schema.UpdateRequest, schema.AddResponse, nil},
	{http.MethodPut, "/v1.1/customer/update", "customerUpdatePut", "Update customers (PUT)",
		"Reference §5.2; accepted when the scenario allows PUT.", schema.UpdateRequest, schema.AddResponse, nil},
	{http.MethodGet, "/v1.1/organization/configs", "organizationConfigs", "The org's configs",
		"The namespace's active scenario's configs in the vendor's shape.", "", schema.OrgConfigs, nil},
	{http.MethodGet, "/v1.1/organization/customfields", "organizationCustomFields", "The org's custom fields",
		"The namespace's active scenario's custom field definitions.", "", schema.OrgCustomFields, []string{"scope"}},
}

// vendorErrorStatuses are the HTTP statuses of request-level failures.
var vendorErrorStatuses = []int{400, 401, 404, 405, 413, 415, 429, 500, 503}

func (v vendorOp) operation() *Operation {
	op := &Operation{Tags: []string{tagVendor}, Summary: v.summary, Description: v.desc, OperationID: v.id,
		Parameters: []map[string]any{paramRef("format"), paramRef("namespaceHeader"), paramRef("outcome")},
		Security:   []map[string][]string{{"tillBasic": {}}}, Responses: map[string]any{}}
	for _, q := range v.query {
		op.Parameters = append(op.Parameters, map[string]any{"name": q, "in": "query", "required": false,
			"schema": map[string]any{"type": "string"}})
	}
	if v.request != "" {
		op.RequestBody = map[string]any{"required": true, "content": map[string]any{
			"application/json": map[string]any{"schema": schemaRef(v.request)},
			"application/xml":  map[string]any{"schema": map[string]any{"type": "string", "description": "The same document in the vendor's XML form."}},
		}}
	}
	op.Responses["200"] = map[string]any{"description": "Processed; see response.status.", "content": map[string]any{
		"application/json": map[string]any{"schema": schemaRef(v.response)},
		"application/xml":  map[string]any{"schema": map[string]any{"type": "string"}},
	}}
	for _, s := range vendorErrorStatuses {
		op.Responses[strconv.Itoa(s)] = map[string]any{"$ref": "#/components/responses/VendorError"}
	}
	return op
}

func sharedParameters() map[string]any {
	str := map[string]any{"type": "string"}
	return map[string]any{
		"format": map[string]any{"name": "format", "in": "query", "required": false,
			"description": "Response (and request) format; else taken from Content-Type/Accept; default json.",
			"schema":      map[string]any{"type": "string", "enum": []string{"json", "xml"}}},
		"namespaceHeader": map[string]any{"name": namespace.Header, "in": "header", "required": false,
			"description": "The isolated world to use (1-64 letters, digits, '.', '_', '-'); default \"default\".", "schema": str},
		"namespaceQuery": map[string]any{"name": namespace.QueryParam, "in": "query", "required": false,
			"description": "The namespace of a control request; wins over the " + namespace.Header + " header.", "schema": str},
		"outcome": map[string]any{"name": "X-Sandbox-Outcome", "in": "header", "required": false,
			"description": "Force an outcome: comma-separated directives warning=CODE, error=CODE, status=CODE, delay=DURATION, reset.",
			"schema":      str, "example": "warning=1017"},
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

// controlOp is a control route.
type controlOp struct {
	method, path, id, summary, desc string
	query                           []string // query parameters besides namespace
	body                            any      // Go value of the JSON body, "yaml" for a scenario, nil for none
	status                          int
	response                        any // Go value of the answer; nil = no body
}

func (o controlOp) operation(g *typeSchemas) *Operation {
	op := &Operation{Tags: []string{tagControl}, Summary: o.summary, Description: o.desc, OperationID: o.id,
		Responses: map[string]any{}}
	op.Security = []map[string][]string{{}} // no auth
	if o.path != Prefix+"/health" {
		op.Security = append(op.Security, map[string][]string{"adminBearer": {}})
		op.Responses["4XX"] = map[string]any{"$ref": "#/components/responses/ControlError"}
	} else {
		op.Responses["503"] = map[string]any{"description": "Not ready yet.", "content": map[string]any{
			"application/json": map[string]any{"schema": g.ref(Health{})}}}
	}
	if !serverWide[o.path] {
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

func (o controlOp) requestBody(g *typeSchemas) map[string]any {
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
func (o controlOp) content(g *typeSchemas) map[string]any {
	switch r := o.response.(type) {
	case nil:
		return nil
	case textBody:
		return map[string]any{string(r): map[string]any{"schema": map[string]any{"type": "string"}}}
	default:
		return map[string]any{"application/json": map[string]any{"schema": g.ref(r)}}
	}
}

// serverWide are the control routes that take no namespace.
var serverWide = map[string]bool{Prefix + "/health": true, Prefix + "/scenarios": true, Prefix + "/scenarios/reload": true,
	Prefix + "/namespaces": true, Prefix + "/openapi.json": true, Prefix + "/metrics": true}

// textBody is a non-JSON answer of a media type.
type textBody string

// controlOps are the control routes (SPEC §6; docs/CONTROL.md).
var controlOps = []controlOp{
	{http.MethodGet, Prefix + "/health", "sandboxHealth", "Readiness", "200 once the store is open and the scenarios loaded, else 503. Never needs the admin token.",
		nil, nil, http.StatusOK, Health{}},
	{http.MethodPost, Prefix + "/reset", "sandboxReset", "Reset the namespace", "Back to its scenario's initial customers; clock, journal, rule counters and rate limits cleared. ?all=true drops every namespace.",
		[]string{"all"}, nil, http.StatusOK, map[string]any{}},
	{http.MethodGet, Prefix + "/scenario", "sandboxGetScenario", "The namespace's active scenario", "?format=yaml answers the scenario file.",
		[]string{"format"}, nil, http.StatusOK, ScenarioInfo{}},
	{http.MethodPut, Prefix + "/scenario", "sandboxPutScenario", "Switch the namespace's scenario", "By name (?name= or {\"name\": ...}) or a YAML body; resets the namespace. A bad YAML body gets 400 with file:line problems.",
		[]string{"name"}, "yaml", http.StatusOK, ScenarioInfo{}},
	{http.MethodGet, Prefix + "/scenarios", "sandboxListScenarios", "Available scenarios", "", nil, nil, http.StatusOK, ScenarioList{}},
	{http.MethodPost, Prefix + "/scenarios/reload", "sandboxReloadScenarios", "Re-read --scenarios-dir", "All or nothing; problems answered as file:line.",
		nil, nil, http.StatusOK, ScenarioList{}},
	{http.MethodGet, Prefix + "/namespaces", "sandboxListNamespaces", "Namespaces in use or stored", "", nil, nil, http.StatusOK, map[string][]string{}},
	{http.MethodGet, Prefix + "/customers", "sandboxListCustomers", "Stored customers", "A page in user-id order (?after=, ?limit= up to 1000), or the matches of an identifier filter.",
		[]string{"after", "limit", "mobile", "email", "external_id", "identifier", "user_id"}, nil, http.StatusOK, CustomerList{}},
	{http.MethodPost, Prefix + "/customers", "sandboxInsertCustomers", "Insert customers directly", "One object or an array, all or nothing, through the engine; 409 when an identifier exists.",
		nil, []Customer{}, http.StatusCreated, CustomerList{}},
	{http.MethodGet, Prefix + "/requests", "sandboxListRequests", "The request journal", "Oldest first; filters ?path= (prefix with *), ?method=, ?status= (e.g. 4xx,200), ?since= (RFC 3339), ?after= (seq), ?limit= (most recent N).",
		[]string{"path", "method", "status", "since", "after", "limit"}, nil, http.StatusOK, RequestList{}},
	{http.MethodDelete, Prefix + "/requests", "sandboxClearRequests", "Clear the journal", "", nil, nil, http.StatusNoContent, nil},
	{http.MethodGet, Prefix + "/clock", "sandboxGetClock", "The namespace's clock", "", nil, nil, http.StatusOK, Clock{}},
	{http.MethodPut, Prefix + "/clock", "sandboxPutClock", "Fix, offset or advance the clock", "Stamps registered_on, updated_on and tier expiry; an empty body returns to real time.",
		nil, ClockRequest{}, http.StatusOK, Clock{}},
	{http.MethodGet, Prefix + "/openapi.json", "sandboxOpenAPI", "This document", "", nil, nil, http.StatusOK, map[string]any{}},
	// served by package metrics
	{http.MethodGet, Prefix + "/metrics", "sandboxMetrics", "Prometheus metrics", "Text exposition format; needs the admin token when one is set.",
		nil, nil, http.StatusOK, textBody("text/plain")},
}
