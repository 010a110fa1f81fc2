package examples

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/proctest"
)

// knownCommand lists how each command of docs/DEPLOY.md is exercised: the
// first word of every command line (after VAR=value prefixes) must be one.
var knownCommand = map[string]string{
	"go":                      "run (go install, as the README says)",
	"export":                  "run (the README's PATH line)",
	"scripts/build-static.sh": "run",
	"./capsandbox":            "run (the binary just built)",
	"capsandbox":              "run (the one go install put on the README's PATH)",
	"curl":                    "run against the server of its block",
	"until":                   "run",
	"kill":                    "run",
	"mkdir":                   "run",
	"printf":                  "run",
	"docker":                  "run by the stand-in (standin_test.go)",
	"scripts/image-smoke.sh":  "run by .ci/run",
}

// TestDeployDocCommands runs every sh block of docs/DEPLOY.md with bash
// as the reader of the README (reader_test.go): in a fresh copy of the
// repository, after the README's install steps, with the README's PATH and
// the docker stand-in on it, and 127.0.0.1:8080 rewritten to a free port
// (CAPSANDBOX_ADDR is set to it as well, for commands that rely on the
// default address). Each block must exit 0; a block that registers a
// customer must show the registration.
func TestDeployDocCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("installs capsandbox with go install")
	}
	var blocks []docBlock
	for _, b := range docBlocks(t, "docs/DEPLOY.md") {
		if b.lang == "sh" {
			blocks = append(blocks, b)
		}
	}
	if len(blocks) < 7 {
		t.Fatalf("found %d sh blocks in docs/DEPLOY.md", len(blocks))
	}
	needTool(t, "curl")
	r := newReader(t)
	prelude := r.install(t)
	for _, b := range blocks {
		script := b.text
		checkCommands(t, script)
		if strings.TrimSpace(script) == "scripts/image-smoke.sh" {
			ci, _ := os.ReadFile("../.ci/run")
			if !strings.Contains(string(ci), "\tscripts/image-smoke.sh\n") {
				t.Errorf(".ci/run does not run scripts/image-smoke.sh")
			}
			continue
		}
		t.Run(fmt.Sprintf("line%d", b.line), func(t *testing.T) {
			out := runBlock(t, r, prelude, script)
			if strings.Contains(script, "customer/add") && !strings.Contains(out, "Customer registration successful") {
				t.Errorf("block did not register a customer; output:\n%s", out)
			}
			if strings.Contains(script, "CAPSANDBOX_SCENARIO=warning-1017") && !strings.Contains(out, `"warning":["1017"]`) {
				t.Errorf("the scenario set by the environment did not apply; output:\n%s", out)
			}
			if strings.Contains(script, "--version") && !strings.Contains(out, "capsandbox dev") {
				t.Errorf("capsandbox --version did not run the installed binary; output:\n%s", out)
			}
		})
	}
}

// checkCommands fails the test for a command line no rule exercises.
func checkCommands(t *testing.T, script string) {
	t.Helper()
	joined := strings.ReplaceAll(script, "\\\n", " ")
	for _, line := range strings.Split(joined, "\n") {
		words := strings.Fields(line)
		for len(words) > 0 && regexp.MustCompile(`^[A-Z_]+=`).MatchString(words[0]) {
			words = words[1:]
		}
		if len(words) == 0 || strings.HasPrefix(words[0], "#") {
			continue
		}
		if _, ok := knownCommand[words[0]]; !ok {
			t.Errorf("docs/DEPLOY.md command %q is exercised by nothing (add a rule to knownCommand)", line)
		}
	}
}

// runBlock runs one block as the reader and returns its output.
func runBlock(t *testing.T, r *reader, prelude, script string) string {
	t.Helper()
	binDir, state := t.TempDir(), t.TempDir()
	self, _ := os.Executable()
	mustLink(t, self, filepath.Join(binDir, "docker"))
	addr := proctest.Addr(t)
	_, port, _ := strings.Cut(addr, ":")
	script = strings.ReplaceAll(script, "127.0.0.1:8080", addr)
	script = strings.ReplaceAll(script, "-p 8080:8080", "-p "+port+":8080")
	out, err := r.run(t, prelude+"PATH="+binDir+":$PATH\n"+script, 90*time.Second,
		"CAPSANDBOX_ADDR="+addr, "DOCKER_STANDIN_STATE="+state, "DOCKER_STANDIN_CAPSANDBOX="+bin)
	if err != nil {
		t.Fatalf("block failed: %v\n--- script\n%s\n--- output\n%s", err, script, out)
	}
	return out
}

func mustLink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}
