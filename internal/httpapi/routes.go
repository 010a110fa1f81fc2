package httpapi

import (
	"net/http"
	"slices"
	"strings"

	"github.com/capsandbox/capsandbox/internal/schema"
	"github.com/labstack/echo/v4"
)

// Route is one vendor route: the handler Mount registers and what the
// OpenAPI document (internal/control) says of it. Both read the one table
// Routes returns, so no route is served undescribed or described unserved.
type Route struct {
	Method, Path             string
	ID, Summary, Description string
	Request, Response        string   // schema names (internal/schema); "" = no body
	Query                    []string // query parameters besides format

	serve func(*API, echo.Context) error
}

// routes are the emulated vendor routes, in registration order.
var routes = []Route{
	{http.MethodPost, "/v1.1/customer/add", "addCustomers", "Register or update customers (batch upsert)",
		"Each customer is decided on its own (validated, matched by its identifiers, registered or updated) and answered in request order; overall status 200 (all succeeded), 201 (some failed) or 500 (all failed), always with HTTP 200. Request-level failures (bad body, auth, media type, batch limit) answer 4xx with a status block only.",
		schema.AddRequest, schema.AddResponse, []string{"user_id"}, (*API).add},
	{http.MethodGet, "/v1.1/customer/get", "getCustomers", "Look customers up",
		"By the first of mobile, email, external_id, id given (comma-separated values allowed); a value no customer holds is an item with code 1012.",
		"", schema.GetResponse, []string{"mobile", "email", "external_id", "id", "user_id"}, (*API).get},
	{http.MethodPost, "/v1.1/customer/update", "updateCustomers", "Update customers",
		"Each customer is found by its identifiers and updated; answered like customer/add.", schema.UpdateRequest, schema.AddResponse, nil, (*API).update},
	{http.MethodPut, "/v1.1/customer/update", "updateCustomersPut", "Update customers (PUT)",
		"As POST; accepted when the scenario's update_methods allow PUT.", schema.UpdateRequest, schema.AddResponse, nil, (*API).update},
	{http.MethodGet, "/v1.1/organization/configs", "getOrganizationConfigs", "The org's configs",
		"The namespace's active scenario's configs in the vendor's shape.", "", schema.OrgConfigs, nil, (*API).configs},
	{http.MethodGet, "/v1.1/organization/customfields", "getOrganizationCustomFields", "The org's custom fields",
		"The namespace's active scenario's custom field definitions.", "", schema.OrgCustomFields, []string{"scope"}, (*API).customFields},
}

// Routes returns the vendor routes, in registration order.
func Routes() []Route { return slices.Clone(routes) }

// Prefix is the path prefix of the vendor API: none. Its group also
// answers every path no other API owns (Mount).
func (a *API) Prefix() string { return "" }

// Mount registers the vendor routes on g, a group at Prefix, and a
// catch-all for the paths no route matches. Every one runs begin, which
// renders any failure in the vendor's envelope; the routes also run auth.
func (a *API) Mount(g *echo.Group) {
	a.init()
	a.allow = map[string]string{}
	for path, methods := range routeMethods() {
		a.allow[path] = allowHeader(methods)
	}
	// The chains are built here, once, rather than passed as route
	// middleware, which Echo applies again on every request.
	for _, r := range routes {
		g.Add(r.Method, r.Path, a.begin(a.auth(a.handler(r.serve))))
	}
	g.RouteNotFound("/*", a.routePath(a.begin(a.notFound)))
}

func (a *API) handler(serve func(*API, echo.Context) error) echo.HandlerFunc {
	return func(c echo.Context) error { return serve(a, c) }
}

// notFound answers a request no vendor route matched as Echo's router
// answers one without a catch-all: a vendor path asked with another
// method gets 405 and an Allow header (OPTIONS gets 204 and the header),
// any other path 404.
func (a *API) notFound(c echo.Context) error {
	allow, ok := a.allow[echo.GetPath(c.Request())]
	switch {
	case !ok:
		return echo.ErrNotFound
	case c.Request().Method == http.MethodOptions:
		c.Response().Header().Add(echo.HeaderAllow, allow)
		return c.NoContent(http.StatusNoContent)
	}
	c.Response().Header().Set(echo.HeaderAllow, allow)
	return echo.ErrMethodNotAllowed
}

// routePath sets the route path of a request for notFound as Echo's
// router sets it without a catch-all: the vendor path for a 405, none for
// a 404, so metrics count unknown paths as unmatched.
func (a *API) routePath(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		path := echo.GetPath(c.Request())
		if _, ok := a.allow[path]; !ok {
			path = ""
		}
		c.SetPath(path)
		return next(c)
	}
}

func routeMethods() map[string][]string {
	out := map[string][]string{}
	for _, r := range routes {
		out[r.Path] = append(out[r.Path], r.Method)
	}
	return out
}

// allowOrder is the order Echo's router lists methods in an Allow header.
var allowOrder = []string{http.MethodConnect, http.MethodDelete, http.MethodGet, http.MethodHead,
	http.MethodPatch, http.MethodPost, "PROPFIND", http.MethodPut, http.MethodTrace, "REPORT"}

// allowHeader is the Allow header of a path served with methods, as Echo
// writes it: OPTIONS first, then the methods in allowOrder.
func allowHeader(methods []string) string {
	out := []string{http.MethodOptions}
	for _, m := range allowOrder {
		if slices.Contains(methods, m) {
			out = append(out, m)
		}
	}
	return strings.Join(out, ", ")
}
