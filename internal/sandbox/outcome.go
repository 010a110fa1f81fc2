package sandbox

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// MaxDelay is the longest delay an outcome may ask for.
const MaxDelay = 30 * time.Second

// Outcome is a forced result (docs/SCENARIOS.md, "Forcing an outcome"):
// item-level warnings or an item
// error, and request-level status, delay or connection reset. The zero
// Outcome forces nothing.
type Outcome struct {
	Warnings []Code        // added to every successful item
	Error    Code          // every item fails with this code
	Status   Code          // the request fails with this request-level code
	Delay    time.Duration // the response waits this long
	Reset    bool          // the connection is closed without a response
}

// IsZero reports whether o forces nothing.
func (o Outcome) IsZero() bool {
	return len(o.Warnings) == 0 && o.Error == 0 && o.Status == 0 && o.Delay == 0 && !o.Reset
}

// Over returns o with every part it leaves unset taken from lower: the more
// specific source (header > magic value > rule) wins part by part.
func (o Outcome) Over(lower Outcome) Outcome {
	if len(o.Warnings) == 0 {
		o.Warnings = lower.Warnings
	}
	if o.Error == 0 {
		o.Error = lower.Error
	}
	if o.Status == 0 {
		o.Status = lower.Status
	}
	if o.Delay == 0 {
		o.Delay = lower.Delay
	}
	o.Reset = o.Reset || lower.Reset
	return o
}

// Split separates o into its item-level part (warnings, error) and its
// request-level part (status, delay, reset).
func (o Outcome) Split() (item, request Outcome) {
	return Outcome{Warnings: o.Warnings, Error: o.Error},
		Outcome{Status: o.Status, Delay: o.Delay, Reset: o.Reset}
}

// String renders o in the X-Sandbox-Outcome vocabulary.
func (o Outcome) String() string {
	var parts []string
	for _, w := range o.Warnings {
		parts = append(parts, "warning="+strconv.Itoa(int(w)))
	}
	if o.Error != 0 {
		parts = append(parts, "error="+strconv.Itoa(int(o.Error)))
	}
	if o.Status != 0 {
		parts = append(parts, "status="+strconv.Itoa(int(o.Status)))
	}
	if o.Delay != 0 {
		parts = append(parts, "delay="+o.Delay.String())
	}
	if o.Reset {
		parts = append(parts, "reset")
	}
	return strings.Join(parts, ",")
}

// ParseOutcome parses comma-separated directives: warning=CODE, error=CODE,
// status=CODE, delay=DURATION (Go duration or milliseconds) and reset. It
// returns an error naming the first unknown directive or code.
func ParseOutcome(s string) (Outcome, error) {
	var o Outcome
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, value, _ := strings.Cut(part, "=")
		name = strings.ToLower(strings.TrimSpace(name))
		value = strings.TrimSpace(value)
		if err := o.apply(name, value); err != nil {
			return Outcome{}, err
		}
	}
	return o, nil
}

func (o *Outcome) apply(name, value string) error {
	switch name {
	case "warning":
		c, err := parseCode(name, value, IsWarningCode, "a warning code (GET /__sandbox/codes lists them)")
		o.Warnings = append(o.Warnings, c)
		return err
	case "error":
		c, err := parseCode(name, value, IsItemErrorCode, "an item error code (GET /__sandbox/codes lists them)")
		o.Error = c
		return err
	case "status":
		c, err := parseCode(name, value, isForcibleStatus, "a request-level failure code (e.g. 400, 401, 403, 429, 500, 503, 1060; GET /__sandbox/codes lists them)")
		o.Status = c
		return err
	case "delay":
		d, err := ParseDelay(value)
		o.Delay = d
		return err
	case "reset":
		if value != "" {
			return fmt.Errorf("directive reset takes no value, got %q", value)
		}
		o.Reset = true
		return nil
	}
	return fmt.Errorf("unknown outcome directive %q (known: warning, error, status, delay, reset)", name)
}

func parseCode(name, value string, known func(Code) bool, what string) (Code, error) {
	n, err := strconv.Atoi(value)
	if err != nil || !known(Code(n)) {
		return 0, fmt.Errorf("%s=%s: %q is not %s", name, value, value, what)
	}
	return Code(n), nil
}

func isForcibleStatus(c Code) bool {
	return IsRequestCode(c) && c != StatusSuccess && c != StatusPartial
}

// ParseDelay parses a delay: a Go duration ("250ms", "2s") or a bare
// number of milliseconds; it must lie within 0..MaxDelay.
func ParseDelay(value string) (time.Duration, error) {
	d, err := time.ParseDuration(value)
	if err != nil {
		ms, err2 := strconv.Atoi(value)
		if err2 != nil {
			return 0, fmt.Errorf("delay=%s: not a duration (use e.g. 250ms or 2s)", value)
		}
		d = time.Duration(ms) * time.Millisecond
	}
	if d < 0 || d > MaxDelay {
		return 0, fmt.Errorf("delay=%s: must be between 0 and %s", value, MaxDelay)
	}
	return d, nil
}
