// Package sandboxtest runs capsandbox inside a Go test, the way miniredis
// runs Redis: one line starts a real server on 127.0.0.1 with a temporary
// store, built by the same assembly code as the capsandbox binary, and
// registers its shutdown with t.Cleanup.
//
//	sb := sandboxtest.Run(t)
//	resp, err := sb.Client().Post(sb.URL()+"/v1.1/customer/add", "application/json", body)
//	sb.CheckRegistered(t, "919876543210")
//
// A Sandbox is a handle on one namespace of the server. Isolated gives each
// parallel test its own namespace on one shared server; state helpers
// (UseScenario, SetNow, SeedCustomer, Customer, Requests, ...) go through
// the control API, so they exercise what any HTTP client would use.
package sandboxtest

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox"
	"github.com/capsandbox/capsandbox/internal/namespace"
)

// Option configures Start and Run.
type Option func(*config)

type config struct {
	opts capsandbox.Options
	ns   string
}

// WithScenario starts the server with a scenario: a name (built-in or from
// WithScenariosDir) or a YAML file path.
func WithScenario(nameOrPath string) Option { return func(c *config) { c.opts.Scenario = nameOrPath } }

// WithScenariosDir loads extra scenario files from dir.
func WithScenariosDir(dir string) Option { return func(c *config) { c.opts.ScenariosDir = dir } }

// WithSeed sets the seed of fake data and generated codes (default 1).
func WithSeed(seed int64) Option { return func(c *config) { c.opts.Seed = seed } }

// WithAdminToken makes the control API require the token; the handle sends
// it on every control request.
func WithAdminToken(token string) Option { return func(c *config) { c.opts.AdminToken = token } }

// WithNamespace makes the returned handle work in namespace ns instead of
// "default".
func WithNamespace(ns string) Option { return func(c *config) { c.ns = ns } }

// WithOptions edits the server options directly (journal cap, log output,
// a store file instead of a temporary one, ...).
func WithOptions(edit func(*capsandbox.Options)) Option { return func(c *config) { edit(&c.opts) } }

// Sandbox is a handle on one namespace of a running capsandbox. Its methods
// are safe for concurrent use.
type Sandbox struct {
	*shared
	ns string
}

// shared is the server behind every handle of it.
type shared struct {
	srv       *capsandbox.Sandbox
	url       string
	token     string
	transport *http.Transport
	cancel    context.CancelFunc
	done      chan error
	closeOnce sync.Once
	closeErr  error
	isolated  atomic.Int64
}

// Start starts a capsandbox on 127.0.0.1 with a random port and a temporary
// store. Close stops it. Tests use Run instead.
func Start(opts ...Option) (*Sandbox, error) {
	cfg := config{opts: capsandbox.Options{Data: capsandbox.MemoryData, Sync: "none", LogOutput: io.Discard,
		Version: "sandboxtest"}, ns: namespace.Default}
	for _, o := range opts {
		o(&cfg)
	}
	if !namespace.ValidName(cfg.ns) {
		return nil, fmt.Errorf("sandboxtest: namespace %q: %w", cfg.ns, namespace.ErrBadName)
	}
	srv, err := capsandbox.New(cfg.opts)
	if err != nil {
		return nil, fmt.Errorf("sandboxtest: %w", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		srv.Close()
		return nil, fmt.Errorf("sandboxtest: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	sh := &shared{srv: srv, url: "http://" + l.Addr().String(), token: cfg.opts.AdminToken,
		transport: &http.Transport{MaxIdleConnsPerHost: 64, IdleConnTimeout: 30 * time.Second},
		cancel:    cancel, done: make(chan error, 1)}
	go func() { sh.done <- srv.Serve(ctx, l, 10*time.Second) }()
	return &Sandbox{shared: sh, ns: cfg.ns}, nil
}

// Run starts a capsandbox like Start and stops it when the test and its
// subtests end. It fails the test at once if the server cannot start.
func Run(tb testing.TB, opts ...Option) *Sandbox {
	tb.Helper()
	s, err := Start(opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("sandboxtest: close: %v", err)
		}
	})
	return s
}

// Close stops the server: in-flight requests finish, then the temporary
// store is removed. Every handle of the server stops working; a second
// Close returns the first one's result.
func (s *Sandbox) Close() error {
	s.closeOnce.Do(func() {
		s.transport.CloseIdleConnections()
		s.cancel()
		s.closeErr = <-s.done
	})
	return s.closeErr
}

// URL returns the server's base URL, such as "http://127.0.0.1:40123".
func (s *Sandbox) URL() string { return s.url }

// Addr returns the server's host:port.
func (s *Sandbox) Addr() string { return s.url[len("http://"):] }

// Namespace returns the handle's namespace.
func (s *Sandbox) Namespace() string { return s.ns }

// In returns a handle on namespace ns of the same server. It panics if ns
// is not a valid namespace name.
func (s *Sandbox) In(ns string) *Sandbox {
	if !namespace.ValidName(ns) {
		panic(fmt.Sprintf("sandboxtest: namespace %q: %v", ns, namespace.ErrBadName))
	}
	return &Sandbox{shared: s.shared, ns: ns}
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// Isolated returns a handle on a namespace of the same server that no
// other handle uses, named after the test, so parallel tests on one server
// never see each other.
func (s *Sandbox) Isolated(tb testing.TB) *Sandbox {
	tb.Helper()
	suffix := fmt.Sprintf("-%d", s.isolated.Add(1))
	name := unsafeChars.ReplaceAllString(tb.Name(), "_")
	if keep := 64 - 1 - len(suffix); len(name) > keep {
		name = name[len(name)-keep:]
	}
	return s.In("t" + name + suffix)
}
