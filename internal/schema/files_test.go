package schema

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"reflect"
	"testing"

	"github.com/capsandbox/capsandbox/schemas"
)

// Tests of the schema files themselves, apart from validation.

// TestSchemasAreDocumented checks what the OpenAPI document and editors
// show: a title and description per file, a description per property.
func TestSchemasAreDocumented(t *testing.T) {
	for _, name := range ours {
		raw, err := fs.ReadFile(schemas.FS, name+fileSuffix)
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatal(err)
		}
		if doc["title"] == nil || doc["description"] == nil || doc["$schema"] != "http://json-schema.org/draft-07/schema#" {
			t.Errorf("%s: needs $schema draft-07, title and description", name)
		}
		for _, path := range undescribed(doc, "") {
			t.Errorf("%s: property %s has no description", name, path)
		}
	}
}

// assertion marks the keywords whose subschemas only constrain (select a
// shape by a value) and define no property a reader sees.
var assertion = map[string]bool{"if": true, "then": true, "else": true, "not": true}

func undescribed(node any, at string) []string {
	var missing []string
	switch n := node.(type) {
	case map[string]any:
		if props, ok := n["properties"].(map[string]any); ok {
			for key, p := range props {
				if m, ok := p.(map[string]any); !ok || m["description"] == nil {
					missing = append(missing, at+".properties."+key)
				}
			}
		}
		for key, v := range n {
			if !assertion[key] {
				missing = append(missing, undescribed(v, at+"."+key)...)
			}
		}
	case []any:
		for i, v := range n {
			missing = append(missing, undescribed(v, fmt.Sprintf("%s[%d]", at, i))...)
		}
	}
	return missing
}

// TestUpdateRequestExtendsAdd keeps the two request schemas in step: the
// update item is the add item plus id.
func TestUpdateRequestExtendsAdd(t *testing.T) {
	read := func(name string) map[string]any {
		raw, err := fs.ReadFile(schemas.FS, name+fileSuffix)
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatal(err)
		}
		return doc
	}
	add, update := read(AddRequest), read(UpdateRequest)
	props := func(doc map[string]any) map[string]any {
		return doc["definitions"].(map[string]any)["customer"].(map[string]any)["properties"].(map[string]any)
	}
	addProps, updateProps := props(add), props(update)
	if updateProps["id"] == nil {
		t.Fatal("update item has no id")
	}
	delete(updateProps, "id")
	if !reflect.DeepEqual(addProps, updateProps) {
		t.Error("update item properties differ from add's (besides id)")
	}
	addDefs, updateDefs := add["definitions"].(map[string]any), update["definitions"].(map[string]any)
	for name, def := range addDefs {
		if name != "customer" && !reflect.DeepEqual(def, updateDefs[name]) {
			t.Errorf("definition %s differs between add and update", name)
		}
	}
}
