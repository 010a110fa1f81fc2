package scenario

import (
	"fmt"
	"strings"
)

// The YAML parser reports a bad indentation at the start of the block it
// was reading, often lines above the line that is wrong. indentProblem
// finds that line itself by following the block structure: each line must
// either open a deeper block under a key or dash with no value, or line up
// with a block that is still open. Flow collections, block scalars and
// multi-line plain scalars are skipped, not checked.

// indentation is a line the block structure rejects.
type indentation struct {
	line, column int
	msg          string
}

// blockState follows the open blocks while lines are read.
type blockState struct {
	levels      []int // indentation of the open blocks, outermost first
	open        bool  // the last line ended in a key or dash with no value
	lastLine    int   // the last line with content
	scalarLevel int   // inside a block scalar: lines deeper than this are its text; -1 outside
	flowDepth   int   // open [ and { of a flow collection
}

// indentProblem returns the first line of data whose indentation fits no
// open block, or ok false when every line fits.
func indentProblem(data []byte) (p indentation, ok bool) {
	st := &blockState{open: true, scalarLevel: -1}
	for i, raw := range strings.Split(string(data), "\n") {
		if p, ok := st.next(i+1, strings.TrimRight(raw, " \r")); ok {
			return p, true
		}
	}
	return indentation{}, false
}

// next reads one line.
func (st *blockState) next(n int, text string) (indentation, bool) {
	body := strings.TrimLeft(text, " ")
	indent := len(text) - len(body)
	switch {
	case body == "" || body[0] == '#':
		return indentation{}, false
	case st.scalarLevel >= 0 && indent > st.scalarLevel:
		return indentation{}, false
	case st.flowDepth > 0:
		st.flowDepth += bracketDelta(body)
		return indentation{}, false
	case body[0] == '\t':
		return indentation{n, indent + 1, "a tab indents this line; YAML indents with spaces only"}, true
	case strings.HasPrefix(body, "---") || strings.HasPrefix(body, "...") || body[0] == '%':
		st.levels, st.open, st.scalarLevel = nil, true, -1
		return indentation{}, false
	}
	st.scalarLevel = -1
	if st.continues(indent, body) {
		return indentation{}, false
	}
	if p, bad := st.place(n, indent, body); bad {
		return p, true
	}
	st.lastLine = n
	st.structure(indent, body)
	return indentation{}, false
}

// place checks the line's indentation against the open blocks and makes
// its block the innermost one.
func (st *blockState) place(n, indent int, body string) (indentation, bool) {
	top := -1
	if len(st.levels) > 0 {
		top = st.levels[len(st.levels)-1]
	}
	if st.open && indent > top {
		st.levels = append(st.levels, indent)
		return indentation{}, false
	}
	if st.open && indent == top && isDash(body) {
		return indentation{}, false // "key:" with its list at the key's own indentation
	}
	if !st.open && indent > top && top >= 0 {
		return indentation{n, indent + 1, fmt.Sprintf("bad indentation: this line is indented deeper than line %d, which already has a value, so it cannot be nested under it", st.lastLine)}, true
	}
	levels := st.levels
	for len(st.levels) > 0 && st.levels[len(st.levels)-1] > indent {
		st.levels = st.levels[:len(st.levels)-1]
	}
	if len(st.levels) == 0 || st.levels[len(st.levels)-1] != indent {
		return indentation{n, indent + 1, fmt.Sprintf("bad indentation: %d space(s) line up with no open block (%s)", indent, levelList(levels))}, true
	}
	return indentation{}, false
}

// continues reports whether the line continues a plain scalar of the line
// above: deeper than a key that has a value, and neither a key nor a dash.
func (st *blockState) continues(indent int, body string) bool {
	if st.open || len(st.levels) == 0 || indent <= st.levels[len(st.levels)-1] || isDash(body) {
		return false
	}
	_, isKey := mappingValue(body)
	return !isKey
}

// structure records what the line opens: a dash's content block, a
// block under a key with no value, a block scalar, a flow collection.
func (st *blockState) structure(indent int, body string) {
	st.open = false
	at := indent
	for isDash(body) {
		rest := strings.TrimLeft(body[1:], " ")
		if rest == "" || rest[0] == '#' {
			st.open = true
			return
		}
		at += len(body) - len(rest)
		st.levels = append(st.levels, at)
		body = rest
	}
	v, isKey := mappingValue(body)
	if !isKey {
		v = body
	}
	switch {
	case isKey && (v == "" || v[0] == '#'):
		st.open = true
	case v != "" && (v[0] == '|' || v[0] == '>'):
		st.scalarLevel = at
	case v != "" && (v[0] == '[' || v[0] == '{'):
		st.flowDepth = max(0, bracketDelta(v))
	}
}

func isDash(body string) bool { return body == "-" || strings.HasPrefix(body, "- ") }

// mappingValue splits "key: value" and returns the value (comments
// included); isKey is false when the line is no mapping entry.
func mappingValue(body string) (value string, isKey bool) {
	var quote byte
	if body[0] == '"' || body[0] == '\'' {
		quote = body[0]
	}
	for i := 1; i < len(body); i++ {
		c := body[i]
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
		case c == '#' && body[i-1] == ' ':
			return "", false
		case c == ':' && (i+1 == len(body) || body[i+1] == ' '):
			return strings.TrimSpace(body[i+1:]), true
		}
	}
	if body[0] == ':' {
		return strings.TrimSpace(body[1:]), true
	}
	return "", false
}

// bracketDelta counts the [ and { a line opens minus those it closes,
// outside quotes and comments.
func bracketDelta(s string) int {
	d := 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#' && (i == 0 || s[i-1] == ' '):
			return d
		case c == '[' || c == '{':
			d++
		case c == ']' || c == '}':
			d--
		}
	}
	return d
}

// levelList names the indentations a line could line up with.
func levelList(levels []int) string {
	parts := make([]string, len(levels))
	for i, l := range levels {
		parts[i] = fmt.Sprint(l)
	}
	return "the open blocks are indented " + strings.Join(parts, ", ") + " space(s)"
}
