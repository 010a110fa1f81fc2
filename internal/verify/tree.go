package verify

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// kind is the type of a document node, as the comparison sees it.
type kind uint8

const (
	kNull kind = iota
	kString
	kNumber
	kBool
	kObject
	kArray
)

var kindNames = [...]string{"null", "string", "number", "boolean", "object", "list"}

func (k kind) String() string { return kindNames[k] }

// node is a parsed JSON or XML document node. Objects keep their keys in
// document order, repeats included (XML elements repeat).
type node struct {
	kind  kind
	text  string // string value, number literal, "true"/"false"
	keys  []string
	vals  []*node // object members, parallel to keys
	items []*node // list elements
}

// maxDepth bounds the nesting parse accepts.
const maxDepth = 200

// parseJSON parses one JSON document keeping key order.
func parseJSON(b []byte) (*node, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	n, err := jsonValue(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the JSON document")
	}
	return n, nil
}

func jsonValue(dec *json.Decoder, depth int) (*node, error) {
	if depth > maxDepth {
		return nil, errors.New("nested too deep")
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return jsonObject(dec, depth)
		}
		if t == '[' {
			return jsonArray(dec, depth)
		}
		return nil, fmt.Errorf("unexpected %q", t)
	case string:
		return &node{kind: kString, text: t}, nil
	case json.Number:
		return &node{kind: kNumber, text: t.String()}, nil
	case bool:
		return &node{kind: kBool, text: fmt.Sprint(t)}, nil
	}
	return &node{kind: kNull}, nil
}

func jsonObject(dec *json.Decoder, depth int) (*node, error) {
	n := &node{kind: kObject}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		v, err := jsonValue(dec, depth+1)
		if err != nil {
			return nil, err
		}
		n.keys, n.vals = append(n.keys, tok.(string)), append(n.vals, v)
	}
	_, err := dec.Token() // '}'
	return n, err
}

func jsonArray(dec *json.Decoder, depth int) (*node, error) {
	n := &node{kind: kArray}
	for dec.More() {
		v, err := jsonValue(dec, depth+1)
		if err != nil {
			return nil, err
		}
		n.items = append(n.items, v)
	}
	_, err := dec.Token() // ']'
	return n, err
}

// parseXML parses an XML document into the same tree: the root element
// is the one key of the top object; an element with child elements is an
// object whose keys are the children's names in order (attributes first,
// as "@name"); an element without children is a string of its text.
func parseXML(b []byte) (*node, error) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = true
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("no root element: %w", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			root, err := xmlElement(dec, se, 0)
			if err != nil {
				return nil, err
			}
			return &node{kind: kObject, keys: []string{se.Name.Local}, vals: []*node{root}}, nil
		}
	}
}

func xmlElement(dec *xml.Decoder, se xml.StartElement, depth int) (*node, error) {
	if depth > maxDepth {
		return nil, errors.New("nested too deep")
	}
	n := &node{kind: kObject}
	for _, a := range se.Attr {
		n.keys, n.vals = append(n.keys, "@"+a.Name.Local), append(n.vals, &node{kind: kString, text: a.Value})
	}
	var text strings.Builder
	children := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			child, err := xmlElement(dec, t, depth+1)
			if err != nil {
				return nil, err
			}
			n.keys, n.vals = append(n.keys, t.Name.Local), append(n.vals, child)
			children++
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			txt := strings.TrimSpace(text.String())
			switch {
			case len(n.keys) == 0:
				return &node{kind: kString, text: txt}, nil
			case children == 0 && txt != "":
				n.keys, n.vals = append(n.keys, "#text"), append(n.vals, &node{kind: kString, text: txt})
			}
			return n, nil
		}
	}
}

// literal renders a node for a report: scalars as JSON literals, containers
// by their kind and size.
func (n *node) literal() string {
	if n == nil {
		return "(absent)"
	}
	switch n.kind {
	case kString:
		b, _ := json.Marshal(n.text)
		return string(b)
	case kNull:
		return "null"
	case kObject:
		return fmt.Sprintf("object{%s}", strings.Join(n.keys, ","))
	case kArray:
		return fmt.Sprintf("list[%d]", len(n.items))
	}
	return n.text
}

// typed renders a node with its type: string "1", number 1, null,
// object{…}, list[2].
func (n *node) typed() string {
	switch n.kind {
	case kString, kNumber, kBool:
		return n.kind.String() + " " + n.literal()
	}
	return n.literal()
}
