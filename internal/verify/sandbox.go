package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/capsandbox/capsandbox"
)

// replayTimeout bounds one replayed request (a scenario may delay answers).
const replayTimeout = 30 * time.Second

// maxAnswer bounds a replayed answer read back, in bytes.
const maxAnswer = 64 << 20

// target is the sandbox verify replays into: an in-process capsandbox on a
// loopback port, so that a connection the sandbox drops is seen as one.
type target struct {
	base   string
	client *http.Client
	stop   context.CancelFunc
	done   chan error
}

func startTarget(opts capsandbox.Options) (*target, error) {
	opts.LogOutput = io.Discard
	opts.Sync = "none"
	opts.Data = capsandbox.MemoryData
	sb, err := capsandbox.New(opts)
	if err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		sb.Close()
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	t := &target{base: "http://" + l.Addr().String(), stop: cancel, done: make(chan error, 1),
		client: &http.Client{Timeout: replayTimeout,
			Transport:     &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 2},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	go func() { t.done <- sb.Serve(ctx, l, 5*time.Second) }()
	return t, nil
}

// close stops the sandbox and removes its store.
func (t *target) close() error {
	t.stop()
	t.client.CloseIdleConnections()
	return <-t.done
}

// do sends one request and reads the whole answer.
func (t *target) do(req *http.Request) (answer, error) {
	resp, err := t.client.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return answer{}, err
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: body}, nil
}

// control calls a /__sandbox/ route for namespace ns and decodes its JSON
// answer into out (when not nil).
func (t *target) control(method, route, ns string, body any, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, t.base+route, rd)
	if err != nil {
		return err
	}
	req.Header.Set(capsandbox.NamespaceHeader, ns)
	req.Header.Set("Content-Type", "application/json")
	a, err := t.do(req)
	if err != nil {
		return err
	}
	if a.status != http.StatusOK {
		var e struct{ Error string }
		_ = json.Unmarshal(a.body, &e)
		return fmt.Errorf("%s %s: HTTP %d: %s", method, route, a.status, e.Error)
	}
	if out != nil {
		return json.Unmarshal(a.body, out)
	}
	return nil
}

// till is a Basic-auth login of a scenario, as GET /__sandbox/scenario
// shows it.
type till struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// useScenario switches namespace ns to a scenario of the library, which
// resets it, and returns its tills; name "" keeps the namespace's
// scenario (creating the namespace).
func (t *target) useScenario(ns, name string) ([]till, error) {
	var info struct {
		Tills []till `json:"tills"`
	}
	route := "/__sandbox/scenario"
	method := http.MethodGet
	if name != "" {
		route += "?name=" + url.QueryEscape(name)
		method = http.MethodPut
	}
	if err := t.control(method, route, ns, nil, &info); err != nil {
		return nil, fmt.Errorf("scenario %q: %w", name, err)
	}
	return info.Tills, nil
}

// fixClock stops namespace ns's clock at tm.
func (t *target) fixClock(ns string, tm time.Time) error {
	return t.control(http.MethodPut, "/__sandbox/clock", ns, map[string]string{"fixed": tm.Format(time.RFC3339Nano)}, nil)
}
