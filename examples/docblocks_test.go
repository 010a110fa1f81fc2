package examples

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// Every code block of the repository's Markdown is run by a test,
// compiled, or validated, or says in a marker why not. A marker is an HTML
// comment on the line before the block (a blank line may come between):
//
//	<!-- doc-test: output -->              an answer or a log line shown, not a command
//	<!-- doc-test: skip REASON -->         a command no test can run here, and why
//	<!-- doc-test: run-by PATH -->         run by that file (a test or script of the repository)
//	<!-- doc-test: same-as PATH -->        a Go block that is that file (after its package line)
//
// Without a marker: sh and indented blocks are commands, run by the doc's
// runner (docRunners); yaml and json blocks are parsed here (a scenario
// also checked by `capsandbox validate`); other blocks need a marker.

// docFiles are the Markdown files whose blocks are checked.
var docFiles = []string{"README.md", "docs/CONTROL.md", "docs/DEPLOY.md", "docs/SCENARIOS.md", "docs/RECORD-VERIFY.md",
	"docs/PERFORMANCE.md", "docs/CONSOLE.md", "docs/FIDELITY.md", "examples/README.md", "clients/node/README.md",
	"clients/python/README.md", "testdata/seed-samples/README.md"}

// docRunners are the tests that run a doc's unmarked commands.
var docRunners = map[string]string{
	"README.md":          "TestReadmeFollowed",
	"docs/DEPLOY.md":     "TestDeployDocCommands",
	"docs/CONTROL.md":    "TestControlDocCommands",
	"docs/SCENARIOS.md":  "TestScenariosDocCommands",
	"examples/README.md": "TestExamplesDocCommands",
}

type docBlock struct {
	file   string
	line   int    // of the first line of the block's text
	lang   string // the fence's info string, "plain" for none, "indented"
	text   string
	marker string // the doc-test marker's text, "" for none
}

var (
	fenceRE  = regexp.MustCompile("^```([A-Za-z0-9_-]*)\\s*$")
	markerRE = regexp.MustCompile(`^<!-- doc-test: (.+?) -->$`)
	listRE   = regexp.MustCompile(`^\s*([-*+]|\d+\.)\s|^\s{2,}\S`)
)

// docBlocks returns a Markdown file's code blocks (path relative to the
// repository root).
func docBlocks(t *testing.T, file string) []docBlock {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", file))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(raw), "\n")
	var out []docBlock
	prev := "" // the last non-blank line before the current one
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if m := fenceRE.FindStringSubmatch(line); m != nil {
			j := i + 1
			for j < len(lines) && !strings.HasPrefix(lines[j], "```") {
				j++
			}
			lang := m[1]
			if lang == "" {
				lang = "plain"
			}
			out = append(out, docBlock{file, i + 2, lang, strings.Join(lines[i+1:min(j, len(lines))], "\n") + "\n", marker(prev)})
			i, prev = j, "```"
			continue
		}
		if indent := codeIndent(line, prev); indent != "" && i > 0 && strings.TrimSpace(lines[i-1]) == "" {
			j := i
			for j < len(lines) && (strings.HasPrefix(lines[j], indent) || strings.TrimSpace(lines[j]) == "") {
				j++
			}
			var text []string
			for _, l := range lines[i:j] {
				text = append(text, strings.TrimPrefix(l, indent))
			}
			out = append(out, docBlock{file, i + 1, "indented", strings.TrimRight(strings.Join(text, "\n"), "\n") + "\n", marker(prev)})
			i, prev = j-1, "    code"
			continue
		}
		if strings.TrimSpace(line) != "" {
			prev = line
		}
	}
	return out
}

// codeIndent returns the indentation that makes line the start of an
// indented code block after the paragraph line prev: four spaces, or eight
// inside a list item (whose text is indented itself); "" when it is not.
func codeIndent(line, prev string) string {
	indent := "    "
	if listRE.MatchString(prev) {
		indent = "        "
	}
	if strings.HasPrefix(line, indent) && strings.TrimSpace(line) != "" {
		return indent
	}
	return ""
}

func marker(prev string) string {
	if m := markerRE.FindStringSubmatch(strings.TrimSpace(prev)); m != nil {
		return m[1]
	}
	return ""
}

// TestDocBlocksAccounted checks every block of docFiles: each unmarked
// command block has a runner; yaml and json blocks parse (a scenario also
// validates); markers are well formed and name files that exist.
func TestDocBlocksAccounted(t *testing.T) {
	n := 0
	for _, f := range docFiles {
		for _, b := range docBlocks(t, f) {
			n++
			checkBlock(t, b)
		}
	}
	if n < 60 {
		t.Errorf("only %d code blocks found", n)
	}
}

func checkBlock(t *testing.T, b docBlock) {
	t.Helper()
	at := b.file + ":" + strconv.Itoa(b.line)
	kind, arg, _ := strings.Cut(b.marker, " ")
	switch kind {
	case "output":
		return
	case "skip":
		if len(strings.TrimSpace(arg)) < 10 {
			t.Errorf("%s: a skipped block must say why", at)
		}
		return
	case "run-by", "same-as":
		if _, err := os.Stat(filepath.Join("..", arg)); err != nil {
			t.Errorf("%s: %s %s: %v", at, kind, arg, err)
		}
		if kind == "same-as" {
			checkSameAs(t, at, b, arg)
		}
		return
	case "":
	default:
		t.Errorf("%s: unknown marker %q", at, b.marker)
		return
	}
	switch b.lang {
	case "sh", "indented":
		if docRunners[b.file] == "" {
			t.Errorf("%s: a command block no test runs (add the doc to docRunners, or a marker)", at)
		}
	case "yaml":
		checkYAML(t, at, b.text)
	case "json":
		var v any
		if err := json.Unmarshal([]byte(b.text), &v); err != nil {
			t.Errorf("%s: json block does not parse (%v); mark an excerpt <!-- doc-test: output -->", at, err)
		}
	default:
		t.Errorf("%s: a %s block needs a marker (output, skip, run-by or same-as)", at, b.lang)
	}
}

// checkSameAs: a Go block is the named file but for its package line.
func checkSameAs(t *testing.T, at string, b docBlock, path string) {
	t.Helper()
	file, err := os.ReadFile(filepath.Join("..", path))
	if err != nil {
		return
	}
	body := func(src string) string {
		_, rest, _ := strings.Cut(src, "\n")
		return strings.TrimSpace(rest)
	}
	if b.lang != "go" || !strings.HasPrefix(b.text, "package ") || body(b.text) != body(string(file)) {
		t.Errorf("%s: the block is not %s (after the package line)", at, path)
	}
}

// checkYAML parses a yaml block; a scenario (it has name and extends) is
// also checked as a scenario file.
func checkYAML(t *testing.T, at, text string) {
	t.Helper()
	var v map[string]any
	if err := yaml.Unmarshal([]byte(text), &v); err != nil {
		var list []any
		if err2 := yaml.Unmarshal([]byte(text), &list); err2 != nil {
			t.Errorf("%s: yaml block does not parse: %v", at, err)
		}
		return
	}
	if v["name"] == nil || v["extends"] == nil {
		return
	}
	f := filepath.Join(t.TempDir(), "block.yaml")
	if err := os.WriteFile(f, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := runCapsandbox("validate", f); err != nil {
		t.Errorf("%s: the scenario block does not validate: %s", at, out)
	}
}

// runCapsandbox runs the built binary and returns its combined output.
func runCapsandbox(args ...string) (string, error) {
	out, err := exec.Command(bin, args...).CombinedOutput()
	return string(out), err
}
