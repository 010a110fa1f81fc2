package reliability

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

// The crash and store-fault tests run the real binary, built once by
// TestMain into a temporary directory.

var (
	binary   string
	buildErr error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "capsandbox-reliability-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "capsandbox")
	cmd := exec.Command("go", "build", "-o", binary, "../../cmd/capsandbox")
	if out, err := cmd.CombinedOutput(); err != nil {
		buildErr = fmt.Errorf("go build: %v\n%s", err, out)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// proc is a running capsandbox.
type proc struct {
	cmd    *exec.Cmd
	base   string
	stderr *syncBuffer
	exit   chan error
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// freeAddr returns a loopback address nobody listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// run starts the binary with args (plus --addr) without waiting.
func run(t *testing.T, args ...string) *proc {
	t.Helper()
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	addr := freeAddr(t)
	p := &proc{base: "http://" + addr, stderr: &syncBuffer{}, exit: make(chan error, 1)}
	p.cmd = exec.Command(binary, append(append([]string{"serve"}, args...), "--addr", addr)...)
	p.cmd.Stdout, p.cmd.Stderr = io.Discard, p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.exit <- p.cmd.Wait() }()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.exit
		p.exit <- nil
	})
	return p
}

// start runs the binary and waits until its health route answers 200.
func start(t *testing.T, args ...string) *proc {
	t.Helper()
	p := run(t, args...)
	client := &http.Client{Timeout: time.Second}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if resp, err := client.Get(p.base + "/__sandbox/health"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		select {
		case err := <-p.exit:
			p.exit <- err
			t.Fatalf("exited before it was healthy: %v\n%s", err, p.stderr)
		default:
		}
	}
	t.Fatalf("not healthy within 20 s\n%s", p.stderr)
	return nil
}

// wait returns the process's exit code, failing after timeout.
func (p *proc) wait(t *testing.T, timeout time.Duration) int {
	t.Helper()
	select {
	case err := <-p.exit:
		p.exit <- err
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(timeout):
		t.Fatalf("still running after %v\n%s", timeout, p.stderr)
		return -1
	}
}

// customerBody is an add of one customer with mobile 91<n>.
func customerBody(n int64) string {
	m := strconv.FormatInt(n, 10)
	return `{"root":{"customer":[{"mobile":"91` + m + `","email":"u` + m + `@example.com","firstname":"Asha"}]}}`
}
