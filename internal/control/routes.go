package control

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"

	"github.com/capsandbox/capsandbox/internal/httpapi"
	"github.com/labstack/echo/v4"
)

// route is one control route: the handler Mount registers and what the
// OpenAPI document says of it (openapi_ops.go). Both read the one table
// routes returns, so no route is served undescribed or described unserved.
type route struct {
	method, path string // path under Prefix
	handler      echo.HandlerFunc
	flags        routeFlags
	id, summary  string
	desc         string
	query        []string // query parameters besides namespace
	body         any      // Go value of the JSON body, "yaml" for a scenario, nil for none
	status       int
	response     any // Go value of the answer; nil = no body
}

type routeFlags uint8

const (
	open       routeFlags = 1 << iota // served without the admin token
	serverWide                        // takes no namespace
)

// routes are the control routes (docs/CONTROL.md), in registration order.
func (a *API) routes() []route {
	rs := []route{
		{http.MethodGet, "/health", a.health, open | serverWide, "sandboxHealth", "Readiness",
			"200 once the store is open and the scenarios loaded, else 503. Never needs the admin token.",
			nil, nil, http.StatusOK, Health{}},
		{http.MethodPost, "/reset", a.reset, 0, "sandboxReset", "Reset the namespace",
			"Back to its scenario's initial customers; clock, journal, rule counters and rate limits cleared. ?all=true drops every namespace.",
			[]string{"all"}, nil, http.StatusOK, map[string]any{}},
		{http.MethodGet, "/scenario", a.getScenario, 0, "sandboxGetScenario", "The namespace's active scenario",
			"?format=yaml answers the scenario file.", []string{"format"}, nil, http.StatusOK, ScenarioInfo{}},
		{http.MethodPut, "/scenario", a.putScenario, 0, "sandboxPutScenario", "Switch the namespace's scenario",
			"By name (?name= or {\"name\": ...}) or a YAML body; resets the namespace. A bad YAML body gets 400 with file:line:column problems.",
			[]string{"name"}, "yaml", http.StatusOK, ScenarioInfo{}},
		{http.MethodGet, "/scenario/settings", a.getScenarioSettings, 0, "sandboxScenarioSettings", "The active scenario's settings in effect",
			"Tills (with the md5 password clients send), every sandbox: setting and org config with its value in effect, and the rules.",
			nil, nil, http.StatusOK, ScenarioSettings{}},
		{http.MethodGet, "/scenarios", a.listScenarios, serverWide, "sandboxListScenarios", "Available scenarios", "",
			nil, nil, http.StatusOK, ScenarioList{}},
		{http.MethodPost, "/scenarios/reload", a.reloadScenarios, serverWide, "sandboxReloadScenarios", "Re-read --scenarios-dir",
			"All or nothing; problems answered as file:line:column.", nil, nil, http.StatusOK, ScenarioList{}},
		{http.MethodGet, "/namespaces", a.listNamespaces, serverWide, "sandboxListNamespaces", "Namespaces in use or stored",
			"Each with its active scenario, customer count, journal size and last activity.",
			nil, nil, http.StatusOK, NamespaceList{}},
		{http.MethodGet, "/customers", a.listCustomers, 0, "sandboxListCustomers", "Stored customers",
			"A page in user-id order (?after=, ?limit= up to 1000), or the matches of an identifier filter.",
			[]string{"after", "limit", "mobile", "email", "external_id", "identifier", "user_id"}, nil, http.StatusOK, CustomerList{}},
		{http.MethodPost, "/customers", a.insertCustomers, 0, "sandboxInsertCustomers", "Insert customers directly",
			"One object or an array, all or nothing, through the engine; 409 when an identifier exists.",
			nil, []Customer{}, http.StatusCreated, CustomerList{}},
		{http.MethodGet, "/requests", a.listRequests, 0, "sandboxListRequests", "The request journal",
			"Oldest first; filters ?path= (prefix with *), ?method=, ?status= (e.g. 4xx,200), ?since= (RFC 3339), ?after= (seq), ?code= (e.g. 1000,1017), ?identifier= (a value the request or answer holds; repeatable, any matches), ?limit= (most recent N).",
			[]string{"path", "method", "status", "since", "after", "code", "identifier", "limit"}, nil, http.StatusOK, RequestList{}},
		{http.MethodDelete, "/requests", a.clearRequests, 0, "sandboxClearRequests", "Clear the journal", "",
			nil, nil, http.StatusNoContent, nil},
		{http.MethodGet, "/clock", a.getClock, 0, "sandboxGetClock", "The namespace's clock", "",
			nil, nil, http.StatusOK, Clock{}},
		{http.MethodPut, "/clock", a.putClock, 0, "sandboxPutClock", "Fix, offset or advance the clock",
			"Stamps registered_on, updated_on and tier expiry; an empty body returns to real time.",
			nil, ClockRequest{}, http.StatusOK, Clock{}},
		{http.MethodGet, "/codes", a.listCodes, serverWide, "sandboxCodes", "The codes X-Sandbox-Outcome can force",
			"Warning, item error and request-level codes with the vendor's texts, and the longest delay.",
			nil, nil, http.StatusOK, Codes{}},
		{http.MethodGet, "/openapi.json", a.openAPI, serverWide, "sandboxOpenAPI", "This document", "",
			nil, nil, http.StatusOK, map[string]any{}},
	}
	if a.Metrics != nil {
		rs = append(rs, route{http.MethodGet, "/metrics", a.Metrics, serverWide, "sandboxMetrics", "Prometheus metrics",
			"Text exposition format; needs the admin token when one is set.", nil, nil, http.StatusOK, textBody("text/plain")})
	}
	return rs
}

// Prefix returns the control API's path prefix, Prefix.
func (a *API) Prefix() string { return Prefix }

// Mount registers the control routes on g, a group at Prefix. Every route
// renders its own failures as {"error": ...} (renderErrors), and every
// one but health needs the admin token. Unknown paths under Prefix/ answer
// a JSON 404, and known paths asked with another method a JSON 405 (both
// after the token check, so they reveal nothing).
func (a *API) Mount(g *echo.Group) {
	if a.Log == nil {
		a.Log = slog.Default()
	}
	a.methods = map[string][]string{}
	for _, r := range a.routes() {
		h := r.handler
		if r.flags&open == 0 {
			h = a.requireToken(h)
		}
		g.Add(r.method, r.path, a.renderErrors(h)) // chain built once, not per request
		a.methods[Prefix+r.path] = append(a.methods[Prefix+r.path], r.method)
	}
	g.RouteNotFound("/*", a.renderErrors(a.requireToken(a.notFound)))
}

// notFound answers what no route matched: 405 for a known path, else 404.
func (a *API) notFound(c echo.Context) error {
	if allowed, ok := a.methods[c.Request().URL.Path]; ok {
		c.Response().Header().Set("Allow", strings.Join(allowed, ", "))
		return fail(http.StatusMethodNotAllowed, "%s %s: allowed methods are %s",
			c.Request().Method, c.Request().URL.Path, strings.Join(allowed, ", "))
	}
	return fail(http.StatusNotFound, "no control route %s %s (see GET %s/openapi.json)",
		c.Request().Method, c.Request().URL.Path, Prefix)
}

// guard runs next, turning a panic (or a fault reading a damaged store
// page) into an error: a logged 500, never a dropped connection.
func guard(c echo.Context, next echo.HandlerFunc) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	return next(c)
}

// renderErrors answers a failure of a control route as {"error": ...}:
// the status and message of an error from fail (an *echo.HTTPError), else
// a logged 500.
func (a *API) renderErrors(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		err := guard(c, next)
		if err == nil || c.Response().Committed {
			return nil
		}
		status, msg := http.StatusInternalServerError, "internal error"
		var he *echo.HTTPError
		if errors.As(err, &he) {
			status, msg = he.Code, fmt.Sprint(he.Message)
		} else {
			a.Log.Error("control API error", "err", err)
		}
		var ex *explained
		if errors.As(err, &ex) {
			c.Response().Header().Set(httpapi.ExplainHeader, msg)
		}
		_ = c.JSON(status, map[string]string{"error": msg})
		return nil
	}
}
