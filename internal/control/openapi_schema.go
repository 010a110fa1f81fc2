package control

import (
	"encoding/json"
	"slices"
	"sort"
)

// The schemas of schemas/ are JSON Schema draft-07, written to validate the
// vendor's exact shapes: a value of several types ("an array or one
// object"), if/then/else conditions. Client generators read neither well
// (oapi-codegen stops at a type list, openapi-typescript types an
// if/then/else as an empty object), so the OpenAPI document carries a
// copy rewritten into what they read:
//
//   - a type list of several types becomes a oneOf of one branch per type,
//     each with the keywords of its type ("null" alone stays a type list,
//     the nullable idiom both read);
//   - if {type: T} / then S on such a list makes S the T branch;
//   - if/then/else choosing between shapes ($refs, or an anyOf of them)
//     becomes a oneOf of the shapes;
//   - an allOf of if/then members each naming a $ref (a union selected by
//     a property) becomes a oneOf of the $refs;
//   - any other if/then/else, a constraint generators cannot express, is
//     dropped (the description still says it);
//   - const becomes a one-value enum, and an enum gets the type of its
//     values.
//
// The validating copy the server uses is unchanged.

// typeKeywords are the keywords that apply to one JSON type only.
var typeKeywords = map[string][]string{
	"array":   {"items", "minItems", "maxItems", "uniqueItems", "contains"},
	"object":  {"properties", "required", "additionalProperties", "minProperties", "maxProperties", "patternProperties", "propertyNames"},
	"string":  {"pattern", "minLength", "maxLength", "format"},
	"number":  {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"},
	"integer": {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"},
}

// forGenerators rewrites a schema in place, children first, and returns it.
func forGenerators(v any) any {
	switch t := v.(type) {
	case []any:
		for i := range t {
			t[i] = forGenerators(t[i])
		}
	case map[string]any:
		allOfUnion(t) // before the members' own conditions are rewritten
		for k, x := range t {
			switch k {
			case "properties", "patternProperties", "definitions", "$defs": // name → schema
				if m, ok := x.(map[string]any); ok {
					for name, sub := range m {
						m[name] = forGenerators(sub)
					}
				}
			case "enum", "const", "required", "examples", "default", "example": // values, not schemas
			default:
				t[k] = forGenerators(x)
			}
		}
		constToEnum(t)
		branches := conditional(t)
		splitTypes(t, branches)
	}
	return v
}

func constToEnum(s map[string]any) {
	if c, ok := s["const"]; ok {
		s["enum"] = []any{c}
		delete(s, "const")
	}
	enum, ok := s["enum"].([]any)
	if _, typed := s["type"]; !ok || typed || len(enum) == 0 {
		return
	}
	types := map[string]bool{}
	for _, e := range enum {
		types[jsonType(e)] = true
	}
	if len(types) == 1 {
		s["type"] = jsonType(enum[0])
	}
}

// jsonType names the JSON type of a decoded value.
func jsonType(v any) string {
	switch n := v.(type) {
	case string:
		return "string"
	case bool:
		return "boolean"
	case nil:
		return "null"
	case float64:
		if n == float64(int64(n)) {
			return "integer"
		}
		return "number"
	case json.Number:
		if _, err := n.Int64(); err == nil {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	}
	return "object"
}

// allOfUnion turns allOf members {if: ..., then: {$ref}} into a oneOf of
// the $refs, and drops members that only constrain (then without a $ref).
func allOfUnion(s map[string]any) {
	all, ok := s["allOf"].([]any)
	if !ok {
		return
	}
	var kept, union []any
	mapping := map[string]any{}
	prop := ""
	for _, m := range all {
		mm, ok := m.(map[string]any)
		if _, cond := mm["if"]; !ok || !cond {
			kept = append(kept, m)
			continue
		}
		if then, ok := mm["then"].(map[string]any); ok && then["$ref"] != nil {
			union = append(union, then)
			if p, v, ok := selector(mm["if"]); ok && (prop == "" || prop == p) {
				prop, mapping[v] = p, then["$ref"]
			}
		}
	}
	if len(kept) > 0 {
		s["allOf"] = kept
	} else {
		delete(s, "allOf")
	}
	if len(union) > 0 {
		s["oneOf"] = union
		if len(mapping) == len(union) {
			s["discriminator"] = map[string]any{"propertyName": prop, "mapping": mapping}
		}
		for _, k := range []string{"type", "properties", "required", "additionalProperties"} {
			delete(s, k)
		}
	}
}

// selector reads a condition {required: [p], properties: {p: {const: v}}}:
// the union member is chosen by property p having the string value v.
func selector(cond any) (prop, value string, ok bool) {
	c, _ := cond.(map[string]any)
	props, _ := c["properties"].(map[string]any)
	if len(props) != 1 {
		return "", "", false
	}
	for p, sub := range props {
		m, _ := sub.(map[string]any)
		v, isString := m["const"].(string)
		return p, v, isString
	}
	return "", "", false
}

// conditional rewrites or drops the node's if/then/else. It returns the
// schemas that replace branches of a type list: then, when if is {type: T}.
func conditional(s map[string]any) map[string]any {
	cond, ok := s["if"].(map[string]any)
	if !ok {
		return nil
	}
	then, _ := s["then"].(map[string]any)
	els, _ := s["else"].(map[string]any)
	delete(s, "if")
	delete(s, "then")
	delete(s, "else")
	if t, ok := cond["type"].(string); ok && len(cond) == 1 && then != nil {
		return map[string]any{t: then}
	}
	a, b := shapes(then, s["type"]), shapes(els, s["type"])
	if a != nil && b != nil {
		s["oneOf"] = append(a, b...)
	}
	return nil
}

// shapes returns the schemas a then or else branch stands for: itself when
// it is a $ref, the members of its anyOf or oneOf (each given the parent's
// type when it has none), or nil when it only constrains.
func shapes(branch map[string]any, parentType any) []any {
	if branch == nil {
		return nil
	}
	if branch["$ref"] != nil {
		return []any{branch}
	}
	members, ok := branch["anyOf"].([]any)
	if !ok {
		members, ok = branch["oneOf"].([]any)
	}
	if !ok {
		return nil
	}
	for k := range branch {
		if k != "anyOf" && k != "oneOf" && k != "description" {
			return nil
		}
	}
	for _, m := range members {
		if mm, ok := m.(map[string]any); ok && mm["$ref"] == nil && mm["type"] == nil && parentType != nil {
			mm["type"] = parentType
		}
	}
	return members
}

// splitTypes turns a list of several types into a oneOf of one branch per
// type; replace gives the schema of a branch instead of its keywords.
func splitTypes(s map[string]any, replace map[string]any) {
	list, ok := s["type"].([]any)
	if !ok {
		return
	}
	var types []string
	nullable := false
	for _, t := range list {
		if name, _ := t.(string); name == "null" {
			nullable = true
		} else {
			types = append(types, name)
		}
	}
	if len(types) < 2 {
		return
	}
	sort.SliceStable(types, func(i, j int) bool { return typeRank(types[i]) < typeRank(types[j]) })
	var branches []any
	for _, t := range types {
		if r, ok := replace[t]; ok {
			branches = append(branches, r)
			continue
		}
		b := map[string]any{"type": t}
		for _, k := range typeKeywords[t] {
			if v, ok := s[k]; ok {
				b[k] = v
			}
		}
		branches = append(branches, b)
	}
	for _, t := range types {
		for _, k := range typeKeywords[t] {
			delete(s, k)
		}
	}
	if nullable {
		branches = append(branches, map[string]any{"type": "null"})
	}
	delete(s, "type")
	s["oneOf"] = branches
}

// typeRank orders branches: the usual shape first (a list before one
// object, structured values before scalars).
func typeRank(t string) int {
	return slices.Index([]string{"array", "object", "string", "integer", "number", "boolean"}, t)
}
