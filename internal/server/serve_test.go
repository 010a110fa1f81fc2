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
// a request line (head) and of a request body (body).
type readSignal struct {
	net.Listener
	headOnce, bodyOnce sync.Once
	head, body         chan struct{}
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
	if got := string(p[:n]); strings.HasPrefix(got, "POST") {
		c.l.headOnce.Do(func() { close(c.l.head) })
	} else if strings.Contains(got, `"root"`) {
		c.l.bodyOnce.Do(func() { close(c.l.body) })
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
	l := &readSignal{Listener: inner, head: make(chan struct{}), body: make(chan struct{})}
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
	body, send := io.Pipe()
	go func() {
		req, _ := http.NewRequest(http.MethodPost, url+"/v1.1/customer/add?format=json", body)
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
	// The body goes after the head: once the server reads it, the handler
	// runs (net/http drops a request whose head it reads after the stop
	// began, as Shutdown does).
	<-l.head
	send.Write([]byte(`{"root":{"customer":[{"mobile":"919876543210","firstname":"Asha"}]}}`))
	send.Close()
	<-l.body
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

// Servers of one process share the web console (its files, hashed once)
// and the Go runtime's metrics; each counts only its own requests.
func TestServersShareConsoleNotCounts(t *testing.T) {
	a := testkit.Server(t, server.Options{}).Handler()
	b := testkit.Server(t, server.Options{}).Handler()
	pa := testkit.Do(a, http.MethodGet, "/__sandbox/ui/", "", nil)
	pb := testkit.Do(b, http.MethodGet, "/__sandbox/ui/", "", nil)
	if pa.Code != http.StatusOK || pa.Body.Len() == 0 || pa.Body.String() != pb.Body.String() || pa.Header().Get("ETag") != pb.Header().Get("ETag") {
		t.Errorf("console pages differ: %d %s / %d %s", pa.Code, pa.Header().Get("ETag"), pb.Code, pb.Header().Get("ETag"))
	}
	testkit.Do(a, http.MethodGet, "/v1.1/customer/get?format=json&mobile=919876543210", "", http.Header{"Authorization": {testkit.TillAuth}})
	count := func(h http.Handler) (gets int, runtime bool) {
		body := testkit.Do(h, http.MethodGet, "/__sandbox/metrics", "", nil).Body.String()
		for _, line := range strings.Split(body, "\n") {
			if strings.HasPrefix(line, "capsandbox_requests_total{") && strings.Contains(line, `endpoint="/v1.1/customer/get"`) {
				gets++
			}
			runtime = runtime || strings.HasPrefix(line, "go_goroutines ")
		}
		return gets, runtime
	}
	if gets, rt := count(a); gets != 1 || !rt {
		t.Errorf("server a: %d customer/get series, runtime metrics %v; want 1 and true", gets, rt)
	}
	if gets, rt := count(b); gets != 0 || !rt {
		t.Errorf("server b: %d customer/get series, runtime metrics %v; want 0 and true", gets, rt)
	}
}
