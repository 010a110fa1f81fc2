// Package namespace keeps capsandbox's isolated worlds. A namespace (the
// X-Sandbox-Namespace header, default "default") has its own customers,
// user-id sequence, active scenario, clock, request journal and rule
// counters; parallel tests that each use their own namespace never see
// each other.
package namespace

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"sync"
	"time"

	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/scenario"
)

// Default is the namespace of requests that name none.
const Default = "default"

// Header is the request header that selects a namespace; control routes
// also take the query parameter QueryParam.
const Header = "X-Sandbox-Namespace"

// QueryParam is the query parameter that selects a control request's
// namespace (it wins over Header).
const QueryParam = "namespace"

// DefaultJournalCap is how many requests a namespace's journal keeps.
const DefaultJournalCap = 1000

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// ErrBadName is returned for a namespace name that is not 1–64 characters
// of letters, digits, '.', '_' and '-' starting with a letter or digit.
var ErrBadName = errors.New("namespace must be 1-64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit")

// ValidName reports whether name is a valid namespace name.
func ValidName(name string) bool { return nameRE.MatchString(name) }

// Options configure a Manager.
type Options struct {
	Store      sandbox.Store
	Library    *scenario.Library
	Scenario   *scenario.Scenario // the scenario new namespaces start with
	Seed       int64              // seeds fake data and generated codes
	Now        func() time.Time   // the real clock; nil means time.Now
	JournalCap int                // 0 means DefaultJournalCap
}

// Manager creates namespaces on first use and hands them out. It is safe
// for concurrent use.
type Manager struct {
	opts Options

	mu     sync.Mutex
	spaces map[string]*Namespace

	baseMu sync.RWMutex // guards opts.Scenario, which Replace may change
}

// NewManager returns a Manager over an open store.
func NewManager(opts Options) *Manager {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.JournalCap == 0 {
		opts.JournalCap = DefaultJournalCap
	}
	return &Manager{opts: opts, spaces: map[string]*Namespace{}}
}

// Scenario returns the scenario new namespaces start with.
func (m *Manager) Scenario() *scenario.Scenario {
	m.baseMu.RLock()
	defer m.baseMu.RUnlock()
	return m.opts.Scenario
}

// Library returns the scenarios namespaces may switch to.
func (m *Manager) Library() *scenario.Library { return m.opts.Library }

// Get returns namespace name, creating it (with its scenario's initial
// customers) on first use. A namespace already in the store keeps its
// customers and the scenario it last switched to.
func (m *Manager) Get(name string) (*Namespace, error) {
	if !ValidName(name) {
		return nil, ErrBadName
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if ns, ok := m.spaces[name]; ok {
		return ns, nil
	}
	scn, err := m.storedScenario(name)
	if err != nil {
		return nil, err
	}
	ns := m.newNamespace(name, scn)
	if _, err := m.opts.Store.Init(name, ns.seedCustomers); err != nil {
		return nil, fmt.Errorf("namespace %s: %w", name, err)
	}
	m.spaces[name] = ns
	return ns, nil
}

func (m *Manager) newNamespace(name string, scn *scenario.Scenario) *Namespace {
	ns := &Namespace{Name: name, m: m, Journal: NewJournal(m.opts.JournalCap)}
	ns.setScenario(scn)
	return ns
}

// storedScenario returns the scenario a stored namespace last switched to,
// or the manager's scenario.
func (m *Manager) storedScenario(name string) (*scenario.Scenario, error) {
	src, err := m.opts.Store.Meta(name, metaScenarioYAML)
	if err != nil || src == "" {
		return m.Scenario(), err
	}
	s, err := m.opts.Library.Parse("namespace "+name+" scenario", []byte(src))
	if err != nil {
		return m.Scenario(), nil // a scenario that no longer loads: start from the server's
	}
	return s, nil
}

const metaScenarioYAML = "scenario.yaml"

// Names lists namespaces in use or stored, sorted.
func (m *Manager) Names() ([]string, error) {
	stored, err := m.opts.Store.Namespaces()
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, n := range stored {
		seen[n] = true
	}
	m.mu.Lock()
	for n := range m.spaces {
		seen[n] = true
	}
	m.mu.Unlock()
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out, nil
}

// ResetAll drops every namespace, in use or stored: each starts again from
// the server's scenario and its initial customers on next use, and the
// default namespace is recreated at once.
func (m *Manager) ResetAll() error {
	names, err := m.Names()
	if err != nil {
		return err
	}
	for _, n := range names {
		if err := m.opts.Store.Drop(n); err != nil {
			return err
		}
	}
	m.mu.Lock()
	m.spaces = map[string]*Namespace{}
	m.mu.Unlock()
	_, err = m.Get(Default)
	return err
}

// engineFor builds the engine of a scenario.
func (m *Manager) engineFor(s *scenario.Scenario) *sandbox.Engine {
	settings := s.Settings
	return &sandbox.Engine{Org: s.Org, Settings: &settings, Seed: m.opts.Seed}
}
