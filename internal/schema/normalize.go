package schema

import (
	"bytes"
	"encoding/json"
)

// normalize returns doc in the only form gojsonschema walks correctly:
// map[string]any, []any, string, json.Number, bool and nil. A document
// already in that form (as wire.DecodeJSON and DecodeXML produce) is
// returned as is; anything else (float64, int, typed maps and slices,
// structs) is converted through a JSON round trip. The caller's value is
// never modified.
func normalize(doc any) (any, error) {
	if generic(doc) {
		return doc, nil
	}
	raw, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var out any
	err = dec.Decode(&out)
	return out, err
}

// generic reports whether v consists only of the types normalize returns.
func generic(v any) bool {
	switch t := v.(type) {
	case nil, string, bool, json.Number:
		return true
	case map[string]any:
		for _, child := range t {
			if !generic(child) {
				return false
			}
		}
		return true
	case []any:
		for _, child := range t {
			if !generic(child) {
				return false
			}
		}
		return true
	default:
		return false
	}
}
