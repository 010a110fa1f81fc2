package httpapi

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/capsandbox/capsandbox/internal/namespace"
	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/labstack/echo/v4"
)

// begin starts every vendor request: its request id (from Identify, or a
// new one), response format and namespace. It renders a failure of the
// handler in the vendor's envelope (HandleError), then journals and logs
// the request; it never returns an error.
func (a *API) begin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		rs := a.state(c)
		rs.id = c.Response().Header().Get(RequestIDHeader)
		if rs.id == "" {
			rs.id = a.newRequestID()
			c.Response().Header().Set(RequestIDHeader, rs.id)
		}
		err := a.prepare(c, rs)
		if err == nil {
			err = next(c)
		}
		if err != nil && !errors.Is(err, errReset) {
			a.HandleError(err, c)
		}
		a.finish(c, rs)
		return nil
	}
}

// prepare negotiates the format and resolves the namespace.
func (a *API) prepare(c echo.Context, rs *reqState) error {
	format, ferr := responseFormat(c.Request())
	rs.format = format
	name := c.Request().Header.Get(namespace.Header)
	if name == "" {
		name = namespace.Default
	}
	ns, err := a.Spaces.Get(name)
	if err != nil {
		if err == namespace.ErrBadName {
			return Fail(sandbox.StatusBadInput, "header %s: %v", namespace.Header, err)
		}
		return err
	}
	rs.ns, rs.st = ns, ns.State()
	return ferr
}

// finish journals the request in its namespace and logs one line.
func (a *API) finish(c echo.Context, rs *reqState) {
	req, res := c.Request(), c.Response()
	dur := time.Since(rs.start)
	if rs.ns != nil {
		rs.ns.Journal.Append(namespace.Entry{RequestID: rs.id, Time: rs.start, Method: req.Method,
			Path: req.URL.Path, Query: req.URL.RawQuery, Headers: journalHeaders(req.Header),
			Body: rs.body, Status: res.Status, ResponseHeaders: res.Header().Clone(), Response: rs.resp,
			DurationMS: float64(dur.Microseconds()) / 1000, ItemCodes: rs.codes})
	}
	ns := ""
	if rs.ns != nil {
		ns = rs.ns.Name
	}
	a.Log.LogAttrs(req.Context(), slog.LevelInfo, "request", slog.String("request_id", rs.id),
		slog.String("namespace", ns), slog.String("method", req.Method), slog.String("path", req.URL.Path),
		slog.Int("status", res.Status), slog.String("codes", strings.Join(rs.codes, ",")),
		slog.Float64("duration_ms", float64(dur.Microseconds())/1000))
}

// ItemCodes returns the vendor codes a finished /v1.1 request answered
// (one per item, or its request-level code); nil for other requests. The
// metrics middleware counts them.
func ItemCodes(c echo.Context) []string {
	if rs, ok := c.Get(stateKey).(*reqState); ok {
		return rs.codes
	}
	return nil
}

// journalHeaders copies request headers, hiding credentials.
func journalHeaders(h http.Header) map[string][]string {
	out := make(map[string][]string, len(h))
	for k, v := range h {
		if k == "Authorization" {
			v = []string{redactAuth(v)}
		}
		out[k] = v
	}
	return out
}

func redactAuth(v []string) string {
	if len(v) == 0 {
		return ""
	}
	scheme, _, _ := strings.Cut(v[0], " ")
	if user, _, ok := basicCredentials(v[0]); ok {
		return scheme + " " + user + ":***"
	}
	return scheme + " ***"
}

// basicCredentials decodes an "Authorization: Basic" value.
func basicCredentials(h string) (user, pass string, ok bool) {
	scheme, enc, found := strings.Cut(h, " ")
	if !found || !strings.EqualFold(scheme, "Basic") {
		return "", "", false
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(enc))
	if err != nil {
		return "", "", false
	}
	return strings.Cut(string(raw), ":")
}

// auth checks Basic base64(till:md5hex(password)) against the tills of the
// namespace's scenario (reference §1.5); failures get HTTP 401 and the
// vendor body.
func (a *API) auth(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		rs := a.state(c)
		user, pass, ok := basicCredentials(c.Request().Header.Get("Authorization"))
		if !ok {
			return Fail(sandbox.StatusUnauthorized, "send Authorization: Basic base64(till:md5hex(password))")
		}
		till, found := rs.st.Scenario.Org.TillByName(user)
		if !found {
			return Fail(sandbox.StatusUnauthorized, "unknown till %q", user)
		}
		sum := md5.Sum([]byte(till.Password))
		if !strings.EqualFold(pass, hex.EncodeToString(sum[:])) {
			return Fail(sandbox.StatusUnauthorized, "wrong password for till %q (send the MD5 hex of the password)", user)
		}
		rs.till = till.Username
		if ok, wait := rs.ns.Allow(till.Username, rs.settings().RateLimitPerMinute); !ok {
			return &Error{Code: sandbox.StatusRateLimited, RetryAfter: wait,
				Detail: fmt.Sprintf("till %s may send %d requests per minute", till.Username, rs.settings().RateLimitPerMinute)}
		}
		return next(c)
	}
}
