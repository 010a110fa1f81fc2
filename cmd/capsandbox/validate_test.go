package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFiles writes name → content into a temporary directory.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestValidate runs validate on good and bad files and compares its whole
// output: "file:line: problem" per error on stderr, a summary line per good
// file on stdout, exit 1 on any error.
func TestValidate(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"good.yaml":    "name: good\nextends: default\nsandbox: {duplicate_policy: reject}\ncustomers:\n  - fake: 3\n",
		"syntax.yaml":  "name: syntax\norg:\n  tills: [\n    {username: a\n",
		"unknown.yaml": "name: unknown\nextends: default\norg:\n  id: 7\ncolour: red\n",
		"code.yaml":    "name: code\nextends: default\nrules:\n  - match: {mobile: {prefix: \"91\"}}\n    outcome: warning=1017\n  - match: {mobile: {prefix: \"44\"}}\n    outcome: error=1\n",
		"field.yaml":   "name: field\nextends: default\nrules:\n  - match: {custom_fields: {loyalty_tier: gold}}\n    outcome: warning=1017\n",
		"base.yaml":    "name: base\nextends: default\norg:\n  configs:\n    CONF_NOPE: 1\n",
		"child.yaml":   "name: child\nextends: base\n",
		"twice.yaml":   "name: twice\nextends: default\norg:\n  tills:\n    - {username: till1, password: \"123\"}\n    - {username: TILL1, password: x}\n",
	})
	p := func(name string) string { return filepath.Join(dir, name) }
	cases := []struct {
		name, file, stdout, stderr string
		exit                       int
	}{
		{"good", "good.yaml", p("good.yaml") + ": ok: scenario good (extends default): org 146, primary mobile, 2 till(s), 10 custom field(s), 3 initial customer(s), 4 rule(s)\n", "", 0},
		{"syntax error", "syntax.yaml", "", p("syntax.yaml") + ":3: YAML syntax: did not find expected ',' or '}'\n", 1},
		{"unknown key", "unknown.yaml", "", p("unknown.yaml") + ":5: unknown key \"colour\"\n", 1},
		{"bad code", "code.yaml", "", p("code.yaml") + ":7: error=1: \"1\" is not an item error code of reference §4.3\n", 1},
		{"undefined custom field", "field.yaml", "", p("field.yaml") + ":4: custom field \"loyalty_tier\" is not defined in org.custom_fields\n", 1},
		{"error in the extended file", "child.yaml", "", p("base.yaml") + ":5: unknown config CONF_NOPE (GET /v1.1/organization/configs lists the known ones)\n", 1},
		{"duplicate till", "twice.yaml", "", p("twice.yaml") + ":6: duplicate till \"TILL1\"\n", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			exit := run([]string{"validate", p(c.file)}, &stdout, &stderr)
			if exit != c.exit || stdout.String() != c.stdout || stderr.String() != c.stderr {
				t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s\nwant exit %d, stdout:\n%s\nstderr:\n%s",
					exit, stdout.String(), stderr.String(), c.exit, c.stdout, c.stderr)
			}
		})
	}
}

// TestValidateMixed: one bad file makes the exit 1, good files still get
// their summary.
func TestValidateMixed(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"a.yaml": "name: a\nextends: default\n",
		"b.yaml": "name: b\nextends: default\nsandbox: {batch_limit: 0}\n",
	})
	var stdout, stderr bytes.Buffer
	if exit := run([]string{"validate", dir}, &stdout, &stderr); exit != 1 {
		t.Errorf("exit %d, want 1", exit)
	}
	if !strings.HasPrefix(stdout.String(), filepath.Join(dir, "a.yaml")+": ok: scenario a") {
		t.Errorf("stdout %q lacks a's summary", stdout.String())
	}
	if want := filepath.Join(dir, "b.yaml") + ":3: sandbox.batch_limit: must be at least 1\n"; stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
}

// TestValidateBuiltins: every built-in scenario file passes, one summary
// line each; no argument is a usage error.
func TestValidateBuiltins(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if exit := run([]string{"validate", filepath.Join("..", "..", "scenarios")}, &stdout, &stderr); exit != 0 {
		t.Fatalf("exit %d\n%s", exit, stderr.String())
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "scenarios", "*.yaml"))
	if lines := strings.Count(stdout.String(), ": ok: scenario "); lines != len(files) || len(files) < 14 {
		t.Errorf("%d summary lines for %d files:\n%s", lines, len(files), stdout.String())
	}
	if exit := run([]string{"validate"}, &stdout, &stderr); exit != 2 {
		t.Errorf("validate without files: exit %d, want 2", exit)
	}
}
