// Package server assembles capsandbox: it opens the store, loads the
// scenarios, and builds the one http.Handler that serves the vendor API and
// the control API. The binary (cmd/capsandbox) and the Go test helper
// (sandboxtest) both build their server here, so they cannot drift.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/capsandbox/capsandbox/internal/boltstore"
	"github.com/capsandbox/capsandbox/internal/console"
	"github.com/capsandbox/capsandbox/internal/control"
	"github.com/capsandbox/capsandbox/internal/httpapi"
	"github.com/capsandbox/capsandbox/internal/metrics"
	"github.com/capsandbox/capsandbox/internal/namespace"
	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/scenario"
	"github.com/capsandbox/capsandbox/internal/schema"
	"github.com/labstack/echo/v4"
)

// MemoryData is the Data value that keeps the store in a temporary file
// removed on Close.
const MemoryData = ":memory:"

// Options configure a Server. The zero value serves the built-in default
// scenario from an in-memory store.
type Options struct {
	Addr         string           // listen address for ListenAndServe
	Data         string           // bbolt file; "" or MemoryData = temporary
	Scenario     string           // scenario name or YAML file path; "" = "default"
	ScenariosDir string           // extra scenario files
	Watch        bool             // reload ScenariosDir's files when they change (watch.go)
	Seed         int64            // seed of fake data and generated codes
	AdminToken   string           // when set, control routes need it as a Bearer token
	Sync         string           // "interval" (default), "always" or "none" (SyncModes)
	SyncInterval time.Duration    // with Sync "interval": fsync at most this often; 0 means DefaultSyncInterval
	LogFormat    string           // "text" (default) or "json"
	LogOutput    io.Writer        // nil means os.Stderr
	Now          func() time.Time // nil means time.Now
	BodyLimit    int64            // 0 means httpapi.DefaultBodyLimit
	HeaderLimit  int              // 0 means httpapi.DefaultHeaderLimit
	JournalCap   int              // 0 means namespace.DefaultJournalCap
	Limits       Limits           // what clients can make the server hold; zero fields take the defaults
	Version      string           // reported by health
	LockTimeout  time.Duration    // wait for another process's lock on Data; 0 means one second
	CheckTimeout time.Duration    // the store's full check at start (boltstore.Options.CheckTimeout)
	Namespace    string           // the namespace New opens; "" means namespace.Default
	// MemoryFile keeps a temporary store (Data "" or MemoryData) in an
	// anonymous memory file where the system has one (Linux), instead of
	// a file under $TMPDIR: no directory to create and remove, and its
	// fsyncs cost nothing. The Go API sets it; serve does not (a large
	// store there would hold the memory of a container).
	MemoryFile bool
}

// StoreError is New's error when the store cannot be opened (locked by
// another process, not a store, not writable); its message is the
// store's.
type StoreError struct{ Err error }

func (e *StoreError) Error() string { return e.Err.Error() }

// Unwrap returns the store's error.
func (e *StoreError) Unwrap() error { return e.Err }

// Server is an assembled capsandbox.
type Server struct {
	opts    Options
	Echo    *echo.Echo
	Spaces  *namespace.Manager
	Store   sandbox.Store
	Log     *slog.Logger
	Library *scenario.Library
	Metrics *metrics.Metrics

	tmpDir  string   // the directory of a temporary store on disk, removed by Close
	memFile *os.File // a temporary store in memory (Options.MemoryFile), closed by Close
	watcher *watcher // nil unless Options.Watch
	ready   atomic.Bool
	started time.Time
	stop    chan struct{} // closed by Close: stops the namespace sweeper
	totals  struct {      // the metrics' count of customers, cached
		sync.Mutex
		at        time.Time
		customers int
	}
}

// New opens the store, loads the scenarios, opens the first namespace
// (creating it with its scenario's initial customers) and builds the
// handler. Every way of running capsandbox builds it here: serve and seed
// (cmd/capsandbox), the load harness's preload (bench), the Go API
// (package capsandbox, and sandboxtest on it) and the in-process tests.
// Errors name the problem: the store file (a *StoreError), the scenario
// file and line, the flag.
func New(opts Options) (*Server, error) {
	s := &Server{opts: opts, started: time.Now(), stop: make(chan struct{})}
	var err error
	if s.Log, err = newLogger(opts.LogFormat, opts.LogOutput); err != nil {
		return nil, err
	}
	if err := CheckSync(opts.Sync, opts.SyncInterval); err != nil {
		return nil, err
	}
	if s.Library, err = scenario.NewLibrary(opts.ScenariosDir); err != nil {
		return nil, err
	}
	name := opts.Scenario
	if name == "" {
		name = "default"
	}
	scn, err := s.Library.Get(name)
	if err != nil {
		return nil, err
	}
	schemas := schema.Default()
	if s.Store, err = s.openStore(); err != nil {
		s.removeTemp()
		return nil, &StoreError{err}
	}
	if s.Spaces, err = namespace.NewManager(s.managerOptions(scn)); err != nil {
		s.Close()
		return nil, err
	}
	first := opts.Namespace
	if first == "" {
		first = namespace.Default
	}
	if _, err := s.Spaces.Get(first); err != nil {
		s.Close()
		return nil, err
	}
	if opts.Watch && opts.ScenariosDir != "" {
		if err := s.watch(opts.ScenariosDir); err != nil {
			s.Close()
			return nil, fmt.Errorf("watch %s: %w", opts.ScenariosDir, err)
		}
	}
	s.Echo = echo.New()
	s.Echo.HideBanner, s.Echo.HidePort = true, true
	s.Metrics = metrics.New(metrics.Options{Version: opts.Version, Codes: httpapi.ItemCodes, Totals: s.customerTotals})
	s.mount(&httpapi.API{Spaces: s.Spaces, Schemas: schemas, Log: s.Log, BodyLimit: opts.BodyLimit,
		HeaderLimit: opts.HeaderLimit},
		&control.API{Spaces: s.Spaces, Token: opts.AdminToken, Version: opts.Version, Ready: s.ready.Load,
			Started: s.started, Log: s.Log, Metrics: s.Metrics.Handler()},
		theConsole()) // no token: the console's files hold no data
	s.ready.Store(true)
	go s.sweep()
	// No schema is compiled yet for a built-in scenario: compile them
	// here, off the path to ready (a request that comes first compiles
	// the one it needs).
	go schemas.CompileAll()
	return s, nil
}

// theConsole is the web console of every server of the process: it holds
// only the embedded files (their types and ETags), never changed once
// built, so building it once spares each start the hashing of them.
var theConsole = sync.OnceValue(func() *console.Console { return console.New(control.ConsolePath) })

func (s *Server) openStore() (*boltstore.Store, error) {
	path := s.opts.Data
	temporary := path == "" || path == MemoryData
	if temporary {
		name, err := s.temporaryPath()
		if err != nil {
			return nil, err
		}
		path = name
	}
	mode, every := s.opts.Sync, s.opts.SyncInterval
	if mode == "" {
		mode = DefaultSync
	}
	if every == 0 {
		every = DefaultSyncInterval
	}
	opts := boltstore.Options{NoSync: mode != "always", Temporary: temporary,
		LockTimeout: s.opts.LockTimeout, CheckTimeout: s.opts.CheckTimeout, OnCheck: s.checked,
		OnSyncError: func(err error) {
			s.Log.Error("store fsync failed: recent writes may not survive a power loss", "data", s.opts.Data, "err", err)
		}}
	if mode == "interval" {
		opts.SyncInterval = every
	}
	return boltstore.Open(path, opts)
}

// The store's durability modes (--sync). Every mode writes each commit to
// the file before the request is answered, so a killed process (kill -9,
// docker stop past its grace period, the OOM killer) loses nothing
// acknowledged; they differ on a power loss or kernel crash:
//   - "always" fsyncs each commit: nothing acknowledged is lost;
//   - "interval" fsyncs at most every SyncInterval: the last interval's
//     commits may be lost, or the file torn, which the start-up check
//     refuses;
//   - "none" fsyncs only at a clean stop: anything since may be lost, or
//     the file torn.
//
// docs/PERFORMANCE.md, "Durability modes", has the measurements and the
// reasoning.
var SyncModes = []string{"interval", "always", "none"}

// DefaultSync is the durability mode when Options.Sync is "".
const DefaultSync = "interval"

// DefaultSyncInterval is the most time between two fsyncs with --sync
// interval, and so what a power loss can lose: short enough that a test
// run loses at most its last tenth of a second, long enough that the
// fsyncs (at most ten a second, each one of whatever the commits wrote
// meanwhile) cost a request nothing it waits for.
const DefaultSyncInterval = 100 * time.Millisecond

// CheckSync validates a durability mode ("" is the default) and interval
// (0 is the default), with an error naming the flags.
func CheckSync(mode string, every time.Duration) error {
	if mode != "" && !slices.Contains(SyncModes, mode) {
		return fmt.Errorf("--sync (CAPSANDBOX_SYNC) must be interval, always or none, not %q", mode)
	}
	if every < 0 {
		return fmt.Errorf("--sync-interval (CAPSANDBOX_SYNC_INTERVAL) must be positive, not %s", every)
	}
	return nil
}

// checked logs the result of a store check that outlasted the check
// timeout at start.
func (s *Server) checked(err error) {
	if err != nil {
		s.Log.Error("store check found damage: stop the server, run `capsandbox check --data FILE`, restore a backup",
			"data", s.opts.Data, "err", err)
		return
	}
	s.Log.Info("store check passed", "data", s.opts.Data)
}

// customerTotals returns how many namespaces the store holds and how
// many customers they hold together, for the metrics: one number each,
// not one series per namespace. The count of customers reads every
// namespace, so a scrape reuses one less than totalsMaxAge old.
func (s *Server) customerTotals() (namespaces, customers int, err error) {
	s.totals.Lock()
	defer s.totals.Unlock()
	if time.Since(s.totals.at) < totalsMaxAge {
		return s.Spaces.Count(), s.totals.customers, nil
	}
	names, err := s.Spaces.Names()
	if err != nil {
		return 0, 0, err
	}
	total := 0
	for _, name := range names {
		err := s.Store.View(name, func(tx sandbox.Tx) error {
			total += tx.Count()
			return nil
		})
		if err != nil {
			return 0, 0, err
		}
	}
	s.totals.at, s.totals.customers = time.Now(), total
	return len(names), total, nil
}

const totalsMaxAge = 10 * time.Second

// temporaryPath returns the name of a new temporary store: an anonymous
// memory file with Options.MemoryFile where the system has one, else a
// file in a new directory under $TMPDIR. Close removes either.
func (s *Server) temporaryPath() (string, error) {
	if s.opts.MemoryFile {
		if f, name, err := memoryFile(); err == nil {
			s.memFile = f // keeps the name valid while the store uses it
			return name, nil
		}
	}
	dir, err := os.MkdirTemp("", "capsandbox-")
	if err != nil {
		return "", err
	}
	s.tmpDir = dir
	return filepath.Join(dir, "capsandbox.db"), nil
}

func (s *Server) removeTemp() {
	if s.tmpDir != "" {
		os.RemoveAll(s.tmpDir)
	}
	if s.memFile != nil {
		s.memFile.Close() // the memory is freed once the store's descriptor is closed too
		s.memFile = nil
	}
}

func newLogger(format string, w io.Writer) (*slog.Logger, error) {
	if w == nil {
		w = os.Stderr
	}
	switch format {
	case "", "text":
		return slog.New(slog.NewTextHandler(w, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, nil)), nil
	}
	return nil, fmt.Errorf("--log-format (CAPSANDBOX_LOG_FORMAT) must be text or json, not %q", format)
}

// Handler returns the server's HTTP handler.
func (s *Server) Handler() http.Handler { return s.Echo }

// Close closes the store (and removes a temporary one).
func (s *Server) Close() error {
	s.ready.Store(false)
	if s.watcher != nil {
		s.watcher.stop()
		s.watcher = nil
	}
	select {
	case <-s.stop:
	default:
		close(s.stop)
	}
	var err error
	if s.Store != nil {
		err = s.Store.Close()
	}
	s.removeTemp()
	return err
}

// HTTPServer returns an http.Server for the handler with the timeouts
// capsandbox documents: a slow client cannot hold it. Its header limit is
// four times the documented one, which the vendor API enforces itself so
// that a request over it gets the vendor's 431 body rather than
// net/http's plain-text page.
func (s *Server) HTTPServer() *http.Server {
	limit := s.opts.HeaderLimit
	if limit <= 0 {
		limit = httpapi.DefaultHeaderLimit
	}
	return &http.Server{
		Addr:              s.opts.Addr,
		Handler:           s.Echo,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      90 * time.Second,
		IdleTimeout:       s.opts.Limits.idleTimeout(),
		MaxHeaderBytes:    4 * limit,
		ErrorLog:          slog.NewLogLogger(s.Log.Handler(), slog.LevelWarn),
	}
}

// Serve serves on l until ctx is done, then stops accepting, lets
// in-flight requests finish (up to drain), and closes the store.
func (s *Server) Serve(ctx context.Context, l net.Listener, drain time.Duration) error {
	hs := s.HTTPServer()
	cl := s.limitConns(l, hs)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(cl) }()
	var err error
	select {
	case err = <-errc:
	case <-ctx.Done():
		err = shutdown(hs, cl, drain)
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	return err
}

// shutdown stops hs gracefully: Shutdown closes the listener and waits up
// to drain for every connection to be idle, then closes them. It checks
// for that only every 1 ms or more, so as soon as the listener reports it
// (nothing in flight: a test's sandbox usually stops so), hs.Close does
// the same at once.
func shutdown(hs *http.Server, cl *connLimiter, drain time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), drain)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- hs.Shutdown(ctx) }()
	select {
	case err := <-done:
		return err
	case <-cl.whenQuiet():
		err := hs.Close()
		cancel()
		<-done // context.Canceled: by this function
		return err
	}
}
