package verify

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// maxLineDiffs is how many differences one text line lists; --json lists
// all of them.
const maxLineDiffs = 12

// WriteText writes one line per exchange that does not conform, then the
// summary line.
func (r *Report) WriteText(w io.Writer) error {
	for _, res := range r.Results {
		if res.Conform {
			continue
		}
		if _, err := fmt.Fprintln(w, res.line()); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(w, r.Summary())
	return err
}

// line is the text report's line for a non-conforming exchange.
func (res Result) line() string {
	var b strings.Builder
	fmt.Fprintf(&b, "#%d %s %s [", res.Seq, res.Method, res.URI)
	if res.Session != "" {
		fmt.Fprintf(&b, "session %s, ", res.Session)
	}
	fmt.Fprintf(&b, "scenario %s]", res.Scenario)
	if res.Reason != "" {
		b.WriteString(": " + res.Reason)
		return b.String()
	}
	n := len(res.Differences)
	fmt.Fprintf(&b, " %d difference%s: ", n, plural(n))
	for i, d := range res.Differences {
		if i == maxLineDiffs {
			fmt.Fprintf(&b, "; and %d more (--json lists all)", n-i)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(d.String())
	}
	return b.String()
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// WriteJSON writes the whole report as one JSON document.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
