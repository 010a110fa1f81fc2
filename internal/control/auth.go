package control

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// requireToken lets a request through when the API has no token, or when
// it carries "Authorization: Bearer <token>" (compared in constant time);
// anything else gets a JSON 401.
func (a *API) requireToken(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if a.Token == "" {
			return next(c)
		}
		scheme, got, ok := strings.Cut(c.Request().Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") ||
			subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(a.Token)) != 1 {
			c.Response().Header().Set("WWW-Authenticate", `Bearer realm="capsandbox control API"`)
			return fail(http.StatusUnauthorized, "the control API needs Authorization: Bearer <admin token> (--admin-token)")
		}
		return next(c)
	}
}
