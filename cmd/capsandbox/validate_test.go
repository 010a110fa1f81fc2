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
		{"unknown key", "unknown.yaml", "", p("unknown.yaml") + ":5:1: unknown key \"colour\"\n", 1},
		{"bad code", "code.yaml", "", p("code.yaml") + ":7:5: error=1: \"1\" is not an item error code (GET /__sandbox/codes lists them)\n", 1},
		{"undefined custom field", "field.yaml", "", p("field.yaml") + ":4:29: custom field \"loyalty_tier\" is not defined in org.custom_fields\n", 1},
		{"error in the extended file", "child.yaml", "", p("base.yaml") + ":5:5: unknown config CONF_NOPE (GET /v1.1/organization/configs lists the known ones)\n", 1},
		{"duplicate till", "twice.yaml", "", p("twice.yaml") + ":6:8: duplicate till \"TILL1\"\n", 1},
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
	if want := filepath.Join(dir, "b.yaml") + ":3:11: sandbox.batch_limit: must be at least 1\n"; stderr.String() != want {
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

// TestValidateReportsEveryProblem: a file with eleven problems, five found
// by the schema and six by the semantic checks, gets all eleven in one
// run, each once, at its line and column, in file order.
func TestValidateReportsEveryProblem(t *testing.T) {
	f := filepath.Join("testdata", "many-problems.yaml")
	want := []struct{ at, fragment string }{
		{"5:1", `unknown key "colour"`},
		{"7:3", "org.id: must be an integer, got string"},
		{"8:3", `unknown time zone "Mars/Olympus"`},
		{"11:8", `duplicate till "TILL1"`},
		{"13:5", "unknown config CONF_NOPE"},
		{"15:3", `sandbox.duplicate_policy: must be one of "upsert", "reject"`},
		{"16:3", "sandbox.batch_limit: must be at least 1"},
		{"18:22", "bad regex: error parsing regexp: missing closing ]: `[a-z`"},
		{"21:5", `error=1: "1" is not an item error code`},
		{"22:29", `custom field "loyalty_tier" is not defined in org.custom_fields`},
		{"24:13", "nth: to (2) must not be below from (5)"},
	}
	code, stdout, stderr := runCLI("validate", f)
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if code != 1 || stdout != "" || len(lines) != len(want) {
		t.Fatalf("exit %d, %d problem lines, want exit 1 and %d:\n%s", code, len(lines), len(want), stderr)
	}
	for i, w := range want {
		if prefix := f + ":" + w.at + ": "; !strings.HasPrefix(lines[i], prefix) || !strings.Contains(lines[i], w.fragment) {
			t.Errorf("problem %d: %s\nwant %s…%s", i+1, lines[i], prefix, w.fragment)
		}
	}
}

// TestValidateIndentation: a key indented one space short of its
// siblings, three blocks deep, is reported at its own line and column,
// not where the YAML parser's block began (line 7).
func TestValidateIndentation(t *testing.T) {
	f := filepath.Join("testdata", "bad-indent.yaml")
	code, _, stderr := runCLI("validate", f)
	want := f + ":10:6: YAML syntax: bad indentation: 5 space(s) line up with no open block (the open blocks are indented 0, 2, 4, 6 space(s))\n"
	if code != 1 || stderr != want {
		t.Errorf("exit %d, stderr:\n%s\nwant:\n%s", code, stderr, want)
	}
}
