package scenario

import (
	"encoding/json"
	"io/fs"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/schemas"
)

func loadSchemaDoc(t *testing.T) map[string]any {
	t.Helper()
	raw, err := fs.ReadFile(schemas.FS, "scenario.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestSchemaDescribesEveryKey: editors show a description for every key.
func TestSchemaDescribesEveryKey(t *testing.T) {
	doc := loadSchemaDoc(t)
	if doc["$schema"] != "http://json-schema.org/draft-07/schema#" || doc["title"] == nil || doc["description"] == nil {
		t.Error("the schema needs $schema draft-07, a title and a description")
	}
	var walk func(n any, at string)
	walk = func(n any, at string) {
		switch v := n.(type) {
		case map[string]any:
			if props, ok := v["properties"].(map[string]any); ok {
				for k, p := range props {
					if m, ok := p.(map[string]any); !ok || m["description"] == nil {
						t.Errorf("%s.%s has no description", at, k)
					}
				}
			}
			for k, c := range v {
				walk(c, at+"."+k)
			}
		case []any:
			for _, c := range v {
				walk(c, at)
			}
		}
	}
	walk(doc, "$")
}

// TestSchemaMatchesDecoder: the schema's keys are exactly the YAML keys
// the loader decodes, at every level, so neither can drift.
func TestSchemaMatchesDecoder(t *testing.T) {
	doc := loadSchemaDoc(t)
	defs, _ := doc["definitions"].(map[string]any)
	var check func(typ reflect.Type, node map[string]any, at string)
	check = func(typ reflect.Type, node map[string]any, at string) {
		if ref, ok := node["$ref"].(string); ok {
			node = defs[strings.TrimPrefix(ref, "#/definitions/")].(map[string]any)
		}
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
			typ = typ.Elem()
			if items, ok := node["items"].(map[string]any); ok {
				node = items
				if ref, ok := node["$ref"].(string); ok {
					node = defs[strings.TrimPrefix(ref, "#/definitions/")].(map[string]any)
				}
			}
		}
		if typ.Kind() != reflect.Struct {
			return
		}
		props, _ := node["properties"].(map[string]any)
		var goKeys, schemaKeys []string
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			key := strings.Split(f.Tag.Get("yaml"), ",")[0]
			goKeys = append(goKeys, key)
			if sub, ok := props[key].(map[string]any); ok && f.Type.Kind() != reflect.Map {
				check(f.Type, sub, at+"."+key)
			}
		}
		for k := range props {
			schemaKeys = append(schemaKeys, k)
		}
		sort.Strings(goKeys)
		sort.Strings(schemaKeys)
		if !reflect.DeepEqual(goKeys, schemaKeys) {
			t.Errorf("%s: decoder keys %v, schema keys %v", at, goKeys, schemaKeys)
		}
	}
	check(reflect.TypeOf(fileDoc{}), doc, "$")
}
