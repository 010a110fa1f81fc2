package proctest

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// HealthTimeout is how long Start waits for the health route.
const HealthTimeout = 20 * time.Second

// stopTimeout is how long Stop waits after SIGTERM.
const stopTimeout = 15 * time.Second

// Proc is a started capsandbox process.
type Proc struct {
	Addr string // host:port it listens on
	URL  string // "http://" + Addr
	Cmd  *exec.Cmd

	out  Buffer
	done chan struct{}
	err  error // Wait's result, once done is closed
}

// Run starts cmd, a capsandbox that listens on addr, without waiting for
// it to be ready. Its stdout and stderr are collected (Output). When the
// test ends a process still running is stopped as Stop does.
func Run(tb testing.TB, cmd *exec.Cmd, addr string) *Proc {
	tb.Helper()
	p := &Proc{Addr: addr, URL: "http://" + addr, Cmd: cmd, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = &p.out, &p.out
	if err := start(cmd); err != nil {
		tb.Fatalf("start %s: %v", cmd.Path, err)
	}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	tb.Cleanup(func() { p.Stop(tb) })
	return p
}

// start starts cmd, trying again while the kernel answers ETXTBSY: a
// binary a test has just written (a copy of it in another root) stays busy
// while a process another test forks meanwhile still holds the written
// file open, until that process execs.
func start(cmd *exec.Cmd) error {
	for try := 0; ; try++ {
		err := cmd.Start()
		if !errors.Is(err, syscall.ETXTBSY) || try == 50 {
			return err
		}
		*cmd = exec.Cmd{Path: cmd.Path, Args: cmd.Args, Env: cmd.Env, Dir: cmd.Dir, SysProcAttr: cmd.SysProcAttr,
			Stdout: cmd.Stdout, Stderr: cmd.Stderr}
		time.Sleep(20 * time.Millisecond)
	}
}

// Start runs cmd like Run and waits until its health route answers 200,
// failing the test when the process exits first or HealthTimeout passes.
func Start(tb testing.TB, cmd *exec.Cmd, addr string) *Proc {
	tb.Helper()
	p := Run(tb, cmd, addr)
	client := &http.Client{Timeout: time.Second}
	for deadline := time.Now().Add(HealthTimeout); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		select {
		case <-p.done:
			tb.Fatalf("capsandbox exited before it was healthy (%v):\n%s", p.err, p.Output())
		default:
		}
		if resp, err := client.Get(p.URL + "/__sandbox/health"); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
	}
	tb.Fatalf("capsandbox not healthy at %s within %v:\n%s", addr, HealthTimeout, p.Output())
	return nil
}

// Serve starts the Build binary with args (`serve` and --addr added) and
// an empty environment, and waits until it is healthy.
func Serve(tb testing.TB, args ...string) *Proc {
	tb.Helper()
	cmd, addr := ServeCmd(tb, args...)
	return Start(tb, cmd, addr)
}

// ServeCmd returns the command Serve runs, with its address.
func ServeCmd(tb testing.TB, args ...string) (*exec.Cmd, string) {
	tb.Helper()
	addr := Addr(tb)
	cmd := exec.Command(Binary(tb), append(append([]string{"serve"}, args...), "--addr", addr)...)
	cmd.Env = []string{}
	return cmd, addr
}

// Output returns what the process wrote so far, stdout and stderr in the
// order written.
func (p *Proc) Output() string { return p.out.String() }

// Signal sends sig to the process.
func (p *Proc) Signal(sig os.Signal) error { return p.Cmd.Process.Signal(sig) }

// Wait waits for the process to exit and returns its exit code, failing
// the test after timeout.
func (p *Proc) Wait(tb testing.TB, timeout time.Duration) int {
	tb.Helper()
	select {
	case <-p.done:
	case <-time.After(timeout):
		tb.Fatalf("capsandbox still running after %v:\n%s", timeout, p.Output())
	}
	if p.err == nil {
		return 0
	}
	var exit *exec.ExitError
	if errors.As(p.err, &exit) {
		return exit.ExitCode()
	}
	tb.Fatal(p.err)
	return -1
}

// Stop sends SIGTERM to a running process and expects a clean exit within
// 15 s (then kills it and fails the test). A process that has exited
// already is left alone.
func (p *Proc) Stop(tb testing.TB) {
	tb.Helper()
	select {
	case <-p.done:
		return
	default:
	}
	p.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
		if p.err != nil {
			tb.Errorf("capsandbox exited with %v after SIGTERM:\n%s", p.err, p.Output())
		}
	case <-time.After(stopTimeout):
		p.Cmd.Process.Kill()
		<-p.done
		tb.Errorf("capsandbox did not stop within %v of SIGTERM:\n%s", stopTimeout, p.Output())
	}
}

// Call sends a request to the process and returns the status and body.
func (p *Proc) Call(tb testing.TB, method, path string, header http.Header, body string) (int, string) {
	tb.Helper()
	req, err := http.NewRequest(method, p.URL+path, strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data)
}

// Buffer collects output written by one goroutine (a process, a server)
// for readers on others.
type Buffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write implements io.Writer.
func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns everything written so far.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
