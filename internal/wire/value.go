// Package wire holds the vendor's documents in a form both JSON and XML can
// be written from with the same key order and the same types: an ordered
// tree of Values, or a Doc that writes the same document as JSON without
// building the tree. It also decodes request bodies of either format into
// plain Go values (map[string]any, []any, string, json.Number, bool, nil),
// refusing what a safe server must refuse: invalid UTF-8, deep nesting,
// XML DTDs and entities, trailing data.
package wire

import (
	"strconv"
)

// Kind is the JSON type of a Value.
type Kind uint8

// The kinds of Value.
const (
	KindNull Kind = iota
	KindString
	KindNumber
	KindBool
	KindObject
	KindArray
)

// Value is one node of a document. Objects keep their keys in insertion
// order, which is the order the vendor writes them in. An object member
// carries its own key, so an object costs one allocation.
type Value struct {
	Kind  Kind
	Key   string  // the member's key, when the value is an object member
	Text  string  // string text, number literal, or "true"/"false"
	Items []Value // object members or array elements
}

// String returns a JSON string value.
func String(s string) Value { return Value{Kind: KindString, Text: s} }

// Int returns a JSON number value.
func Int(n int64) Value { return Value{Kind: KindNumber, Text: strconv.FormatInt(n, 10)} }

// Float returns a JSON number value in its shortest form (100, 26447.104).
func Float(f float64) Value {
	return Value{Kind: KindNumber, Text: strconv.FormatFloat(f, 'f', -1, 64)}
}

// Bool returns a JSON boolean value.
func Bool(b bool) Value { return Value{Kind: KindBool, Text: strconv.FormatBool(b)} }

// Null returns the JSON null value.
func Null() Value { return Value{} }

// StringOrNull returns String(s), or Null when s is empty.
func StringOrNull(s string) Value {
	if s == "" {
		return Null()
	}
	return String(s)
}

// Object returns an empty object with room for n keys.
func Object(n int) Value {
	return Value{Kind: KindObject, Items: make([]Value, 0, n)}
}

// Array returns an array of the given elements (an empty array when none).
func Array(items ...Value) Value {
	if items == nil {
		items = []Value{}
	}
	return Value{Kind: KindArray, Items: items}
}

// Add appends key: val to an object and returns the object for chaining.
func (v *Value) Add(key string, val Value) *Value {
	val.Key = key
	v.Items = append(v.Items, val)
	return v
}

// Wrap returns {key: v}.
func Wrap(key string, v Value) Value {
	o := Object(1)
	o.Add(key, v)
	return o
}
