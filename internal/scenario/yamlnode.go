package scenario

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// This file walks YAML node trees: it turns them into the generic values
// the JSON Schema checks, and finds the node (file and line) a problem
// concerns.

// maxDepth bounds how deep generic follows nested nodes and aliases.
const maxDepth = 64

// maxValues bounds how many values generic produces, so aliases that
// expand exponentially ("billion laughs") cannot exhaust the server.
const maxValues = 200000

// generic returns n as map[string]any, []any, string, json.Number, bool
// or nil. Mapping keys are taken as written. ok is false when the document
// expands to more than maxValues values.
func generic(n *yaml.Node) (v any, ok bool) {
	g := &genericWalk{budget: maxValues}
	v = g.walk(n, 0)
	return v, g.budget >= 0
}

type genericWalk struct{ budget int }

func (g *genericWalk) walk(n *yaml.Node, depth int) any {
	g.budget--
	if n == nil || depth > maxDepth || g.budget < 0 {
		return nil
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return g.walk(n.Content[0], depth+1)
	case yaml.AliasNode:
		return g.walk(n.Alias, depth+1)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = g.walk(n.Content[i+1], depth+1)
		}
		return m
	case yaml.SequenceNode:
		l := make([]any, len(n.Content))
		for i, c := range n.Content {
			l[i] = g.walk(c, depth+1)
		}
		return l
	}
	return scalarValue(n)
}

// scalarValue types a scalar by its resolved YAML tag.
func scalarValue(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return b
		}
	case "!!int":
		var i int64
		if n.Decode(&i) == nil {
			return json.Number(strconv.FormatInt(i, 10))
		}
	case "!!float":
		var f float64
		if n.Decode(&f) == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
		}
	}
	return n.Value
}

// content returns the top-level mapping of a parsed document (nil when
// the document is empty).
func content(root *yaml.Node) *yaml.Node {
	if root.Kind == 0 {
		return nil
	}
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return nil
		}
		return root.Content[0]
	}
	return root
}

// splitPath splits a dotted path ("org.tills.0.username") or a schema
// problem path ("org.tills[0].username", `org.configs["A B"]`) into its
// steps.
func splitPath(path string) []string {
	var out []string
	for path != "" {
		switch {
		case path[0] == '.':
			path = path[1:]
		case strings.HasPrefix(path, `["`):
			end := closingQuote(path)
			key, err := strconv.Unquote(path[1:end])
			if err != nil {
				key = path[2 : end-1]
			}
			out = append(out, key)
			path = strings.TrimPrefix(path[end:], "]")
		case path[0] == '[':
			end := strings.IndexByte(path, ']')
			if end < 0 {
				return append(out, path[1:])
			}
			out = append(out, path[1:end])
			path = path[end+1:]
		default:
			end := strings.IndexAny(path, ".[")
			if end < 0 {
				end = len(path)
			}
			out = append(out, path[:end])
			path = path[end:]
		}
	}
	return out
}

// closingQuote returns the index just past the closing quote of the
// quoted key that starts at path[1].
func closingQuote(path string) int {
	for i := 2; i < len(path); i++ {
		switch path[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(path)
}

// find returns the node a path leads to, for its line and origin: the key
// node of the last mapping step, the item node of the last sequence step,
// or the nearest existing ancestor when the path does not exist.
func find(root *yaml.Node, path []string) *yaml.Node {
	at, n := root, root
	for _, part := range path {
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			n = n.Alias
		}
		key, next := step(n, part)
		if next == nil {
			break
		}
		at, n = key, next
	}
	return at
}

// nodeAt returns the value node at path, or nil when there is none.
func nodeAt(root *yaml.Node, path []string) *yaml.Node {
	n := root
	for _, part := range path {
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			n = n.Alias
		}
		if _, n = step(n, part); n == nil {
			return nil
		}
	}
	return n
}

// step returns the node to report and the node to descend into for one
// path step (nil when the step does not exist).
func step(n *yaml.Node, part string) (at, next *yaml.Node) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == part {
				return n.Content[i], n.Content[i+1]
			}
		}
	case yaml.SequenceNode:
		if i, err := strconv.Atoi(part); err == nil && i >= 0 && i < len(n.Content) {
			return n.Content[i], n.Content[i]
		}
	}
	return nil, nil
}

// value returns the value node of key in mapping n, or nil.
func value(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// markOrigin records file as the origin of n and every node below it.
func markOrigin(origin map[*yaml.Node]string, n *yaml.Node, file string) {
	if n == nil {
		return
	}
	if _, seen := origin[n]; seen {
		return
	}
	origin[n] = file
	for _, c := range n.Content {
		markOrigin(origin, c, file)
	}
}
