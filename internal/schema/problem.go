package schema

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/xeipuuv/gojsonschema"
)

// Problem is one reason a document does not match its schema.
type Problem struct {
	// Path names the offending field by the vendor's key names, with
	// array indexes in brackets: "root.customer[0].mobile". A key that is
	// not a plain name is quoted: `root["odd key"]`. The path is "" when
	// the problem concerns the document as a whole.
	Path string
	// Message says what is wrong, as a predicate of the path:
	// "must be a string, got boolean", "is required", "is not allowed here".
	Message string
}

// String returns "path: message", or "document: message" for an empty
// path.
func (p Problem) String() string {
	if p.Path == "" {
		return "document: " + p.Message
	}
	return p.Path + ": " + p.Message
}

// segment is one step of a path: an object key or an array index.
type segment struct {
	key   string
	index int
	isIdx bool
}

type located struct {
	path    []segment
	message string
	summary bool // an anyOf/oneOf verdict that only repeats nested problems
}

// Error types that merely announce the nested problems they come with.
var announcements = map[string]bool{
	"number_all_of":  true,
	"condition_then": true,
	"condition_else": true,
}

// Error types whose context is the object and whose details name the key.
var keyed = map[string]bool{
	"required":                        true,
	"additional_property_not_allowed": true,
}

// problems turns gojsonschema errors on doc into sorted, de-duplicated
// Problems.
func problems(errs []gojsonschema.ResultError, doc any) []Problem {
	found := make([]located, 0, len(errs))
	for _, e := range errs {
		if announcements[e.Type()] {
			continue
		}
		path := resolve(e.Context(), doc)
		if prop, ok := e.Details()["property"].(string); ok && keyed[e.Type()] {
			path = append(path, segment{key: prop})
		}
		summary := e.Type() == "number_any_of" || e.Type() == "number_one_of"
		found = append(found, located{path: path, message: message(e), summary: summary})
	}
	found = dropSummaries(found)
	sort.SliceStable(found, func(i, j int) bool { return less(found[i], found[j]) })
	out := make([]Problem, 0, len(found))
	for _, f := range found {
		p := Problem{Path: format(f.path), Message: f.message}
		if len(out) > 0 && out[len(out)-1] == p {
			continue
		}
		out = append(out, p)
	}
	if len(out) == 0 { // only announcements: still report the failure
		out = append(out, Problem{Message: "does not match the schema"})
	}
	return out
}

// dropSummaries removes anyOf/oneOf verdicts that come with a more
// specific problem at or below their path.
func dropSummaries(found []located) []located {
	kept := found[:0:0]
	for i, f := range found {
		if f.summary && hasDetail(found, i) {
			continue
		}
		kept = append(kept, f)
	}
	return kept
}

func hasDetail(found []located, i int) bool {
	for j, other := range found {
		if j != i && !other.summary && hasPrefix(other.path, found[i].path) {
			return true
		}
	}
	return false
}

func hasPrefix(path, prefix []segment) bool {
	if len(path) < len(prefix) {
		return false
	}
	for i := range prefix {
		if path[i] != prefix[i] {
			return false
		}
	}
	return true
}

// resolve turns an error context such as (root).root.customer.0.mobile
// into segments, walking doc to tell array indexes from object keys.
func resolve(ctx *gojsonschema.JsonContext, doc any) []segment {
	if ctx == nil {
		return nil
	}
	parts := strings.Split(ctx.String("\x00"), "\x00")[1:] // drop "(root)"
	path := make([]segment, 0, len(parts))
	node := doc
	for _, part := range parts {
		switch t := node.(type) {
		case []any:
			i, err := strconv.Atoi(part)
			if err == nil && i >= 0 && i < len(t) {
				path = append(path, segment{index: i, isIdx: true})
				node = t[i]
				continue
			}
		case map[string]any:
			path = append(path, segment{key: part})
			node = t[part]
			continue
		}
		path = append(path, segment{key: part})
		node = nil
	}
	return path
}

var plainKey = regexp.MustCompile(`^[A-Za-z0-9_$@-]+$`)

// format renders a path as root.customer[0].mobile.
func format(path []segment) string {
	var b strings.Builder
	for _, s := range path {
		switch {
		case s.isIdx:
			fmt.Fprintf(&b, "[%d]", s.index)
		case !plainKey.MatchString(s.key):
			fmt.Fprintf(&b, "[%s]", strconv.Quote(s.key))
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.key)
		}
	}
	return b.String()
}

// less orders problems by path (indexes numerically), then by message.
func less(a, b located) bool {
	for i := 0; i < len(a.path) && i < len(b.path); i++ {
		x, y := a.path[i], b.path[i]
		if x == y {
			continue
		}
		if x.isIdx != y.isIdx {
			return x.isIdx
		}
		if x.isIdx {
			return x.index < y.index
		}
		return x.key < y.key
	}
	if len(a.path) != len(b.path) {
		return len(a.path) < len(b.path)
	}
	return a.message < b.message
}
