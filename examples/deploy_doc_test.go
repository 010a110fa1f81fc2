package examples

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/proctest"
)

// shBlock matches a fenced sh block of a Markdown file.
var shBlock = regexp.MustCompile("(?s)```sh\n(.*?)```")

// knownCommand lists how each command of docs/DEPLOY.md is exercised: the
// first word of every command line (after VAR=value prefixes) must be one.
var knownCommand = map[string]string{
	"scripts/build-static.sh": "run",
	"./capsandbox":            "run (the binary just built)",
	"capsandbox":              "run (the built binary on PATH)",
	"curl":                    "run against the server of its block",
	"until":                   "run",
	"kill":                    "run",
	"mkdir":                   "run",
	"printf":                  "run",
	"docker":                  "run by the stand-in (standin_test.go)",
	"scripts/image-smoke.sh":  "run by .ci/run",
}

// TestDeployDocCommands runs every sh block of docs/DEPLOY.md with bash in
// a fresh directory (scripts/, examples/ and the Dockerfile linked in), the
// built binary and the docker stand-in on PATH, and 127.0.0.1:8080
// rewritten to a free port (CAPSANDBOX_ADDR is set to it as well, for
// commands that rely on the default address). Each block must exit 0; a block that
// registers a customer must show the registration.
func TestDeployDocCommands(t *testing.T) {
	doc, err := os.ReadFile("../docs/DEPLOY.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := shBlock.FindAllStringSubmatch(string(doc), -1)
	if len(blocks) < 6 {
		t.Fatalf("found %d sh blocks in docs/DEPLOY.md", len(blocks))
	}
	needTool(t, "curl")
	for i, b := range blocks {
		script := b[1]
		checkCommands(t, script)
		if strings.TrimSpace(script) == "scripts/image-smoke.sh" {
			ci, _ := os.ReadFile("../.ci/run")
			if !strings.Contains(string(ci), "\tscripts/image-smoke.sh\n") {
				t.Errorf(".ci/run does not run scripts/image-smoke.sh")
			}
			continue
		}
		t.Run(fmt.Sprintf("block%d", i+1), func(t *testing.T) {
			out := runBlock(t, script)
			if strings.Contains(script, "customer/add") && !strings.Contains(out, "Customer registration successful") {
				t.Errorf("block did not register a customer; output:\n%s", out)
			}
			if strings.Contains(script, "CAPSANDBOX_SCENARIO=warning-1017") && !strings.Contains(out, `"warning":["1017"]`) {
				t.Errorf("the scenario set by the environment did not apply; output:\n%s", out)
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

// runBlock runs one block and returns its output.
func runBlock(t *testing.T, script string) string {
	t.Helper()
	dir, binDir, state := t.TempDir(), t.TempDir(), t.TempDir()
	for _, name := range []string{"scripts", "examples", "Dockerfile"} {
		abs, _ := filepath.Abs(filepath.Join("..", name))
		if err := os.Symlink(abs, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	self, _ := os.Executable()
	mustLink(t, bin, filepath.Join(binDir, "capsandbox"))
	mustLink(t, self, filepath.Join(binDir, "docker"))
	addr := proctest.Addr(t)
	_, port, _ := strings.Cut(addr, ":")
	script = strings.ReplaceAll(script, "127.0.0.1:8080", addr)
	script = strings.ReplaceAll(script, "-p 8080:8080", "-p "+port+":8080")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-euo", "pipefail", "-c", script)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + binDir + ":" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "TMPDIR=" + dir,
		"CAPSANDBOX_ADDR=" + addr, "DOCKER_STANDIN_STATE=" + state, "DOCKER_STANDIN_CAPSANDBOX=" + bin}
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "GO") { // the Go build cache and proxy settings
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	out, err := cmd.CombinedOutput()
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // anything the block left running
	if err != nil {
		t.Fatalf("block failed: %v\n--- script\n%s\n--- output\n%s", err, script, out)
	}
	return string(out)
}

func mustLink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}
