package httpapi

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/wire"
	"github.com/labstack/echo/v4"
)

// Error is a request-level failure. Every one is rendered in the vendor's
// request-level envelope (docs/VENDOR.md, Request-level errors) by
// HandleError.
type Error struct {
	Code   sandbox.Code
	Text   string // the vendor message when it is not the code's own text
	Detail string // names the problem: X-Sandbox-Explain, and the message's end with explain_errors
	// RetryAfter, when positive, is sent as the Retry-After header (seconds).
	RetryAfter int
}

func (e *Error) Error() string {
	if e.Detail == "" {
		return sandbox.RequestMessage(e.Code)
	}
	return sandbox.RequestMessage(e.Code) + ": " + e.Detail
}

// Fail returns a request-level failure with a detail message.
func Fail(code sandbox.Code, format string, args ...any) *Error {
	return &Error{Code: code, Detail: fmt.Sprintf(format, args...)}
}

// echoCodes maps the HTTP errors Echo itself raises to vendor codes.
var echoCodes = map[int]sandbox.Code{
	http.StatusBadRequest:            sandbox.StatusBadInput,
	http.StatusUnauthorized:          sandbox.StatusUnauthorized,
	http.StatusForbidden:             sandbox.StatusForbidden,
	http.StatusNotFound:              sandbox.StatusNotFound,
	http.StatusMethodNotAllowed:      sandbox.StatusMethod,
	http.StatusRequestEntityTooLarge: sandbox.StatusTooLarge,
	http.StatusUnsupportedMediaType:  sandbox.StatusMediaType,
	http.StatusTooManyRequests:       sandbox.StatusRateLimited,
	http.StatusServiceUnavailable:    sandbox.StatusUnavailable,
}

// asError turns any handler error into a vendor Error; internal failures
// become 407 "Unknown error while processing" answered with HTTP 500.
func asError(err error, log *slog.Logger) (*Error, int) {
	var ve *Error
	if errors.As(err, &ve) {
		return ve, 0
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		if code, ok := echoCodes[he.Code]; ok {
			detail := ""
			if he.Code == http.StatusNotFound {
				detail = "no such resource"
			}
			return &Error{Code: code, Detail: detail}, 0
		}
	}
	var se *storeError
	if errors.As(err, &se) {
		log.Error("store error", "err", se.err)
		return &Error{Code: sandbox.StatusUnknownError, Detail: se.Error()}, http.StatusInternalServerError
	}
	log.Error("internal error", "err", err)
	return &Error{Code: sandbox.StatusUnknownError, Detail: "internal error"}, http.StatusInternalServerError
}

// storeError is a request whose transaction the store could not commit
// (a full disk, a damaged file): nothing of it was stored.
type storeError struct {
	err   error
	items int
}

func (e *storeError) Error() string {
	return fmt.Sprintf("the store could not commit this request (%v); none of its %d customers was stored", e.err, e.items)
}

// storeFailure wraps a failed write of a request of items customers;
// request-level errors (a vendor Error) and a namespace dropped meanwhile
// pass through.
func storeFailure(err error, items int) error {
	var ve *Error
	if errors.As(err, &ve) {
		return err
	}
	return &storeError{err: err, items: items}
}

// requestErrorDoc builds the request-level body for code (docs/VENDOR.md,
// Request-level errors), or the OAuth gateway's body for 498 and, when the scenario asks, 401.
func requestErrorDoc(e *Error, s *sandbox.Settings, now time.Time) wire.Value {
	msg := e.Text
	if msg == "" {
		msg = s.MessageTexts.Request(e.Code)
	}
	switch {
	case e.Code == sandbox.StatusTokenExpired:
		return oauthDoc(e.Code, sandbox.TokenExpiredMessage(now))
	case e.Code == sandbox.StatusUnauthorized && s.AuthFailureBody == sandbox.AuthBodyOAuth:
		return oauthDoc(e.Code, sandbox.MsgOAuthUnauthorized)
	}
	if e.Detail != "" && s.ExplainErrors {
		msg += ": " + e.Detail
	}
	status := wire.Object(4)
	status.Add("code", wire.Int(int64(e.Code))).
		Add("message", wire.String(msg)).
		Add("success", wire.Bool(false)).
		Add("warnings", wire.Wrap("warning", wire.Array()))
	return wire.Wrap("response", wire.Wrap("status", status))
}

// oauthDoc is the OAuth gateway's failure body: success "true" (sic), the
// code as a string, customers null.
func oauthDoc(code sandbox.Code, msg string) wire.Value {
	status := wire.Object(3)
	status.Add("success", wire.String("true")).
		Add("code", wire.String(code.String())).
		Add("message", wire.String(msg))
	r := wire.Object(2)
	r.Add("status", status).Add("customers", wire.Null())
	return wire.Wrap("response", r)
}

// HandleError renders err in the vendor's request-level envelope; begin
// calls it for every vendor route, and the server makes it Echo's error
// handler for any error no API rendered. It never writes Echo's default
// page.
func (a *API) HandleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	rs := a.state(c)
	ve, httpStatus := asError(err, a.Log)
	if httpStatus == 0 {
		httpStatus = sandbox.HTTPStatus(ve.Code)
		if rs.settings().RequestErrorHTTP == sandbox.ErrorHTTP200 {
			httpStatus = http.StatusOK
		}
	}
	if ve.Code == sandbox.StatusUnauthorized {
		c.Response().Header().Set("WWW-Authenticate", `Basic realm="capsandbox"`)
	}
	if ve.RetryAfter > 0 {
		c.Response().Header().Set("Retry-After", strconv.Itoa(ve.RetryAfter))
	}
	rs.codes = append(rs.codes[:0], strconv.Itoa(int(ve.Code)))
	rs.counted(rs.codes, 0, 0)
	rs.explain = ve.Detail
	a.write(c, rs, httpStatus, requestErrorDoc(ve, rs.settings(), rs.now()))
}
