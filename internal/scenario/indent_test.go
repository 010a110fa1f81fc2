package scenario

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/scenarios"
	"go.yaml.in/yaml/v3"
)

// TestIndentProblem: the line and column of a bad indentation, and none in
// valid block structures (lists at their key's indentation, block
// scalars, flow collections over several lines, plain scalars continued).
func TestIndentProblem(t *testing.T) {
	cases := []struct {
		name, yaml string
		line, col  int // 0: no problem
	}{
		{"deeper after a value", "org:\n  id: 7\n   name: x\n", 3, 4},
		{"between two blocks", "sandbox:\n  a: 1\n b: 2\n", 3, 2},
		{"inside a list item", "org:\n  tills:\n    - username: a\n      password: b\n     store: c\n", 5, 6},
		{"dash deeper after a value", "rules:\n  - name: a\n    outcome: x\n      - b\n", 4, 7},
		{"tab", "org:\n\tid: 1\n", 2, 1},
		{"valid nesting", "a:\n  b:\n    c: 1\n  d: 2\ne: 3\n", 0, 0},
		{"list at the key's indentation", "rules:\n- name: a\n  outcome: x\n- name: b\n", 0, 0},
		{"nested lists", "a:\n  - - x\n    - y\n  - z\n", 0, 0},
		{"block scalar", "description: |\n  line one\n    indented more\n  b: not a key\nname: x\n", 0, 0},
		{"flow over lines", "tills: [\n    {username: a,\n  password: b}]\nname: x\n", 0, 0},
		{"plain scalar continued", "description: a long\n  text that goes on\nname: x\n", 0, 0},
		{"comments and blank lines", "# head\na:\n\n    # deep comment\n  b: 1 # tail\n", 0, 0},
		{"quoted key with colon", "a:\n  \"x: y\": 1\n  z: 2\n", 0, 0},
		{"empty value then sibling", "a:\nb: 1\n", 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, ok := indentProblem([]byte(c.yaml))
			if c.line == 0 {
				if ok {
					t.Errorf("valid YAML reported at %d:%d: %s", p.line, p.column, p.msg)
				}
				var n yaml.Node
				if err := yaml.Unmarshal([]byte(c.yaml), &n); err != nil {
					t.Errorf("the case is not valid YAML: %v", err)
				}
				return
			}
			if !ok || p.line != c.line || p.column != c.col {
				t.Errorf("got %d:%d (%v) %s, want %d:%d", p.line, p.column, ok, p.msg, c.line, c.col)
			}
		})
	}
}

// TestIndentProblemNoFalseAlarm: no scenario file of the repository (the
// built-ins, the tests' and the examples') is reported.
func TestIndentProblemNoFalseAlarm(t *testing.T) {
	n := 0
	check := func(name string, data []byte) {
		n++
		if p, ok := indentProblem(data); ok {
			t.Errorf("%s:%d:%d: %s", name, p.line, p.column, p.msg)
		}
	}
	builtins, _ := fs.Glob(scenarios.FS, "*.yaml")
	for _, f := range builtins {
		data, _ := fs.ReadFile(scenarios.FS, f)
		check(f, data)
	}
	root := filepath.Join("..", "..")
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != root {
			return filepath.SkipDir
		}
		if ext := filepath.Ext(path); (ext == ".yaml" || ext == ".yml") && !strings.Contains(path, "bad-indent") {
			data, _ := os.ReadFile(path)
			check(path, data)
		}
		return nil
	})
	if n < 20 {
		t.Errorf("only %d YAML files checked", n)
	}
}
