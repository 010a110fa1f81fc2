package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestBinary builds capsandbox once with scripts/build-static.sh (the
// image's build) and runs the tests that need a real process.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	bin := buildStatic(t)
	t.Run("StaticELF", func(t *testing.T) { testStaticELF(t, bin) })
	t.Run("EmptyRoot", func(t *testing.T) { t.Parallel(); testEmptyRoot(t, bin) })
	t.Run("EnvOnly", func(t *testing.T) { t.Parallel(); testEnvOnly(t, bin) })
	t.Run("LogFormats", func(t *testing.T) { t.Parallel(); testLogFormats(t, bin) })
	t.Run("GOGC", func(t *testing.T) { t.Parallel(); testGOGC(t, bin) })
}

// testGOGC: serve sets the GC target to 200 unless GOGC is in the
// environment (the runtime reports the setting in /__sandbox/metrics;
// "off" as the largest uint64).
func testGOGC(t *testing.T, bin string) {
	for _, c := range []struct{ env, want string }{{"", "200"}, {"GOGC=50", "50"}, {"GOGC=off", "1.8446744073709552e+19"}} {
		addr := freeAddr(t)
		cmd := exec.Command(bin, "serve", "--addr", addr, "--data", ":memory:")
		cmd.Env = []string{}
		if c.env != "" {
			cmd.Env = append(cmd.Env, c.env)
		}
		p := start(t, cmd, addr)
		_, body := p.call(t, http.MethodGet, "/__sandbox/metrics", nil, "")
		if !strings.Contains(body, "\ngo_gc_gogc_percent "+c.want+"\n") {
			t.Errorf("env %q: want go_gc_gogc_percent %s in the metrics", c.env, c.want)
		}
		p.stop(t)
	}
}

// buildStatic builds the binary into a temporary directory.
func buildStatic(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "capsandbox")
	cmd := exec.Command("bash", "../../scripts/build-static.sh", bin, "v0.0.0-test", "testcommit")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("scripts/build-static.sh: %v\n%s", err, out)
	}
	return bin
}

// syncBuffer collects a process's output for concurrent readers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// proc is a running capsandbox.
type proc struct {
	addr   string // host:port to dial
	stderr *syncBuffer
	done   chan struct{}
	err    error
	cmd    *exec.Cmd
}

// nextPort hands out ports from the range these tests may use.
var nextPort atomic.Int32

// freeAddr returns a loopback address in 18310–18359 (examples use 18360–18399) that is free now.
func freeAddr(t *testing.T) string {
	t.Helper()
	for range 50 {
		p := 18310 + (nextPort.Add(1)-1)%50
		addr := fmt.Sprintf("127.0.0.1:%d", p)
		if l, err := net.Listen("tcp", addr); err == nil {
			l.Close()
			return addr
		}
	}
	t.Fatal("no free port in 18310-18359")
	return ""
}

// start runs cmd (a capsandbox serve listening on addr), waits until its
// health route answers 200, and stops it with SIGTERM at cleanup.
func start(t *testing.T, cmd *exec.Cmd, addr string) *proc {
	t.Helper()
	p := &proc{addr: addr, stderr: new(syncBuffer), done: make(chan struct{}), cmd: cmd}
	cmd.Stdout, cmd.Stderr = p.stderr, p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", cmd.Path, err)
	}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	t.Cleanup(func() { p.stop(t) })
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			t.Fatalf("capsandbox exited before it was healthy (%v):\n%s", p.err, p.stderr)
		default:
		}
		if resp, err := http.Get("http://" + addr + "/__sandbox/health"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("capsandbox not healthy at %s within 15s:\n%s", addr, p.stderr)
	return nil
}

// stop sends SIGTERM and expects a clean exit.
func (p *proc) stop(t *testing.T) {
	select {
	case <-p.done:
		return
	default:
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
		if p.err != nil {
			t.Errorf("capsandbox exited with %v after SIGTERM:\n%s", p.err, p.stderr)
		}
	case <-time.After(15 * time.Second):
		p.cmd.Process.Kill()
		t.Errorf("capsandbox did not stop within 15s of SIGTERM")
	}
}

// call sends a request to the process and returns status and body.
func (p *proc) call(t *testing.T, method, path string, header http.Header, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, "http://"+p.addr+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data)
}

// till1 is the Basic header of every built-in scenario's till.
var till1 = http.Header{"Authorization": {"Basic dGlsbDE6MjAyY2I5NjJhYzU5MDc1Yjk2NGIwNzE1MmQyMzRiNzA="}, "Content-Type": {"application/json"}}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
