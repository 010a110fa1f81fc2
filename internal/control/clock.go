package control

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/capsandbox/capsandbox/internal/namespace"
	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/labstack/echo/v4"
)

// Clock is the answer of GET and PUT /__sandbox/clock.
type Clock struct {
	Namespace string `json:"namespace"`
	Now       string `json:"now"`        // RFC 3339
	NowVendor string `json:"now_vendor"` // YYYY-MM-DD HH:MM:SS in the org's time zone
	Fixed     bool   `json:"fixed"`
	Offset    string `json:"offset"` // added to real time when not fixed
}

// ClockRequest is the body of PUT /__sandbox/clock. At most one field may
// be set; an empty body returns the namespace to real time.
type ClockRequest struct {
	// Fixed stops the clock at a time: RFC 3339, or YYYY-MM-DD HH:MM:SS in
	// the org's time zone.
	Fixed string `json:"fixed,omitempty"`
	// Offset runs the clock at real time plus a duration ("-36h", "90d").
	Offset string `json:"offset,omitempty"`
	// Advance moves the clock as it is (fixed or running) by a duration.
	Advance string `json:"advance,omitempty"`
}

// getClock serves GET /__sandbox/clock.
func (a *API) getClock(c echo.Context) error {
	ns, err := a.space(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, viewClock(ns))
}

// putClock serves PUT /__sandbox/clock: fix, offset or advance the
// namespace's clock, which stamps registered_on, updated_on and tier
// expiry dates. Reset returns a namespace to real time.
func (a *API) putClock(c echo.Context) error {
	ns, err := a.space(c)
	if err != nil {
		return err
	}
	body, err := readBody(c)
	if err != nil {
		return err
	}
	var req ClockRequest
	if len(strings.TrimSpace(string(body))) > 0 {
		if err := decodeJSON(body, &req); err != nil {
			return err
		}
	}
	if err := applyClock(ns, req); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, viewClock(ns))
}

func applyClock(ns *namespace.Namespace, req ClockRequest) error {
	set := 0
	for _, v := range []string{req.Fixed, req.Offset, req.Advance} {
		if v != "" {
			set++
		}
	}
	if set > 1 {
		return fail(http.StatusBadRequest, "set one of fixed, offset and advance")
	}
	switch {
	case req.Fixed != "":
		t, err := parseInstant(ns.Scenario().Org, req.Fixed)
		if err != nil {
			return err
		}
		ns.SetClock(&t, 0)
	case req.Offset != "":
		d, err := parseDuration("offset", req.Offset)
		if err != nil {
			return err
		}
		ns.SetClock(nil, d)
	case req.Advance != "":
		d, err := parseDuration("advance", req.Advance)
		if err != nil {
			return err
		}
		return advance(ns, d)
	default:
		ns.SetClock(nil, 0)
	}
	return nil
}

func advance(ns *namespace.Namespace, d time.Duration) error {
	fixed, offset := ns.Clock()
	if fixed != nil {
		t := fixed.Add(d)
		ns.SetClock(&t, 0)
		return nil
	}
	ns.SetClock(nil, offset+d)
	return nil
}

func viewClock(ns *namespace.Namespace) Clock {
	fixed, offset := ns.Clock()
	now := ns.Now()
	return Clock{Namespace: ns.Name, Now: now.Format(time.RFC3339Nano), NowVendor: ns.Scenario().Org.Format(now),
		Fixed: fixed != nil, Offset: offset.String()}
}

// parseInstant reads RFC 3339 or a vendor timestamp in the org's zone.
func parseInstant(org *sandbox.Org, s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := org.ParseTime(s); err == nil {
		return t, nil
	}
	return time.Time{}, fail(http.StatusBadRequest, "fixed must be RFC 3339 (2024-05-01T10:00:00Z) or YYYY-MM-DD HH:MM:SS, not %q", s)
}

// parseDuration reads a Go duration ("-36h30m") or whole days ("90d").
func parseDuration(field, s string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		if n, err := strconv.Atoi(days); err == nil {
			return time.Duration(n) * 24 * time.Hour, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fail(http.StatusBadRequest, "%s must be a duration such as -36h, 90m or 30d, not %q", field, s)
	}
	return d, nil
}
