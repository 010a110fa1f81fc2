package schema

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// A fast checker answers "surely valid" for the common case without
// gojsonschema, whose walk of a request document allocates heavily (it
// builds an error for every "if" that does not hold). It understands a
// small subset of draft-07 — type, properties, required, items (one
// schema), minItems, maxLength, if/then, allOf and local $ref — which is
// what the request schemas use. A schema with any other keyword gets no
// fast checker. When the checker is unsure, or finds the document
// invalid, Validate runs gojsonschema as before, so problems and their
// messages are unchanged. TestFastAgreesWithGojsonschema checks that both
// agree on generated documents.

// verdict is a fast check's answer.
type verdict int8

const (
	invalid verdict = iota
	valid
	unsure
)

// fast is one compiled (sub)schema.
type fast struct {
	types     map[string]bool // nil = any type
	required  []string
	props     map[string]*fast
	items     *fast
	minItems  int // -1 = none
	maxLength int // -1 = none
	cond      *fast
	then      *fast
	allOf     []*fast
	ref       *fast
}

// annotations are keywords that do not affect validation.
var annotations = map[string]bool{"$schema": true, "$id": true, "$comment": true, "title": true,
	"description": true, "examples": true, "default": true, "definitions": true}

// fastCompiler compiles one schema document; definitions are compiled once
// each (a placeholder first, so that recursive references terminate).
type fastCompiler struct {
	defs     map[string]any
	compiled map[string]*fast
	ok       bool
}

// compileFast returns the fast checker of a schema document, or nil when
// the schema uses a keyword outside the subset.
func compileFast(raw []byte) *fast {
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil
	}
	defs, _ := doc["definitions"].(map[string]any)
	c := &fastCompiler{defs: defs, compiled: map[string]*fast{}, ok: true}
	f := c.compile(doc)
	if !c.ok {
		return nil
	}
	return f
}

func (c *fastCompiler) compile(v any) *fast {
	m, isMap := v.(map[string]any)
	if !isMap {
		c.ok = false
		return nil
	}
	f := &fast{minItems: -1, maxLength: -1}
	for k, val := range m {
		if !annotations[k] && !c.keyword(f, k, val) {
			c.ok = false
		}
	}
	if f.ref != nil && (f.types != nil || f.props != nil || f.items != nil || f.cond != nil || f.allOf != nil ||
		f.required != nil || f.minItems >= 0 || f.maxLength >= 0) {
		c.ok = false // draft-07 ignores $ref's siblings; keep it simple and refuse
	}
	return f
}

// keyword compiles one keyword into f; false when it is not supported.
func (c *fastCompiler) keyword(f *fast, k string, v any) bool {
	switch k {
	case "type":
		f.types = typeSet(v)
		return f.types != nil
	case "required":
		list, _ := v.([]any)
		for _, r := range list {
			s, _ := r.(string)
			f.required = append(f.required, s)
		}
		return len(list) > 0
	case "properties":
		props, _ := v.(map[string]any)
		f.props = make(map[string]*fast, len(props))
		for name, p := range props {
			f.props[name] = c.compile(p)
		}
		return props != nil
	case "items":
		f.items = c.compile(v)
	case "minItems":
		f.minItems = count(v)
		return f.minItems >= 0
	case "maxLength":
		f.maxLength = count(v)
		return f.maxLength >= 0
	case "if":
		f.cond = c.compile(v)
	case "then":
		f.then = c.compile(v)
	case "allOf":
		list, _ := v.([]any)
		for _, s := range list {
			f.allOf = append(f.allOf, c.compile(s))
		}
		return len(list) > 0
	case "$ref":
		f.ref = c.resolve(v)
		return f.ref != nil
	default:
		return false
	}
	return true
}

func (c *fastCompiler) resolve(v any) *fast {
	ref, _ := v.(string)
	name, ok := strings.CutPrefix(ref, "#/definitions/")
	if !ok || c.defs[name] == nil {
		return nil
	}
	if f, done := c.compiled[name]; done {
		return f
	}
	f := &fast{}
	c.compiled[name] = f
	if g := c.compile(c.defs[name]); g != nil {
		*f = *g
	}
	return f
}

var jsonTypes = map[string]bool{"object": true, "array": true, "string": true, "number": true, "integer": true, "boolean": true, "null": true}

func typeSet(v any) map[string]bool {
	names := []any{v}
	if list, ok := v.([]any); ok {
		names = list
	}
	set := map[string]bool{}
	for _, n := range names {
		s, _ := n.(string)
		if !jsonTypes[s] {
			return nil
		}
		set[s] = true
	}
	return set
}

func count(v any) int {
	if n, ok := v.(float64); ok && n >= 0 && n == float64(int(n)) {
		return int(n)
	}
	return -1
}

// check answers whether doc (in normalize's form) is valid.
func (f *fast) check(doc any) verdict {
	if f.ref != nil {
		return f.ref.check(doc)
	}
	if v := f.checkType(doc); v != valid {
		return v
	}
	out := valid
	switch x := doc.(type) {
	case map[string]any:
		out = f.checkObject(x)
	case []any:
		out = f.checkArray(x)
	case string:
		if f.maxLength >= 0 && utf8.RuneCountInString(x) > f.maxLength {
			return invalid
		}
	}
	if out == valid && f.cond != nil && f.then != nil {
		switch f.cond.check(doc) {
		case valid:
			out = f.then.check(doc)
		case unsure:
			out = unsure
		}
	}
	for _, s := range f.allOf {
		if out != valid {
			break
		}
		out = s.check(doc)
	}
	return out
}

func (f *fast) checkType(doc any) verdict {
	if f.types == nil {
		return valid
	}
	var t string
	switch x := doc.(type) {
	case map[string]any:
		t = "object"
	case []any:
		t = "array"
	case string:
		t = "string"
	case bool:
		t = "boolean"
	case nil:
		t = "null"
	case json.Number:
		switch {
		case f.types["number"]:
			return valid
		case !f.types["integer"]:
			return invalid
		case plainInteger(string(x)):
			return valid
		}
		return unsure // 1.0 or 1e2: let gojsonschema decide
	default:
		return unsure
	}
	if f.types[t] {
		return valid
	}
	return invalid
}

func plainInteger(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func (f *fast) checkObject(m map[string]any) verdict {
	for _, r := range f.required {
		if _, ok := m[r]; !ok {
			return invalid
		}
	}
	out := valid
	for k, p := range f.props {
		if v, ok := m[k]; ok {
			switch p.check(v) {
			case invalid:
				return invalid
			case unsure:
				out = unsure
			}
		}
	}
	return out
}

func (f *fast) checkArray(a []any) verdict {
	if f.minItems >= 0 && len(a) < f.minItems {
		return invalid
	}
	out := valid
	if f.items != nil {
		for _, it := range a {
			switch f.items.check(it) {
			case invalid:
				return invalid
			case unsure:
				out = unsure
			}
		}
	}
	return out
}
