package server_test

import (
	"os"
	"path/filepath"
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
