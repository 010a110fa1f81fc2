// Package control serves capsandbox's own API under /__sandbox/: health,
// reset, scenarios, customers, the request journal, the clock and the
// OpenAPI document. Its JSON is vendor-independent and never mixed with
// the /v1.1 routes; docs/CONTROL.md documents every route.
//
// The API is mounted as its own route group at Prefix (Mount); one table
// (routes.go) registers its handlers and describes them in the OpenAPI
// document. Every control route but health takes its namespace from the
// "namespace" query parameter, else the X-Sandbox-Namespace header, else
// "default". Failures are JSON objects {"error": "..."} with a 4xx status,
// rendered by the group itself.
package control

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/capsandbox/capsandbox/internal/namespace"
	"github.com/labstack/echo/v4"
)

// Prefix is the path prefix of every control route, and its one
// spelling: the metrics route, sandboxtest and any API mounted beneath it
// (a console at Prefix+"/ui") build their paths from it.
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
	Log     *slog.Logger // internal errors; nil means slog.Default()
	// Metrics, when set, serves GET Prefix/metrics (internal/metrics),
	// behind the admin token like every other control route.
	Metrics echo.HandlerFunc

	methods map[string][]string // path → methods, for 405 answers
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
	return ns, limitError(err)
}

// limitError turns a *namespace.LimitError into a control failure: 403
// for the namespace limit, 413 for a scenario too big, with the limit
// named in the body and in X-Sandbox-Explain (renderErrors).
func limitError(err error) error {
	var le *namespace.LimitError
	if !errors.As(err, &le) {
		return err
	}
	status := http.StatusRequestEntityTooLarge
	if le.Limit == "max-namespaces" {
		status = http.StatusForbidden
	}
	return &explained{fail(status, "%s", le.Detail).(*echo.HTTPError)}
}

// explained is a control failure whose message also goes in the
// X-Sandbox-Explain header.
type explained struct{ *echo.HTTPError }

func (e *explained) Unwrap() error { return e.HTTPError }

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
