package hostile

import (
	"bufio"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/proctest"
)

// idleConn opens a connection, sends one health request on it and reads
// the answer, leaving the connection open and idle (keep-alive).
func idleConn(addr string) (net.Conn, error) {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := c.Write([]byte("GET /__sandbox/health HTTP/1.1\r\nHost: capsandbox\r\n\r\n")); err != nil {
		c.Close()
		return nil, err
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		c.Close()
		return nil, err
	}
	resp.Body.Close()
	c.SetDeadline(time.Time{})
	return c, nil
}

// TestRow11IdleConnectionsCannotLockClientsOut: under an open-file limit
// of 256 (prlimit), 1,100 idle keep-alive connections are opened one after
// another. The server caps its connections below the limit (256 - 64):
// at the cap it closes the connection idle the longest to take the next,
// so every one of them is answered, and afterwards new clients are served
// at once; the server never logs a failed accept.
func TestRow11IdleConnectionsCannotLockClientsOut(t *testing.T) {
	gate(t)
	prlimit, err := exec.LookPath("prlimit")
	if err != nil {
		t.Skip("SKIP: needs prlimit (util-linux) to lower the server's open-file limit")
	}
	cmd, addr := proctest.ServeCmd(t, "--data", t.TempDir()+"/c.db", "--sync", "none", "--admin-token", token)
	cmd.Args = append([]string{prlimit, "--nofile=256:256", "--"}, cmd.Args...)
	cmd.Path = prlimit
	s := watch(t, proctest.Start(t, cmd, addr))
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	start := time.Now()
	for i := range 1100 {
		c, err := idleConn(addr)
		if err != nil {
			t.Fatalf("idle connection %d: %v", i, err)
		}
		conns = append(conns, c)
	}
	opened := time.Since(start)
	closed := 0
	for _, c := range conns {
		c.SetReadDeadline(time.Now().Add(time.Millisecond))
		if _, err := c.Read(make([]byte, 1)); err != nil && !strings.Contains(err.Error(), "timeout") {
			closed++
		}
	}
	var worst time.Duration
	for i := range 50 {
		start := time.Now()
		c, err := idleConn(addr)
		if err != nil {
			t.Fatalf("new client %d after 1,100 idle connections: %v", i, err)
		}
		c.Close()
		worst = max(worst, time.Since(start))
	}
	t.Logf("row 11: 1,100 idle keep-alive connections under a 256-file limit opened in %v, %d of them closed by the server; "+
		"50 new clients then served, slowest in %v", opened.Round(time.Millisecond), closed, worst)
	if closed < 1100-192 {
		t.Errorf("only %d idle connections were closed: more than 192 stayed open", closed)
	}
	if worst > time.Second {
		t.Errorf("a new client waited %v", worst)
	}
	if out := s.Output(); strings.Contains(out, "too many open files") || strings.Contains(out, "Accept error") {
		t.Errorf("the server ran out of files:\n%.2000s", out)
	}
	s.finish(t, "row 11")
}
