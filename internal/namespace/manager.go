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
	"sync/atomic"
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

// DefaultMaxNamespaces is how many namespaces a store may hold unless
// Options.MaxNamespaces says otherwise.
const DefaultMaxNamespaces = 10000

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// ErrBadName is returned for a namespace name that is not 1–64 characters
// of letters, digits, '.', '_' and '-' starting with a letter or digit.
var ErrBadName = errors.New("namespace must be 1-64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit")

// ErrGone is returned by a namespace that was dropped (reset of all
// namespaces, idle eviction) while a request held it: get it again.
var ErrGone = errors.New("namespace was dropped meanwhile")

// errRetry tells a waiting lookup to look again.
var errRetry = errors.New("namespace: look again")

// ValidName reports whether name is a valid namespace name.
func ValidName(name string) bool { return nameRE.MatchString(name) }

// Options configure a Manager.
type Options struct {
	Store      sandbox.Store
	Library    *scenario.Library
	Scenario   *scenario.Scenario // the scenario new namespaces start with
	Seed       int64              // seeds fake data and generated codes
	Now        func() time.Time   // the real clock; nil means time.Now
	JournalCap int                // entries per journal; 0 means Journal.Entries, else DefaultJournalCap
	Journal    JournalLimits      // per-namespace journal limits
	// JournalBytes is the byte budget of all journals together; 0 means
	// DefaultJournalBytes.
	JournalBytes int64
	// MaxNamespaces is the most namespaces the store may hold; 0 means
	// DefaultMaxNamespaces, a negative value no limit.
	MaxNamespaces int
	// TTL, when positive, drops a namespace (but the default one) that
	// has had no request for that long (Sweep).
	TTL time.Duration
	// Limits bound the scenarios a namespace may switch to.
	Limits ScenarioLimits
}

// Manager creates namespaces on first use and hands them out. It is safe
// for concurrent use.
type Manager struct {
	opts    Options
	budget  *Budget
	started time.Time

	baseMu sync.RWMutex // guards opts.Scenario, which Replace may change
	base   atomic.Pointer[baseState]

	mu       sync.Mutex
	spaces   map[string]*Namespace // loaded, or being loaded or created
	stored   map[string]struct{}   // the names in the store
	creating int                   // namespaces being created
}

// NewManager returns a Manager over an open store.
func NewManager(opts Options) (*Manager, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.JournalCap > 0 {
		opts.Journal.Entries = opts.JournalCap
	}
	opts.Journal = opts.Journal.withDefaults()
	opts.Limits = opts.Limits.withDefaults()
	if opts.MaxNamespaces == 0 {
		opts.MaxNamespaces = DefaultMaxNamespaces
	}
	m := &Manager{opts: opts, budget: NewBudget(opts.JournalBytes), started: time.Now(),
		spaces: map[string]*Namespace{}, stored: map[string]struct{}{}}
	names, err := opts.Store.Namespaces()
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		m.stored[n] = struct{}{}
	}
	if err := m.CheckScenario(opts.Scenario); err != nil {
		return nil, fmt.Errorf("scenario %s: %w", opts.Scenario.Name, err)
	}
	return m, nil
}

// Scenario returns the scenario new namespaces start with.
func (m *Manager) Scenario() *scenario.Scenario {
	m.baseMu.RLock()
	defer m.baseMu.RUnlock()
	return m.opts.Scenario
}

// baseState is the scenario new namespaces start with and its engine.
type baseState struct {
	scn *scenario.Scenario
	eng *sandbox.Engine
}

// Library returns the scenarios namespaces may switch to.
func (m *Manager) Library() *scenario.Library { return m.opts.Library }

// Get returns namespace name, creating it (with its scenario's initial
// customers) on first use: a *LimitError when the store holds
// MaxNamespaces already. A namespace already in the store keeps its
// customers and the scenario it last switched to.
func (m *Manager) Get(name string) (*Namespace, error) { return m.resolve(name, true) }

// Lookup returns namespace name when it exists (loading a stored one), or
// nil: unlike Get it never creates one, so a request that is refused
// (unauthenticated, unknown path) leaves nothing behind.
func (m *Manager) Lookup(name string) (*Namespace, error) { return m.resolve(name, false) }

func (m *Manager) resolve(name string, create bool) (*Namespace, error) {
	if !ValidName(name) {
		return nil, ErrBadName
	}
	for {
		ns, err := m.resolveOnce(name, create)
		if err != errRetry {
			return ns, err
		}
	}
}

func (m *Manager) resolveOnce(name string, create bool) (*Namespace, error) {
	m.mu.Lock()
	if ns, ok := m.spaces[name]; ok {
		m.mu.Unlock()
		<-ns.ready
		if ns.openErr != nil {
			return nil, errRetry // its creation failed or it was dropped: look again
		}
		return ns, nil
	}
	_, stored := m.stored[name]
	if !stored && !create {
		m.mu.Unlock()
		return nil, nil
	}
	if n := len(m.stored) + m.creating; !stored && m.opts.MaxNamespaces > 0 && n >= m.opts.MaxNamespaces {
		m.mu.Unlock()
		return nil, &LimitError{Limit: "max-namespaces", Detail: fmt.Sprintf(
			"namespace %s not created: the server holds %d namespaces, its limit (--max-namespaces, CAPSANDBOX_MAX_NAMESPACES)", name, n)}
	}
	ns := m.newNamespace(name)
	m.spaces[name] = ns
	if !stored {
		m.creating++
	}
	m.mu.Unlock()
	err := m.open(ns, stored)
	m.mu.Lock()
	if !stored {
		m.creating--
	}
	if err != nil {
		delete(m.spaces, name)
	} else {
		m.stored[name] = struct{}{}
	}
	m.mu.Unlock()
	ns.openErr = err
	close(ns.ready)
	if err != nil {
		return nil, fmt.Errorf("namespace %s: %w", name, err)
	}
	return ns, nil
}

func (m *Manager) newNamespace(name string) *Namespace {
	ns := &Namespace{Name: name, m: m, Journal: newJournal(m.opts.Journal, m.budget), ready: make(chan struct{})}
	ns.lastUsed.Store(time.Now().UnixNano())
	return ns
}

// open loads a stored namespace's scenario, or creates the namespace
// with the manager's scenario and its initial customers.
func (m *Manager) open(ns *Namespace, stored bool) error {
	if stored {
		scn, err := m.storedScenario(ns.Name)
		if err != nil {
			return err
		}
		ns.setScenario(scn)
		return nil
	}
	ns.setScenario(m.Scenario())
	return ns.seed(false)
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

// Store keys of a namespace's metadata: the YAML and the name of the
// scenario it switched to.
const (
	metaScenarioYAML = "scenario.yaml"
	metaScenarioName = "scenario.name"
)

// Names lists namespaces in use or stored, sorted.
func (m *Manager) Names() ([]string, error) {
	m.mu.Lock()
	out := make([]string, 0, len(m.stored))
	for n := range m.stored {
		out = append(out, n)
	}
	m.mu.Unlock()
	sort.Strings(out)
	return out, nil
}

// Count returns how many namespaces the store holds.
func (m *Manager) Count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.stored)
}

// Loaded returns namespace name when it is in memory, else nil; it never
// reads the store.
func (m *Manager) Loaded(name string) *Namespace {
	m.mu.Lock()
	ns := m.spaces[name]
	m.mu.Unlock()
	if ns == nil {
		return nil
	}
	<-ns.ready
	if ns.openErr != nil {
		return nil
	}
	return ns
}

// ResetAll drops every namespace, in use or stored, in one store commit:
// each starts again from the server's scenario and its initial customers
// on next use, and the default namespace is recreated at once. Requests
// that hold a dropped namespace get ErrGone.
func (m *Manager) ResetAll() error {
	m.lockSettled()
	for _, ns := range m.spaces {
		ns.markGone()
	}
	err := m.opts.Store.DropAll()
	if err == nil {
		m.spaces, m.stored = map[string]*Namespace{}, map[string]struct{}{}
	}
	m.mu.Unlock()
	if err != nil {
		return err
	}
	_, err = m.Get(Default)
	return err
}

// lockSettled takes m.mu once no namespace is being loaded or created: a
// creation's seed commit may not land after a drop of every namespace (the
// name would stay stored with nothing in it), and its creator needs m.mu
// to finish, so wait for those without holding it.
func (m *Manager) lockSettled() {
	for {
		m.mu.Lock()
		var pending []*Namespace
		for _, ns := range m.spaces {
			select {
			case <-ns.ready:
			default:
				pending = append(pending, ns)
			}
		}
		if len(pending) == 0 {
			return
		}
		m.mu.Unlock()
		for _, ns := range pending {
			<-ns.ready
		}
	}
}

// engineFor builds the engine of a scenario.
func (m *Manager) engineFor(s *scenario.Scenario) *sandbox.Engine {
	settings := s.Settings
	return &sandbox.Engine{Org: s.Org, Settings: &settings, Seed: m.opts.Seed}
}

// NewState returns the state a namespace created now would start with:
// the manager's scenario and its engine, at the real clock. A request
// answered before its namespace exists (refused by auth) sees it.
func (m *Manager) NewState() State {
	s := m.Scenario()
	b := m.base.Load()
	if b == nil || b.scn != s {
		b = &baseState{scn: s, eng: m.engineFor(s)}
		m.base.Store(b)
	}
	return State{Scenario: s, Engine: b.eng, Now: m.opts.Now()}
}

// StoredSummary is what the store holds of a namespace not loaded.
type StoredSummary struct {
	Scenario  string // the scenario it runs
	Customers int
}

// Stored reads a namespace's scenario name and customer count from the
// store without loading it.
func (m *Manager) Stored(name string) (StoredSummary, error) {
	st := m.opts.Store
	sum := StoredSummary{Scenario: m.Scenario().Name}
	err := st.View(name, func(tx sandbox.Tx) error {
		sum.Customers = tx.Count()
		return nil
	})
	if err != nil {
		return sum, err
	}
	if n, err := st.Meta(name, metaScenarioName); err != nil || n != "" {
		sum.Scenario = n
		return sum, err
	}
	if src, err := st.Meta(name, metaScenarioYAML); err != nil || src == "" {
		return sum, err
	}
	scn, err := m.storedScenario(name) // written before the name was stored beside it
	if err == nil {
		sum.Scenario = scn.Name
	}
	return sum, err
}

// JournalCap returns the most entries a namespace's journal keeps.
func (m *Manager) JournalCap() int { return m.opts.Journal.Entries }
