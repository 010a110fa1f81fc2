package verify

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"strings"
)

// answer is a response to compare: the recorded one or the replayed one.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// compareAnswers lists how the replayed answer differs from the recorded
// one: HTTP status, the compared headers the recording has, and the body.
func compareAnswers(rec, rep answer, ig *ignorer) []Difference {
	var out []Difference
	if rec.status != rep.status {
		out = append(out, Difference{Path: "status", Kind: "status", Recorded: fmt.Sprint(rec.status), Replayed: fmt.Sprint(rep.status)})
	}
	out = append(out, compareHeaders(rec.header, rep.header, ig)...)
	return append(out, compareBodies(rec.body, rep.body, ig)...)
}

func compareHeaders(rec, rep http.Header, ig *ignorer) []Difference {
	var out []Difference
	for _, name := range comparedHeaders {
		rv, ok := rec[http.CanonicalHeaderKey(name)]
		if !ok {
			continue
		}
		want, got := strings.Join(rv, ", "), strings.Join(rep.Values(name), ", ")
		d := Difference{Path: "header:" + name, Kind: "header", Recorded: quote(want), Replayed: quote(got)}
		switch {
		case len(rep.Values(name)) == 0:
			d.Kind, d.Replayed = "missing", ""
		case ig.header(name):
			if stringFormat(want) == stringFormat(got) {
				continue
			}
			d.Kind = "format"
			d.Recorded += " (" + stringFormat(want) + ")"
			d.Replayed += " (" + stringFormat(got) + ")"
		case name == "Content-Type" && sameMediaType(want, got):
			continue
		case want == got:
			continue
		}
		out = append(out, d)
	}
	return out
}

// sameMediaType compares Content-Types by media type and charset, case
// and spacing aside ("application/json;charset=UTF-8" is
// "application/json; charset=utf-8").
func sameMediaType(a, b string) bool {
	am, ap, err1 := mime.ParseMediaType(a)
	bm, bp, err2 := mime.ParseMediaType(b)
	if err1 != nil || err2 != nil {
		return a == b
	}
	return am == bm && strings.EqualFold(ap["charset"], bp["charset"])
}

// bodyFormat is how a body is compared: "json", "xml", "empty" or "bytes".
func bodyFormat(b []byte) string {
	t := bytes.TrimSpace(b)
	switch {
	case len(t) == 0:
		return "empty"
	case t[0] == '{' || t[0] == '[':
		return "json"
	case t[0] == '<':
		return "xml"
	}
	return "bytes"
}

func parseBody(format string, b []byte) (*node, error) {
	if format == "xml" {
		return parseXML(b)
	}
	return parseJSON(b)
}

func compareBodies(rec, rep []byte, ig *ignorer) []Difference {
	f := bodyFormat(rec)
	if f == "json" || f == "xml" {
		rn, err := parseBody(f, rec)
		if err != nil {
			f = "bytes" // the recording is not a document: compare bytes
		} else {
			qn, err := parseBody(f, rep)
			if err != nil {
				return []Difference{{Path: "body", Kind: "body", Recorded: strings.ToUpper(f) + " document",
					Replayed: fmt.Sprintf("not %s (%v): %s", strings.ToUpper(f), err, excerpt(rep))}}
			}
			c := &comparer{ign: ig}
			c.node(nil, rn, qn)
			return c.diff
		}
	}
	if !bytes.Equal(rec, rep) {
		return []Difference{{Path: "body", Kind: "body", Recorded: excerpt(rec), Replayed: excerpt(rep)}}
	}
	return nil
}

// excerpt quotes the start of a body for a report.
func excerpt(b []byte) string {
	const n = 120
	if len(b) > n {
		return quote(string(b[:n])) + fmt.Sprintf("… (%d bytes)", len(b))
	}
	return quote(string(b))
}

func quote(s string) string { return fmt.Sprintf("%q", s) }
