// Package capsandbox runs capsandbox — a local, stateful sandbox of
// Capillary's loyalty API v1.1 customer endpoints — inside a Go program.
//
// It is the public Go API of the project, with package sandboxtest (the
// one-line test helper built on it). Everything else lives under internal/
// and may change at any time.
//
//	sb, err := capsandbox.New(capsandbox.Options{Scenario: "welcome-points"})
//	if err != nil { ... }
//	defer sb.Close()
//	http.ListenAndServe("127.0.0.1:8080", sb.Handler())
package capsandbox

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/capsandbox/capsandbox/internal/control"
	"github.com/capsandbox/capsandbox/internal/namespace"
	"github.com/capsandbox/capsandbox/internal/server"
)

// MemoryData is the Options.Data value that keeps the store in a temporary
// file removed on Close: on Linux an anonymous memory file, elsewhere a
// file under $TMPDIR.
const MemoryData = server.MemoryData

// DefaultNamespace is the namespace of requests that name none.
const DefaultNamespace = namespace.Default

// NamespaceHeader is the request header that selects a namespace.
const NamespaceHeader = namespace.Header

// Options configure New. The zero value serves the built-in default
// scenario from a temporary store.
type Options struct {
	// Data is the bbolt store file; "" or MemoryData means a temporary
	// one removed on Close (on Linux in anonymous memory, elsewhere under
	// $TMPDIR).
	Data string
	// Scenario is the scenario new namespaces start with: a built-in
	// name, a name from ScenariosDir, or a YAML file path; "" means
	// "default".
	Scenario string
	// ScenariosDir holds extra scenario files.
	ScenariosDir string
	// Seed seeds fake data and generated codes.
	Seed int64
	// AdminToken, when set, is the Bearer token the control API
	// (/__sandbox/*, except health) requires.
	AdminToken string
	// Sync is the store's durability mode for a Data file: "interval"
	// (the default: fsync at most every SyncInterval), "always" (fsync
	// each commit) or "none" (fsync only at Close). Every mode keeps what
	// was acknowledged when the process is killed; they differ on a power
	// loss (docs/PERFORMANCE.md, "Durability modes"). An in-memory store
	// is never fsynced.
	Sync string
	// SyncInterval is the most time between two fsyncs with Sync
	// "interval"; 0 means 100 ms.
	SyncInterval time.Duration
	// LogFormat is "text" (the default) or "json"; LogOutput receives one
	// line per request (nil means os.Stderr; io.Discard silences it).
	LogFormat string
	LogOutput io.Writer
	// Now is the real clock namespaces start from; nil means time.Now.
	Now func() time.Time
	// Version is what the health route reports.
	Version string
	// Addr is the listen address of ListenAndServe.
	Addr string
	// BodyLimit is the largest vendor request body in bytes; 0 means 1 MiB.
	BodyLimit int64
	// HeaderLimit is the most bytes of request line and headers of a
	// vendor request; 0 means 64 KiB.
	HeaderLimit int
	// Limits bound what clients can make the sandbox hold (namespaces,
	// journal bytes, scenarios, connections); zero fields take the
	// defaults docs/DEPLOY.md lists.
	Limits Limits
	// JournalCap is how many requests each namespace's journal keeps; 0
	// means the default.
	JournalCap int
}

// Sandbox is a running capsandbox: its store is open and its scenarios are
// loaded. Serve it with Handler or Serve; Close it when done.
type Sandbox struct {
	srv *server.Server
}

// New opens the store, loads the scenarios and builds the handler. Its
// errors name the problem: the store file, the scenario file and line, the
// option.
func New(opts Options) (*Sandbox, error) {
	srv, err := server.New(server.Options{
		Addr: opts.Addr, Data: opts.Data, Scenario: opts.Scenario, ScenariosDir: opts.ScenariosDir,
		Seed: opts.Seed, AdminToken: opts.AdminToken, Sync: opts.Sync, SyncInterval: opts.SyncInterval, LogFormat: opts.LogFormat,
		LogOutput: opts.LogOutput, Now: opts.Now, BodyLimit: opts.BodyLimit, JournalCap: opts.JournalCap,
		Version: opts.Version, HeaderLimit: opts.HeaderLimit, Limits: opts.Limits, MemoryFile: true,
	})
	if err != nil {
		return nil, err
	}
	return &Sandbox{srv: srv}, nil
}

// Handler returns the HTTP handler of the vendor API (/v1.1/...) and the
// control API (/__sandbox/...).
func (s *Sandbox) Handler() http.Handler { return s.srv.Handler() }

// Serve serves on l until ctx is done, then stops accepting, lets
// in-flight requests finish (up to drain), and closes the sandbox.
func (s *Sandbox) Serve(ctx context.Context, l net.Listener, drain time.Duration) error {
	return s.srv.Serve(ctx, l, drain)
}

// Close closes the store (and removes a temporary one).
func (s *Sandbox) Close() error { return s.srv.Close() }

// Limits bound what clients can make a sandbox hold.
type Limits = server.Limits

// Customer is a stored customer as the control API shows it.
type Customer = control.Customer

// Loyalty is a customer's loyalty program state.
type Loyalty = control.Loyalty

// Request is one journalled vendor request.
type Request = namespace.Entry

// ScenarioInfo describes a namespace's active scenario.
type ScenarioInfo = control.ScenarioInfo

// Till returns the username and plain password of the first till of
// namespace ns's active scenario (creating the namespace on first use).
func (s *Sandbox) Till(ns string) (user, password string, err error) {
	space, err := s.srv.Spaces.Get(ns)
	if err != nil {
		return "", "", err
	}
	scn := space.Scenario()
	if len(scn.Org.Tills) == 0 {
		return "", "", fmt.Errorf("capsandbox: scenario %s has no till", scn.Name)
	}
	return scn.Org.Tills[0].Username, scn.Org.Tills[0].Password, nil
}
