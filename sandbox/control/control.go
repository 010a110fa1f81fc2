// Package control serves capsandbox's own API under /__sandbox/: health,
// reset, scenarios, customers, the request journal, the clock and the
// OpenAPI document. Its JSON is vendor-independent and never mixed with
// the /v1.1 routes.
package control

import (
	"net/http"
	"time"

	"github.com/capsandbox/capsandbox/sandbox/namespace"
	"github.com/labstack/echo/v4"
)

// API serves the control routes.
type API struct {
	Spaces  *namespace.Manager
	Token   string      // when set, every route but health needs "Authorization: Bearer <Token>"
	Version string      // reported by health
	Ready   func() bool // reports whether the store is open and the scenario loaded
	Started time.Time
}

// Register adds the control routes to e.
func (a *API) Register(e *echo.Echo) {
	e.GET("/__sandbox/health", a.health)
}

// health serves GET /__sandbox/health: 200 once ready, else 503.
func (a *API) health(c echo.Context) error {
	status, code := "ok", http.StatusOK
	if a.Ready != nil && !a.Ready() {
		status, code = "starting", http.StatusServiceUnavailable
	}
	return c.JSON(code, map[string]any{
		"status":   status,
		"version":  a.Version,
		"scenario": a.Spaces.Scenario().Name,
		"uptime_s": time.Since(a.Started).Seconds(),
	})
}
