package server_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/scenario"
)

// TestCookbookCoversEverything: docs/SCENARIOS.md has a row with a curl for
// every built-in scenario, directive, magic value and setting.
func TestCookbookCoversEverything(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "docs", "SCENARIOS.md"))
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(string(raw), "\n") {
		if cells := strings.Split(line, "|"); len(cells) > 2 {
			rows[strings.TrimSpace(cells[1])] = line
		}
	}
	lib, err := scenario.NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, n := range lib.Names() {
		want = append(want, "`"+n+"`")
	}
	want = append(want, "`warning=CODE`", "`error=CODE`", "`status=CODE`", "`delay=DUR`", "`reset`",
		"`+w<code>`", "`+e<code>`", "`+s<status>`", "`+d<ms>`")
	for _, key := range want {
		if row, ok := rows[key]; !ok || !strings.Contains(row, "curl ") {
			t.Errorf("docs/SCENARIOS.md: no table row for %s with a curl", key)
		}
	}
	for _, c := range settingCases {
		if !strings.Contains(string(raw), "`"+c.key+"`") {
			t.Errorf("docs/SCENARIOS.md: setting %s is not documented", c.key)
		}
	}
}

// TestFidelityTableNamesRealTests: every test, subtest and golden file
// docs/FIDELITY.md cites exists, and every setting of the schema has a row
// there, so the table cannot drift from the tests that prove it.
func TestFidelityTableNamesRealTests(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "docs", "FIDELITY.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	funcs := testFuncs(t, filepath.Join("..", ".."))
	for _, m := range regexp.MustCompile(`\b(Test[A-Z][A-Za-z0-9]*)(/[A-Za-z0-9_*-]+)?`).FindAllStringSubmatch(doc, -1) {
		if !funcs[m[1]] {
			t.Errorf("FIDELITY.md cites %s, which is no test function", m[1])
		}
		sub := strings.TrimPrefix(m[2], "/")
		switch m[1] {
		case "TestChecklist":
			if n, err := strconv.Atoi(sub); sub != "" && sub != "NN" && (err != nil || n < 1 || n > 32) {
				t.Errorf("FIDELITY.md cites checklist item %q", sub)
			}
		case "TestSettingsFlipBehaviour":
			if sub != "" && sub != "KEY" && !hasSettingCase(sub) {
				t.Errorf("FIDELITY.md cites setting case %q, which has none", sub)
			}
		}
	}
	golden := filepath.Join("..", "httpapi", "testdata", "golden")
	for _, m := range regexp.MustCompile("`httpapi` ([A-Za-z0-9*, .-]+[A-Za-z0-9*])").FindAllStringSubmatch(doc, -1) {
		for _, name := range strings.Split(m[1], ", ") {
			if strings.HasPrefix(name, "Test") {
				continue
			}
			if files, _ := filepath.Glob(filepath.Join(golden, name+".json")); len(files) == 0 {
				if files, _ = filepath.Glob(filepath.Join(golden, name)); len(files) == 0 {
					t.Errorf("FIDELITY.md cites golden %q, which %s does not hold", name, golden)
				}
			}
		}
	}
	for _, c := range settingCases {
		if !strings.Contains(doc, "| `"+c.key+"` ") && c.key != "max_future_registration" && c.key != "batch_limit" &&
			c.key != "duplicate_policy" && c.key != "rate_limit_per_minute" {
			t.Errorf("FIDELITY.md has no settings row for %s", c.key)
		}
	}
}

func hasSettingCase(key string) bool {
	for _, c := range settingCases {
		if c.key == key {
			return true
		}
	}
	return false
}

// testFuncs returns the names of the Test functions of every _test.go file
// under root.
func testFuncs(t *testing.T, root string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	re := regexp.MustCompile(`(?m)^func (Test[A-Za-z0-9_]+)\(`)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			out[m[1]] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
