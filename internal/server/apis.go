package server

import (
	"github.com/capsandbox/capsandbox/internal/httpapi"
	"github.com/labstack/echo/v4"
)

// An API is one HTTP API of the server, mounted on its own Echo route
// group: the vendor API (internal/httpapi) at "", which also answers every
// path no other API owns, the control API (internal/control) at
// control.Prefix and the web console (internal/console) at
// control.ConsolePath. Each renders its own failures in its own shape from
// its routes' middleware, so no error handler branches on the path.
//
// Adding one takes an API value appended in mount: Mount registers its
// routes on g and a
// g.RouteNotFound("/*", ...) for its unknown paths. The router prefers the
// longest static prefix, so its group answers everything under its
// prefix, the enclosing API nothing there.
type API interface {
	// Prefix is the path prefix of every route of the API ("" for none).
	Prefix() string
	// Mount registers the API's routes, middleware and catch-all on g, a
	// group at Prefix.
	Mount(g *echo.Group)
}

// mount builds the server's routing: the metrics middleware first (it
// counts every request's final status), request ids on every response,
// then each API on its own group. Echo's own error handler renders in the
// vendor's envelope whatever no API rendered (nothing should reach it).
func (s *Server) mount(vendor *httpapi.API, apis ...API) {
	s.Echo.HTTPErrorHandler = vendor.HandleError
	s.Echo.Use(s.Metrics.Middleware, vendor.Identify)
	for _, api := range append([]API{vendor}, apis...) {
		api.Mount(s.Echo.Group(api.Prefix()))
	}
}
