package examples

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/proctest"
)

// bin is the capsandbox binary (internal/proctest: built once for every
// package that runs it, the way scripts/build-static.sh builds the image's).
var bin string

func TestMain(m *testing.M) {
	if filepath.Base(os.Args[0]) == "docker" {
		os.Exit(standIn(os.Args[1:])) // see standin_test.go
	}
	var err error
	if bin, err = proctest.Build(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// envVars returns the CAPSANDBOX_* variables `capsandbox serve -h` names.
func envVars(t *testing.T) map[string]bool {
	t.Helper()
	out, _ := exec.Command(bin, "serve", "-h").CombinedOutput()
	vars := map[string]bool{}
	for _, m := range regexp.MustCompile(`\(env (CAPSANDBOX_[A-Z_]+)\)`).FindAllStringSubmatch(string(out), -1) {
		vars[m[1]] = true
	}
	if len(vars) < 8 {
		t.Fatalf("serve -h names %d variables:\n%s", len(vars), out)
	}
	return vars
}

// serve starts capsandbox with only the given environment (plus its
// address and a temporary data file unless env sets them), waits until it
// is healthy, and returns its base URL. It stops at cleanup.
func serve(t *testing.T, env map[string]string) string {
	t.Helper()
	addr := proctest.Addr(t)
	cmd := exec.Command(bin)
	cmd.Env = []string{"CAPSANDBOX_ADDR=" + addr, "CAPSANDBOX_DATA=" + filepath.Join(t.TempDir(), "c.db")}
	for k, v := range env {
		if k != "CAPSANDBOX_ADDR" && k != "CAPSANDBOX_DATA" || v == ":memory:" {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
	}
	return proctest.Start(t, cmd, addr).URL
}

// clientCmd is a command run from the repository root with only PATH,
// HOME and env in its environment.
func clientCmd(name, script string, env map[string]string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, append([]string{script}, args...)...)
	cmd.Dir = ".."
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.TempDir()}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	return cmd
}

// runClient runs clientCmd and returns its output; it fails the test on a
// non-zero exit.
func runClient(t *testing.T, env map[string]string, name, script string, args ...string) string {
	t.Helper()
	out, err := clientCmd(name, script, env, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s %s: %v\n%s", name, script, strings.Join(args, " "), err, out)
	}
	return string(out)
}

func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s not installed", name)
	}
}
