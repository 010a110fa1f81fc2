package scenario

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/capsandbox/capsandbox/scenarios"
	"go.yaml.in/yaml/v3"
)

// This file implements `extends: NAME`. The named scenario's YAML is
// loaded (recursively) and the extending file is laid over it:
//
//   - mappings merge key by key, deeply (org.configs, org.program, sandbox...);
//   - every other value, lists included, is replaced by the extending
//     file's (org.tills, org.custom_fields, customers...);
//   - rules are the exception: the extending file's rules come first, then
//     the inherited ones, so both apply and the extending file's rule wins
//     a conflict within the same rank;
//   - name and description are never inherited; extends is not either.

// resolver finds the file an `extends:` names, as seen from file from.
type resolver func(name, from string) (file string, data []byte, err error)

// builtinFile is the label of a built-in scenario in messages.
func builtinFile(name string) string { return "scenarios/" + name + ".yaml" }

// resolveBuiltin finds a built-in scenario by name.
func resolveBuiltin(name, _ string) (string, []byte, error) {
	data, err := fs.ReadFile(scenarios.FS, name+".yaml")
	if err != nil || strings.ContainsAny(name, `/\`) {
		return "", nil, fmt.Errorf("no scenario %q (built-in scenarios: %s)", name, strings.Join(builtinNames(), ", "))
	}
	return builtinFile(name), data, nil
}

func builtinNames() []string {
	names, _ := fs.Glob(scenarios.FS, "*.yaml")
	for i, n := range names {
		names[i] = strings.TrimSuffix(n, ".yaml")
	}
	return names
}

// resolveDisk finds what a file on disk extends: a relative path (NAME
// ending in .yaml or .yml), else a scenario of the same directory by file
// name or by `name:`, else a built-in. A file does not find itself.
func resolveDisk(name, from string) (string, []byte, error) {
	info, err := os.Stat(from)
	if err != nil || !info.Mode().IsRegular() {
		return resolveBuiltin(name, from)
	}
	dir := filepath.Dir(from)
	if isPath(name) {
		path := name
		if !filepath.IsAbs(path) {
			path = filepath.Join(dir, path)
		}
		data, err := os.ReadFile(path)
		return path, data, err
	}
	if path := sibling(dir, name, from); path != "" {
		data, err := os.ReadFile(path)
		return path, data, err
	}
	return resolveBuiltin(name, from)
}

// isPath reports whether an extends value or a --scenario value names a
// file rather than a scenario.
func isPath(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return strings.ContainsAny(name, `/\`) || ext == ".yaml" || ext == ".yml"
}

// sibling returns the scenario file of dir named name (by file name first,
// then by its `name:` key), other than self; "" when there is none.
func sibling(dir, name, self string) string {
	files, err := scenarioFiles(dir)
	if err != nil {
		return ""
	}
	same := func(f string) bool {
		a, _ := filepath.Abs(f)
		b, _ := filepath.Abs(self)
		return a == b
	}
	for _, f := range files {
		base := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
		if base == name && !same(f) {
			return f
		}
	}
	for _, f := range files {
		if !same(f) && declaredName(f) == name {
			return f
		}
	}
	return ""
}

// declaredName returns the `name:` of a scenario file, "" when unreadable.
func declaredName(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	var head struct {
		Name string `yaml:"name"`
	}
	if yaml.Unmarshal(data, &head) != nil {
		return ""
	}
	return head.Name
}

// merge lays child over base (both top-level mappings) by the rules above.
func merge(base, child *yaml.Node) *yaml.Node {
	out := mergeMapping(base, child, 0)
	if rb, rc := value(base, "rules"), value(child, "rules"); rb != nil && rc != nil &&
		rb.Kind == yaml.SequenceNode && rc.Kind == yaml.SequenceNode {
		rules := *rc
		rules.Content = append(append([]*yaml.Node(nil), rc.Content...), rb.Content...)
		setPair(out, keyNode(child, "rules"), &rules)
	}
	for _, k := range []string{"name", "description", "extends"} {
		if value(child, k) == nil {
			deleteKey(out, k)
		}
	}
	return out
}

func mergeMapping(base, child *yaml.Node, depth int) *yaml.Node {
	if base.Kind != yaml.MappingNode || child.Kind != yaml.MappingNode || depth > maxDepth {
		return child
	}
	out := *child
	out.Content = append([]*yaml.Node(nil), base.Content...)
	for i := 0; i+1 < len(child.Content); i += 2 {
		k, v := child.Content[i], child.Content[i+1]
		if old := value(&out, k.Value); old != nil {
			setPair(&out, k, mergeMapping(old, v, depth+1))
			continue
		}
		out.Content = append(out.Content, k, v)
	}
	return &out
}

// setPair replaces the pair of key k.Value in mapping m by (k, v), so both
// the key and the value come from the file that set them.
func setPair(m, k, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == k.Value {
			m.Content[i], m.Content[i+1] = k, v
			return
		}
	}
	m.Content = append(m.Content, k, v)
}

// keyNode returns the key node of key in mapping m, or nil.
func keyNode(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i]
		}
	}
	return nil
}

func deleteKey(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = append(m.Content[:i:i], m.Content[i+2:]...)
			return
		}
	}
}
