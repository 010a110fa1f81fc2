package httpapi

import (
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
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
			err = a.guard(c, next)
		}
		switch {
		case errors.Is(err, errReset):
			rs.outcome = OutcomeReset
			c.Response().Status = 0 // nothing was sent
		case err != nil:
			a.HandleError(err, c)
		}
		a.finish(c, rs)
		return nil
	}
}

// prepare negotiates the format, enforces the header limit and resolves
// the namespace when it exists. It creates none: auth does, once the
// request has passed it, so a refused or unknown request leaves nothing
// behind. Until then the request sees the state a new namespace would
// start with.
func (a *API) prepare(c echo.Context, rs *reqState) error {
	format, ferr := responseFormat(c)
	rs.format = format
	if n := headerBytes(c.Request()); n > a.headerLimit() {
		return Fail(sandbox.StatusHeadersTooLarge, "request line and headers are %d bytes; the limit is %d (--header-limit, CAPSANDBOX_HEADER_LIMIT)", n, a.headerLimit())
	}
	rs.name = c.Request().Header.Get(namespace.Header)
	if rs.name == "" {
		rs.name = namespace.Default
	}
	ns, err := a.Spaces.Lookup(rs.name)
	if err != nil {
		if err == namespace.ErrBadName {
			return Fail(sandbox.StatusBadInput, "header %s: %v", namespace.Header, err)
		}
		return err
	}
	if ns == nil {
		rs.st = a.Spaces.NewState()
		return ferr
	}
	rs.ns, rs.st = ns, ns.State()
	ns.Touch(rs.start)
	return ferr
}

// open gives an authenticated request its namespace, creating it on first
// use; the namespace limit answers 403 with the limit named.
func (a *API) open(rs *reqState) error {
	if rs.ns != nil {
		return nil
	}
	ns, err := a.Spaces.Get(rs.name)
	var le *namespace.LimitError
	if errors.As(err, &le) {
		return Fail(sandbox.StatusForbidden, "%s", le.Detail)
	}
	if err != nil {
		return err
	}
	rs.ns, rs.st = ns, ns.State()
	ns.Touch(rs.start)
	return nil
}

// guard runs next, turning a panic (or a fault reading a damaged store
// page) into an error: the client gets the vendor's 500 and the log a
// line with the stack, and the connection stays up.
func (a *API) guard(c echo.Context, next echo.HandlerFunc) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	return next(c)
}

// finish journals the request in its namespace and logs one line.
func (a *API) finish(c echo.Context, rs *reqState) {
	req, res := c.Request(), c.Response()
	dur := time.Since(rs.start)
	if rs.ns != nil {
		rs.ns.Journal.Append(namespace.Entry{RequestID: rs.id, Time: rs.start, Method: req.Method,
			Path: req.URL.Path, Query: req.URL.RawQuery, Headers: rs.journalHeaders(req.Header),
			Body: rs.body, Status: res.Status, Outcome: rs.outcome, ResponseHeaders: rs.journalHeaders(res.Header()), Response: rs.resp,
			DurationMS: float64(dur.Microseconds()) / 1000, ItemCodes: rs.codes, Explain: rs.explain})
	}
	ns := ""
	if rs.ns != nil {
		ns = rs.ns.Name
	}
	attrs := make([]slog.Attr, 0, 9)
	attrs = append(attrs, slog.String("request_id", rs.id), slog.String("namespace", ns), slog.String("method", req.Method),
		slog.String("path", req.URL.Path), slog.Int("status", res.Status))
	if rs.outcome != "" {
		attrs = append(attrs, slog.String("outcome", rs.outcome))
	}
	attrs = append(attrs, slog.String("codes", strings.Join(rs.codes, ",")))
	if rs.explain != "" {
		attrs = append(attrs, slog.String("explain", oneLine(rs.explain)))
	}
	attrs = append(attrs, slog.Float64("duration_ms", float64(dur.Microseconds())/1000))
	a.Log.LogAttrs(req.Context(), slog.LevelInfo, "request", attrs...)
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

// journalHeaders copies request or response headers for the journal,
// hiding secrets: the password of Basic credentials (the till stays
// visible), and the whole value of any other credential header
// (secretHeader).
func (rs *reqState) journalHeaders(h http.Header) map[string][]string {
	out := make(map[string][]string, len(h))
	for k, v := range h {
		switch {
		case k == "Authorization":
			v = []string{rs.redactAuth(v)}
		case secretHeader(k):
			v = redacted
		}
		out[k] = v
	}
	return out
}

// redacted is the journalled value of a secret header.
var redacted = []string{"***"}

// secretHeader reports whether a header carries a secret: a credential or
// session header, or any name containing token, secret, password or key
// (in any case).
func secretHeader(name string) bool {
	switch name {
	case "Proxy-Authorization", "Cookie", "Set-Cookie":
		return true
	}
	return containsFold(name, "token") || containsFold(name, "secret") || containsFold(name, "password") || containsFold(name, "key")
}

// containsFold reports whether s contains the lower-case ASCII word sub in
// any case, without allocating.
func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		j := 0
		for ; j < len(sub); j++ {
			if s[i+j]|0x20 != sub[j] {
				break
			}
		}
		if j == len(sub) {
			return true
		}
	}
	return false
}

// redactAuth is an Authorization value with its secret hidden: the
// Basic user stays (decoded once, by auth, when auth read this value).
func (rs *reqState) redactAuth(v []string) string {
	if len(v) == 0 {
		return ""
	}
	scheme, _, _ := strings.Cut(v[0], " ")
	if rs.auth != "" && rs.auth == v[0] {
		return scheme + " " + rs.authUser + ":***"
	}
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

// auth checks Basic base64(till:hexhash(password)) against the tills of
// the namespace's scenario, each with its own hash (MD5 unless the till
// says SHA-256); failures get HTTP 401 and the vendor body.
func (a *API) auth(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		rs := a.state(c)
		header := c.Request().Header.Get("Authorization")
		user, pass, ok := basicCredentials(header)
		if ok {
			rs.auth, rs.authUser = header, user // for the journal (journalHeaders)
		}
		if !ok {
			return Fail(sandbox.StatusUnauthorized, "send Authorization: Basic base64(till:md5hex(password))")
		}
		till, found := rs.st.Scenario.Org.TillByName(user)
		if !found {
			return Fail(sandbox.StatusUnauthorized, "unknown till %q", user)
		}
		if !till.Accepts(pass) {
			hash := "MD5"
			if till.PasswordHash == sandbox.HashSHA256 {
				hash = "SHA-256"
			}
			return Fail(sandbox.StatusUnauthorized, "wrong password for till %q (send the %s hex of the password)", user, hash)
		}
		rs.till = till.Username
		if err := a.open(rs); err != nil {
			return err
		}
		if ok, wait := rs.ns.Allow(till.Username, rs.settings().RateLimitPerMinute); !ok {
			return &Error{Code: sandbox.StatusRateLimited, RetryAfter: wait,
				Detail: fmt.Sprintf("till %s may send %d requests per minute", till.Username, rs.settings().RateLimitPerMinute)}
		}
		return next(c)
	}
}
