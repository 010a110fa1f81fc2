package control

import (
	"reflect"
	"strings"
	"time"
)

// typeSchemas derives JSON Schemas from the control API's Go types, so the
// OpenAPI document cannot drift from what the handlers encode. Named
// structs become components "Sandbox<Type>".
type typeSchemas struct {
	comps map[string]any
}

var timeType = reflect.TypeOf(time.Time{})

// ref returns the schema of v's type, adding struct components as needed.
func (g *typeSchemas) ref(v any) map[string]any { return g.of(reflect.TypeOf(v)) }

func (g *typeSchemas) of(t reflect.Type) map[string]any {
	switch t.Kind() {
	case reflect.Pointer:
		return g.of(t.Elem())
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int32, reflect.Int64:
		return map[string]any{"type": "integer"}
	case reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": g.of(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.of(t.Elem())}
	case reflect.Struct:
		if t == timeType {
			return map[string]any{"type": "string", "format": "date-time"}
		}
		name := "Sandbox" + t.Name()
		if _, done := g.comps[name]; !done {
			g.comps[name] = nil // reserve the name first: a type may refer to itself
			g.comps[name] = g.object(t)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{}
}

// object is a struct's schema: one property per JSON field; fields without
// omitempty are required.
func (g *typeSchemas) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = g.of(f.Type)
		if !strings.Contains(opts, "omitempty") {
			required = append(required, name)
		}
	}
	s := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}
