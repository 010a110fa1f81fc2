package control

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/capsandbox/capsandbox/internal/namespace"
	"github.com/labstack/echo/v4"
)

// RequestList is the answer of GET /__sandbox/requests.
type RequestList struct {
	Namespace string            `json:"namespace"`
	Cap       int               `json:"cap"` // most entries the journal keeps; older ones are dropped
	Requests  []namespace.Entry `json:"requests"`

	// LastSeq is the seq of the latest request journalled, matched or not
	// (0 for none): poll with ?after=LastSeq; a smaller value than the one
	// polled with means the journal started again (reset of all namespaces).
	LastSeq int64 `json:"last_seq"`
}

// listRequests serves GET /__sandbox/requests: the namespace's journal,
// oldest first, filtered by ?path= (exact, or a prefix ending in "*"),
// ?method=, ?status= (codes or classes such as 4xx, comma-separated),
// ?since= (RFC 3339 time, inclusive), ?after= (sequence number), ?code=
// (vendor codes answered), ?identifier= (a value the request or answer
// holds; repeatable) and ?limit= (the most recent N).
func (a *API) listRequests(c echo.Context) error {
	ns, err := a.space(c)
	if err != nil {
		return err
	}
	keep, err := requestFilter(c)
	if err != nil {
		return err
	}
	limit, err := intParam(c, "limit", 0, 0, 1<<31)
	if err != nil {
		return err
	}
	last, _ := ns.Journal.Last()
	entries := ns.Journal.Entries(keep)
	if limit > 0 && int(limit) < len(entries) {
		entries = entries[len(entries)-int(limit):]
	}
	return c.JSON(http.StatusOK, RequestList{Namespace: ns.Name, Cap: ns.Journal.Cap(), LastSeq: last, Requests: entries})
}

// clearRequests serves DELETE /__sandbox/requests: empty the namespace's
// journal.
func (a *API) clearRequests(c echo.Context) error {
	ns, err := a.space(c)
	if err != nil {
		return err
	}
	ns.Journal.Clear()
	return c.NoContent(http.StatusNoContent)
}

// requestFilter builds the journal filter of a GET /__sandbox/requests.
func requestFilter(c echo.Context) (func(*namespace.Entry) bool, error) {
	var tests []func(*namespace.Entry) bool
	if p := c.QueryParam("path"); p != "" {
		prefix, isPrefix := strings.CutSuffix(p, "*")
		tests = append(tests, func(e *namespace.Entry) bool {
			return e.Path == p || (isPrefix && strings.HasPrefix(e.Path, prefix))
		})
	}
	if m := c.QueryParam("method"); m != "" {
		tests = append(tests, func(e *namespace.Entry) bool { return strings.EqualFold(e.Method, m) })
	}
	if s := c.QueryParam("status"); s != "" {
		match, err := statusMatcher(s)
		if err != nil {
			return nil, err
		}
		tests = append(tests, func(e *namespace.Entry) bool { return match(e.Status) })
	}
	if s := c.QueryParam("since"); s != "" {
		since, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return nil, fail(http.StatusBadRequest, "since must be an RFC 3339 time such as 2024-05-01T10:00:00Z, not %q", s)
		}
		tests = append(tests, func(e *namespace.Entry) bool { return !e.Time.Before(since) })
	}
	after, err := intParam(c, "after", 0, 0, 1<<62)
	if err != nil {
		return nil, err
	}
	if after > 0 {
		tests = append(tests, func(e *namespace.Entry) bool { return e.Seq > after })
	}
	more, err := matchFilters(c)
	if err != nil {
		return nil, err
	}
	tests = append(tests, more...)
	return func(e *namespace.Entry) bool {
		for _, t := range tests {
			if !t(e) {
				return false
			}
		}
		return true
	}, nil
}

// statusMatcher parses "200,4xx" into a test on HTTP status codes.
func statusMatcher(s string) (func(int) bool, error) {
	var codes []int
	var classes []int
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if len(part) == 3 && strings.HasSuffix(strings.ToLower(part), "xx") && part[0] >= '1' && part[0] <= '5' {
			classes = append(classes, int(part[0]-'0'))
			continue
		}
		n, err := strconv.Atoi(part)
		if err != nil || n < 100 || n > 599 {
			return nil, fail(http.StatusBadRequest, "status must be HTTP codes or classes like 4xx, comma-separated, not %q", s)
		}
		codes = append(codes, n)
	}
	return func(st int) bool {
		for _, c := range codes {
			if st == c {
				return true
			}
		}
		for _, k := range classes {
			if st/100 == k {
				return true
			}
		}
		return false
	}, nil
}
