package examples

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A reader is what a new user has after cloning the repository and before
// following the README: a fresh copy of its files, a home directory whose
// GOPATH is empty (so nothing is installed yet), and a PATH of the
// system's directories and Go's own bin directory only. Doc tests run the
// docs' commands as that reader, so a step the docs leave out fails the
// test as it would fail the reader.
type reader struct {
	repo string   // the fresh copy, the commands' working directory
	env  []string // the reader's environment
}

func newReader(t *testing.T) *reader {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	r := &reader{repo: filepath.Join(dir, "capsandbox")}
	copyCheckout(t, root, r.repo)
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH")
	}
	goTool, _ = filepath.EvalSymlinks(goTool)
	r.env = []string{
		"HOME=" + filepath.Join(dir, "home"), // GOPATH is $HOME/go: empty
		"PATH=" + filepath.Dir(goTool) + ":/usr/bin:/bin",
		"TMPDIR=" + dir,
		// Not the reader's choices, but the test machine's: the module
		// cache and build cache are shared so that nothing is downloaded
		// and the packages the image build compiled (CGO_ENABLED=0
		// -trimpath, scripts/build-static.sh) are reused.
		"GOMODCACHE=" + goEnv(t, "GOMODCACHE"), "GOCACHE=" + goEnv(t, "GOCACHE"),
		"GOPROXY=" + goEnv(t, "GOPROXY"), "GOFLAGS=-trimpath", "CGO_ENABLED=0", "GOTOOLCHAIN=local",
	}
	return r
}

func goEnv(t *testing.T, key string) string {
	t.Helper()
	out, err := exec.Command("go", "env", key).Output()
	if err != nil {
		t.Fatalf("go env %s: %v", key, err)
	}
	return strings.TrimSpace(string(out))
}

// copyCheckout copies the repository's files (tracked, and new ones not
// ignored: what a clone of this working tree has) from root to dst.
func copyCheckout(t *testing.T, root, dst string) {
	t.Helper()
	out, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Skipf("git ls-files: %v (the doc tests copy a git checkout)", err)
	}
	n := 0
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		src := filepath.Join(root, name)
		info, err := os.Lstat(src)
		if err != nil || !info.Mode().IsRegular() {
			continue // deleted in the working tree, or not a plain file
		}
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		target := filepath.Join(dst, name)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(target, data, info.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n < 100 {
		t.Fatalf("copied only %d files of the checkout", n)
	}
}

// run runs a bash script as the reader, in the fresh copy, with extra
// environment variables, and returns its output; the script's process
// group is killed when it ends or after timeout.
func (r *reader) run(t *testing.T, script string, timeout time.Duration, extra ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-euo", "pipefail", "-c", script)
	cmd.Dir = r.repo
	cmd.Env = append(append([]string{}, r.env...), extra...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // anything the script left running
	return out.String(), err
}

// readmePath is the README's line that puts the installed capsandbox on
// the PATH.
func readmePath(t *testing.T) string {
	t.Helper()
	for _, cmd := range readmeCommands(t) {
		if strings.HasPrefix(cmd, "export PATH=") {
			return cmd
		}
	}
	t.Fatal("README.md has no export PATH= line")
	return ""
}

// install runs the README's install steps (go install, the PATH line) and
// returns the prelude that gives later scripts the README's PATH.
func (r *reader) install(t *testing.T) string {
	t.Helper()
	prelude := readmePath(t) + "\n"
	if out, err := r.run(t, "go install ./cmd/capsandbox\n"+prelude+"command -v capsandbox", 5*time.Minute); err != nil ||
		!strings.Contains(out, filepath.Join("home", "go", "bin", "capsandbox")) {
		t.Fatalf("go install ./cmd/capsandbox as the README says: %v\n%s", err, out)
	}
	return prelude
}

// docCommands returns the unmarked command blocks (sh and indented) of a
// doc, in order.
func docCommands(t *testing.T, file string) []docBlock {
	t.Helper()
	var out []docBlock
	for _, b := range docBlocks(t, file) {
		if (b.lang == "sh" || b.lang == "indented") && b.marker == "" {
			out = append(out, b)
		}
	}
	return out
}

// withServer returns a script that starts `capsandbox serve` (the one on
// the README's PATH) on addr with a throwaway store, waits until it is
// healthy, runs body, and stops it.
func withServer(prelude, addr, body string) string {
	return prelude + "capsandbox serve --addr " + addr + " --data :memory: --sync none >server.log 2>&1 & server=$!\n" +
		"trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT\n" +
		"for i in $(seq 100); do capsandbox healthcheck --addr " + addr + " >/dev/null 2>&1 && break; sleep 0.1; done\n" +
		"capsandbox healthcheck --addr " + addr + " >/dev/null || { cat server.log; exit 1; }\n" + body
}
