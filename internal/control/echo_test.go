package control_test

import (
	"net/http/httptest"
	"strings"

	"github.com/capsandbox/capsandbox/internal/control"
	"github.com/labstack/echo/v4"
)

// newEcho serves only the control API (no vendor routes), for tests that
// need an API value the server does not build.
func newEcho(api *control.API) *echo.Echo {
	e := echo.New()
	api.Mount(e.Group(control.Prefix))
	return e
}

func serve(e *echo.Echo, method, target, body string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(method, target, strings.NewReader(body)))
	return rec
}
