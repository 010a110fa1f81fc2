package proctest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Ports Addr hands out: below Linux's ephemeral range (32768 and up), so a
// port picked here cannot be taken meanwhile by an outgoing connection of
// a load test.
const (
	firstPort = 18300
	numPorts  = 200
)

// Addr returns a 127.0.0.1 address that is free now and stays reserved for
// the test: the port's lock file (under the temporary directory) is held
// until the test ends, so parallel test processes using this package never
// pick the same port.
func Addr(tb testing.TB) string {
	tb.Helper()
	dir := filepath.Join(os.TempDir(), "capsandbox-proctest-ports")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	start := os.Getpid() % numPorts // processes start their search apart
	for i := range numPorts {
		port := firstPort + (start+i)%numPorts
		f, err := os.OpenFile(filepath.Join(dir, fmt.Sprint(port)), os.O_CREATE|os.O_RDWR, 0o644)
		if err != nil {
			tb.Fatal(err)
		}
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			continue
		}
		if err != nil {
			f.Close()
			tb.Fatal(err)
		}
		addr := fmt.Sprintf("127.0.0.1:%d", port)
		if l, err := net.Listen("tcp", addr); err == nil {
			l.Close()
			tb.Cleanup(func() { f.Close() })
			return addr
		}
		f.Close() // something else listens there
	}
	tb.Fatalf("proctest: no free port in %d-%d", firstPort, firstPort+numPorts-1)
	return ""
}
