package wire

import (
	"encoding/json"
	"unicode/utf16"
	"unicode/utf8"
)

// parseJSON is DecodeJSON's fast path: a small recursive-descent parser
// that produces exactly what encoding/json's Decoder (with UseNumber)
// produces for a valid document of at most MaxDepth levels, in a fraction
// of the time and allocations. It reports ok=false for anything else —
// invalid JSON, too deep, trailing data — and DecodeJSON then takes the
// standard library's path, which words the error. FuzzDecodeJSON checks
// that both paths agree.
func parseJSON(body string) (v any, ok bool) {
	p := jsonParser{s: body}
	p.space()
	v, ok = p.value(0)
	if !ok {
		return nil, false
	}
	p.space()
	return v, p.i == len(p.s)
}

// jsonParser walks s; strings without escapes are substrings of s, so the
// whole document shares one copy of the body.
type jsonParser struct {
	s string
	i int
}

func (p *jsonParser) space() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) value(depth int) (any, bool) {
	if p.i >= len(p.s) {
		return nil, false
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object(depth + 1)
	case c == '[':
		return p.array(depth + 1)
	case c == '"':
		return p.string()
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	}
	for _, lit := range [...]struct {
		text string
		v    any
	}{{"true", true}, {"false", false}, {"null", nil}} {
		if len(p.s)-p.i >= len(lit.text) && p.s[p.i:p.i+len(lit.text)] == lit.text {
			p.i += len(lit.text)
			return lit.v, true
		}
	}
	return nil, false
}

func (p *jsonParser) object(depth int) (any, bool) {
	if depth > MaxDepth {
		return nil, false
	}
	p.i++ // {
	m := map[string]any{}
	p.space()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return m, true
	}
	for {
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			return nil, false
		}
		k, ok := p.string()
		p.space()
		if !ok || p.i >= len(p.s) || p.s[p.i] != ':' {
			return nil, false
		}
		p.i++
		p.space()
		v, ok := p.value(depth)
		if !ok {
			return nil, false
		}
		m[k.(string)] = v
		if more, ok := p.after('}'); !more {
			return m, ok
		}
	}
}

// after reads what follows a member or element: a ',' (more=true, space
// skipped) or close (more=false, ok=true); anything else is not ok.
func (p *jsonParser) after(close byte) (more, ok bool) {
	p.space()
	if p.i >= len(p.s) {
		return false, false
	}
	c := p.s[p.i]
	p.i++
	if c == ',' {
		p.space()
		return true, true
	}
	return false, c == close
}

func (p *jsonParser) array(depth int) (any, bool) {
	if depth > MaxDepth {
		return nil, false
	}
	p.i++ // [
	a := []any{}
	p.space()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		return a, true
	}
	for {
		v, ok := p.value(depth)
		if !ok {
			return nil, false
		}
		a = append(a, v)
		if more, ok := p.after(']'); !more {
			return a, ok
		}
	}
}

func (p *jsonParser) number() (any, bool) {
	start := p.i
	if p.s[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(p.s) && p.s[p.i] == '0':
		p.i++
	case p.digits() == 0:
		return nil, false
	}
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		if p.digits() == 0 {
			return nil, false
		}
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		if p.digits() == 0 {
			return nil, false
		}
	}
	return json.Number(p.s[start:p.i]), true
}

func (p *jsonParser) digits() int {
	start := p.i
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
	return p.i - start
}

// string reads a string token; plain ones are substrings of the body.
func (p *jsonParser) string() (any, bool) {
	p.i++ // opening quote
	start := p.i
	for p.i < len(p.s) {
		switch c := p.s[p.i]; {
		case c == '"':
			p.i++
			return p.s[start : p.i-1], true
		case c == '\\':
			return p.escaped(start)
		case c < 0x20:
			return nil, false
		}
		p.i++
	}
	return nil, false
}

// escaped finishes a string that has escapes, from its first backslash.
func (p *jsonParser) escaped(start int) (any, bool) {
	buf := []byte(p.s[start:p.i])
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return string(buf), true
		case c < 0x20:
			return nil, false
		case c != '\\':
			buf = append(buf, c)
			p.i++
			continue
		}
		if p.i+1 >= len(p.s) {
			return nil, false
		}
		var ok bool
		if buf, ok = p.escape(buf); !ok {
			return nil, false
		}
	}
	return nil, false
}

// escape decodes the escape at p.i (a backslash) onto buf, the way
// encoding/json does: an unpaired surrogate becomes U+FFFD.
func (p *jsonParser) escape(buf []byte) ([]byte, bool) {
	const simple = "\"\"\\\\//b\bf\fn\nr\rt\t"
	e := p.s[p.i+1]
	for i := 0; i < len(simple); i += 2 {
		if simple[i] == e {
			p.i += 2
			return append(buf, simple[i+1]), true
		}
	}
	r := p.hex4(p.i)
	if r < 0 {
		return buf, false
	}
	p.i += 6
	if utf16.IsSurrogate(r) {
		if r2 := p.hex4(p.i); r2 >= 0 {
			if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
				p.i += 6
				return utf8.AppendRune(buf, d), true
			}
		}
		r = utf8.RuneError
	}
	return utf8.AppendRune(buf, r), true
}

// hex4 reads the four hex digits of a \uXXXX escape starting at i, or -1.
func (p *jsonParser) hex4(i int) rune {
	if i+6 > len(p.s) || p.s[i] != '\\' || p.s[i+1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range []byte(p.s[i+2 : i+6]) {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}
