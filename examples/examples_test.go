package examples

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// bin is the capsandbox binary built by TestMain with
// scripts/build-static.sh.
var bin string

func TestMain(m *testing.M) {
	if filepath.Base(os.Args[0]) == "docker" {
		os.Exit(standIn(os.Args[1:])) // see standin_test.go
	}
	dir, err := os.MkdirTemp("", "capsandbox-examples-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "capsandbox")
	if out, err := exec.Command("bash", "../scripts/build-static.sh", bin).CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "scripts/build-static.sh: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
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

var nextPort atomic.Int32

// freeAddr returns a loopback address in 18360–18399 that is free now.
func freeAddr(t *testing.T) string {
	t.Helper()
	for range 40 {
		addr := fmt.Sprintf("127.0.0.1:%d", 18360+(nextPort.Add(1)-1)%40)
		if l, err := net.Listen("tcp", addr); err == nil {
			l.Close()
			return addr
		}
	}
	t.Fatal("no free port in 18360-18399")
	return ""
}

// serve starts capsandbox with only the given environment (plus its
// address and a temporary data file unless env sets them), waits until it
// is healthy, and returns its base URL. It stops at cleanup.
func serve(t *testing.T, env map[string]string) string {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(bin)
	cmd.Env = []string{"CAPSANDBOX_ADDR=" + addr, "CAPSANDBOX_DATA=" + filepath.Join(t.TempDir(), "c.db")}
	for k, v := range env {
		if k != "CAPSANDBOX_ADDR" && k != "CAPSANDBOX_DATA" || v == ":memory:" {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
	}
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("capsandbox exited with %v after SIGTERM", err)
			}
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
			t.Errorf("capsandbox did not stop within 15s")
		}
	})
	base := "http://" + addr
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		select {
		case err := <-done:
			t.Fatalf("capsandbox exited (%v):\n%s", err, log.String())
		default:
		}
		if resp, err := http.Get(base + "/__sandbox/health"); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base
			}
		}
	}
	t.Fatalf("capsandbox not healthy within 15s")
	return ""
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
