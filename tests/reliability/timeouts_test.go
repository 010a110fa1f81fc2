package reliability

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// TestSlowLorisCannotHoldTheServer opens connections that dribble their
// headers one byte at a time: the server keeps answering everyone else,
// and drops each slow connection once ReadHeaderTimeout has passed.
func TestSlowLorisCannotHoldTheServer(t *testing.T) {
	t.Parallel()
	srv, base := startServer(t)
	limit := srv.HTTPServer().ReadHeaderTimeout
	addr := strings.TrimPrefix(base, "http://")
	const slow = 40
	closedAfter := make(chan time.Duration, slow)
	var wg sync.WaitGroup
	for range slow {
		wg.Add(1)
		go func() {
			defer wg.Done()
			closedAfter <- dribble(t, addr, limit+3*time.Second)
		}()
	}
	time.Sleep(200 * time.Millisecond)
	start := time.Now()
	status, body := post(t, base, strings.NewReader(`{"root":{"customer":[{"mobile":"919876543210"}]}}`), nil)
	if took := time.Since(start); status != http.StatusOK || took > time.Second {
		t.Errorf("a normal request beside %d slow ones: HTTP %d after %v: %s", slow, status, took, body)
	}
	wg.Wait()
	close(closedAfter)
	for d := range closedAfter {
		if d > limit+2*time.Second {
			t.Fatalf("a slow connection was still open %v after it started (ReadHeaderTimeout %v)", d, limit)
		}
	}
}

// dribble sends a request line and then one header byte every 250 ms; it
// returns how long the server kept the connection (or giveUp).
func dribble(t *testing.T, addr string, giveUp time.Duration) time.Duration {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Error(err)
		return 0
	}
	defer c.Close()
	start := time.Now()
	if _, err := io.WriteString(c, "POST "+addPath+" HTTP/1.1\r\nHost: x\r\nX-Slow: "); err != nil {
		return time.Since(start)
	}
	for time.Since(start) < giveUp {
		time.Sleep(250 * time.Millisecond)
		if _, err := c.Write([]byte("a")); err != nil {
			return time.Since(start)
		}
		_ = c.SetReadDeadline(time.Now().Add(time.Millisecond))
		if _, err := c.Read(make([]byte, 1)); err != nil && !isTimeout(err) {
			return time.Since(start)
		}
	}
	return giveUp
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

// TestReadTimeoutAnswersVendor400: a body that arrives too slowly is cut
// off by ReadTimeout (shortened here) and answered with a vendor 400, not
// a 500.
func TestReadTimeoutAnswersVendor400(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	hs := srv.HTTPServer()
	hs.ReadTimeout = 500 * time.Millisecond
	base := listen(t, srv, hs)
	pr, pw := io.Pipe()
	go func() {
		_, _ = io.WriteString(pw, `{"root":{"customer":[{"mobile":"91`)
		time.Sleep(2 * time.Second)
		pw.Close()
	}()
	status, body := post(t, base, pr, nil)
	wantVendorError(t, status, body, sandbox.StatusBadInput)
}

// TestWriteTimeoutDropsOnlyTheSlowAnswer: an answer held past WriteTimeout
// (shortened here, with a forced delay) is dropped; the server goes on.
// With the real settings WriteTimeout exceeds the longest forced delay
// (TestHTTPServerSettings).
func TestWriteTimeoutDropsOnlyTheSlowAnswer(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	hs := srv.HTTPServer()
	hs.WriteTimeout = 300 * time.Millisecond
	base := listen(t, srv, hs)
	req, _ := http.NewRequest(http.MethodPost, base+addPath, strings.NewReader(`{"root":{"customer":[{"mobile":"919876543211"}]}}`))
	req.Header.Set("Authorization", auth)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Sandbox-Outcome", "delay=800ms")
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("an answer written after WriteTimeout arrived: HTTP %d", resp.StatusCode)
	}
	if status, body := post(t, base, strings.NewReader(`{"root":{"customer":[{"mobile":"919876543212"}]}}`), nil); status != http.StatusOK {
		t.Errorf("next request: HTTP %d %s", status, body)
	}
}

// TestIdleTimeoutClosesKeepAlive: a keep-alive connection left idle past
// IdleTimeout (shortened here) is closed by the server.
func TestIdleTimeoutClosesKeepAlive(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	hs := srv.HTTPServer()
	hs.IdleTimeout = 300 * time.Millisecond
	base := listen(t, srv, hs)
	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, _ = io.WriteString(c, "GET /__sandbox/health HTTP/1.1\r\nHost: x\r\n\r\n")
	r := bufio.NewReader(c)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	_ = c.SetReadDeadline(time.Now().Add(3 * time.Second))
	start := time.Now()
	if _, err := r.ReadByte(); err != io.EOF {
		t.Fatalf("idle connection: read %v, want EOF", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("closed after %v of idleness (IdleTimeout %v)", took, hs.IdleTimeout)
	}
}
