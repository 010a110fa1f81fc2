// Package control serves capsandbox's own API under /__sandbox/: health,
// reset, scenarios, customers, the request journal, the clock and the
// OpenAPI document. Its JSON is vendor-independent and never mixed with
// the /v1.1 routes; docs/CONTROL.md documents every route.
//
// Every control route but health takes its namespace from the "namespace"
// query parameter, else the X-Sandbox-Namespace header, else "default".
// Failures are JSON objects {"error": "..."} with a 4xx status.
package control

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/capsandbox/capsandbox/internal/namespace"
	"github.com/labstack/echo/v4"
)

// Prefix is the path prefix of every control route.
const Prefix = "/__sandbox"

// MaxBodyBytes is the largest control request body accepted (a scenario
// YAML file, a batch of customers to insert).
const MaxBodyBytes = 4 << 20

// API serves the control routes.
type API struct {
	Spaces  *namespace.Manager
	Token   string      // when set, every route but health needs "Authorization: Bearer <Token>"
	Version string      // reported by health
	Ready   func() bool // reports whether the store is open and the scenario loaded
	Started time.Time

	methods map[string][]string // path → methods, for 405 answers
}

// Register adds the control routes to e. Unknown paths under /__sandbox/
// answer a JSON 404, and known paths asked with another method a JSON 405
// (both after the token check, so they reveal nothing).
func (a *API) Register(e *echo.Echo) {
	a.methods = map[string][]string{}
	e.GET(Prefix+"/health", a.health)
	a.methods[Prefix+"/health"] = []string{http.MethodGet}
	g := e.Group(Prefix, a.requireToken)
	for _, r := range a.routes() {
		g.Add(r.method, r.path, r.handler)
		a.methods[Prefix+r.path] = append(a.methods[Prefix+r.path], r.method)
	}
	g.RouteNotFound("/*", a.notFound)
}

type route struct {
	method, path string
	handler      echo.HandlerFunc
}

func (a *API) routes() []route {
	return []route{
		{http.MethodPost, "/reset", a.reset},
		{http.MethodGet, "/scenario", a.getScenario},
		{http.MethodPut, "/scenario", a.putScenario},
		{http.MethodGet, "/scenarios", a.listScenarios},
		{http.MethodPost, "/scenarios/reload", a.reloadScenarios},
		{http.MethodGet, "/namespaces", a.listNamespaces},
		{http.MethodGet, "/customers", a.listCustomers},
		{http.MethodPost, "/customers", a.insertCustomers},
		{http.MethodGet, "/requests", a.listRequests},
		{http.MethodDelete, "/requests", a.clearRequests},
		{http.MethodGet, "/clock", a.getClock},
		{http.MethodPut, "/clock", a.putClock},
		{http.MethodGet, "/openapi.json", a.openAPI},
	}
}

// health serves GET /__sandbox/health: 200 once ready, else 503. It never
// needs the admin token, so orchestrators can probe it.
func (a *API) health(c echo.Context) error {
	ready := a.Ready == nil || a.Ready()
	status, code := "ok", http.StatusOK
	if !ready {
		status, code = "starting", http.StatusServiceUnavailable
	}
	return c.JSON(code, Health{Status: status, Ready: ready, Version: a.Version,
		Scenario: a.Spaces.Scenario().Name, Scenarios: len(a.Spaces.Library().Names()),
		Started: a.Started.UTC().Truncate(time.Second), UptimeS: time.Since(a.Started).Seconds()})
}

// Health is the answer of GET /__sandbox/health.
type Health struct {
	Status    string    `json:"status"` // "ok", or "starting" with HTTP 503
	Ready     bool      `json:"ready"`
	Version   string    `json:"version"`
	Scenario  string    `json:"scenario"`  // the scenario new namespaces start with
	Scenarios int       `json:"scenarios"` // how many scenarios are loaded
	Started   time.Time `json:"started"`
	UptimeS   float64   `json:"uptime_s"`
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

// space returns the namespace of a control request, creating it on first
// use.
func (a *API) space(c echo.Context) (*namespace.Namespace, error) {
	name := c.QueryParam(namespace.QueryParam)
	if name == "" {
		name = c.Request().Header.Get(namespace.Header)
	}
	if name == "" {
		name = namespace.Default
	}
	ns, err := a.Spaces.Get(name)
	if errors.Is(err, namespace.ErrBadName) {
		return nil, fail(http.StatusBadRequest, "namespace %q: %v", name, err)
	}
	return ns, err
}

// fail returns a control error: HTTP status and a message for the
// {"error": ...} body.
func fail(status int, format string, args ...any) error {
	return echo.NewHTTPError(status, fmt.Sprintf(format, args...))
}

// readBody reads a control request body of at most MaxBodyBytes.
func readBody(c echo.Context) ([]byte, error) {
	r := http.MaxBytesReader(c.Response(), c.Request().Body, MaxBodyBytes)
	data, err := io.ReadAll(r)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, fail(http.StatusRequestEntityTooLarge, "body larger than %d bytes", MaxBodyBytes)
	}
	if err != nil {
		return nil, fail(http.StatusBadRequest, "reading body: %v", err)
	}
	return data, nil
}

// decodeJSON decodes a JSON body into v, rejecting unknown fields and
// trailing data with a message naming the problem.
func decodeJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fail(http.StatusBadRequest, "invalid JSON body: %v", err)
	}
	if dec.More() {
		return fail(http.StatusBadRequest, "invalid JSON body: more than one JSON value")
	}
	return nil
}
