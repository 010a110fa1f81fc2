package server_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/server"
	"github.com/capsandbox/capsandbox/internal/testkit"
)

// readSignal is a listener whose connections report their first read of
// request bytes.
type readSignal struct {
	net.Listener
	once sync.Once
	read chan struct{}
}

func (l *readSignal) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &signalConn{Conn: c, l: l}, nil
}

type signalConn struct {
	net.Conn
	l *readSignal
}

func (c *signalConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 && strings.HasPrefix(string(p[:n]), "POST") {
		c.l.once.Do(func() { close(c.l.read) })
	}
	return n, err
}

// Stopping Serve lets the request in flight finish with its whole answer
// and closes the idle keep-alive connections; new connections are refused.
func TestServeStopFinishesInFlight(t *testing.T) {
	srv, err := server.New(server.Options{Data: server.MemoryData, MemoryFile: true, Sync: "none", LogOutput: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := &readSignal{Listener: inner, read: make(chan struct{})}
	url := "http://" + inner.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, l, 10*time.Second) }()

	idle := &http.Transport{}
	defer idle.CloseIdleConnections()
	resp, err := (&http.Client{Transport: idle}).Get(url + "/__sandbox/health")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close() // its connection stays open, idle

	type answer struct {
		status int
		body   string
		err    error
	}
	answered := make(chan answer, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, url+"/v1.1/customer/add?format=json",
			strings.NewReader(`{"root":{"customer":[{"mobile":"919876543210","firstname":"Asha"}]}}`))
		req.Header.Set("Authorization", testkit.TillAuth)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Sandbox-Outcome", "delay=300ms")
		resp, err := (&http.Client{Transport: &http.Transport{}}).Do(req)
		if err != nil {
			answered <- answer{err: err}
			return
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		answered <- answer{resp.StatusCode, string(body), err}
	}()
	<-l.read
	cancel()
	a := <-answered
	if a.err != nil || a.status != http.StatusOK || !strings.Contains(a.body, `"mobile":"919876543210"`) || !strings.HasSuffix(a.body, "}") {
		t.Errorf("the request in flight at the stop: %d %q %v", a.status, a.body, a.err)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
	if c, err := net.Dial("tcp", inner.Addr().String()); err == nil {
		c.Close()
		t.Error("a new connection was accepted after the stop")
	}
}
