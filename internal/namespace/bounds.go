package namespace

import (
	"fmt"
	"time"

	"github.com/capsandbox/capsandbox/internal/scenario"
)

// LimitError is a refusal because a limit of the server was reached:
// Limit names its flag (without the dashes), Detail says what was refused
// and why, for X-Sandbox-Explain.
type LimitError struct {
	Limit  string
	Detail string
}

func (e *LimitError) Error() string { return e.Detail }

// ScenarioLimits bound the scenarios namespaces run: what a client can
// make the server generate and keep per namespace.
type ScenarioLimits struct {
	// InitialCustomers is the most initial customers a scenario may
	// have, fake ones included; 0 means DefaultMaxInitialCustomers.
	InitialCustomers int
	// YAMLBytes is the most bytes of a scenario file a namespace may be
	// switched to; 0 means DefaultMaxScenarioBytes.
	YAMLBytes int
	// DescriptionBytes is the longest description a scenario may have;
	// 0 means DefaultMaxDescriptionBytes.
	DescriptionBytes int
}

// Scenario limit defaults.
const (
	DefaultMaxInitialCustomers = 10000
	DefaultMaxScenarioBytes    = 256 << 10
	DefaultMaxDescriptionBytes = 4 << 10
)

// seedChunk is how many initial customers one store transaction writes:
// small enough that other namespaces' writes, which share the store's
// commits, wait a few milliseconds for it, not the whole seeding.
const seedChunk = 500

func (l ScenarioLimits) withDefaults() ScenarioLimits {
	if l.InitialCustomers <= 0 {
		l.InitialCustomers = DefaultMaxInitialCustomers
	}
	if l.YAMLBytes <= 0 {
		l.YAMLBytes = DefaultMaxScenarioBytes
	}
	if l.DescriptionBytes <= 0 {
		l.DescriptionBytes = DefaultMaxDescriptionBytes
	}
	return l
}

// CheckYAMLSize returns a *LimitError when a scenario file of n bytes is
// over the limit a namespace may run.
func (m *Manager) CheckYAMLSize(n int) error {
	if max := m.opts.Limits.YAMLBytes; n > max {
		return &LimitError{Limit: "max-scenario-bytes", Detail: fmt.Sprintf(
			"the scenario is %d bytes; a namespace's scenario may have at most %d (--max-scenario-bytes, CAPSANDBOX_MAX_SCENARIO_BYTES)", n, max)}
	}
	return nil
}

// CheckScenario returns a *LimitError when s is over a scenario limit:
// its YAML, description or initial customers.
func (m *Manager) CheckScenario(s *scenario.Scenario) error {
	l := m.opts.Limits
	if err := m.CheckYAMLSize(len(s.YAML)); err != nil {
		return err
	}
	if n := len(s.Description); n > l.DescriptionBytes {
		return &LimitError{Limit: "max-description-bytes", Detail: fmt.Sprintf(
			"the scenario's description is %d bytes; the limit is %d (--max-description-bytes, CAPSANDBOX_MAX_DESCRIPTION_BYTES)", n, l.DescriptionBytes)}
	}
	if n := InitialCustomers(s); n > l.InitialCustomers {
		return &LimitError{Limit: "max-initial-customers", Detail: fmt.Sprintf(
			"the scenario has %d initial customers (fake ones included); the limit is %d (--max-initial-customers, CAPSANDBOX_MAX_INITIAL_CUSTOMERS)", n, l.InitialCustomers)}
	}
	return nil
}

// InitialCustomers returns how many customers a scenario starts with.
func InitialCustomers(s *scenario.Scenario) int {
	n := 0
	for _, ic := range s.Customers {
		n += max(ic.Fake, 1)
	}
	return n
}

// Sweep drops every namespace but the default one that has had no
// request for the TTL (a namespace not used since the manager started
// counts from its start), and returns how many it dropped. Serve runs it
// periodically when a TTL is set (SweepEvery).
func (m *Manager) Sweep(now time.Time) int {
	ttl := m.opts.TTL
	if ttl <= 0 {
		return 0
	}
	var idle []string
	m.mu.Lock()
	for name := range m.stored {
		last := m.started
		if ns := m.spaces[name]; ns != nil {
			last = time.Unix(0, ns.lastUsed.Load())
		}
		if name != Default && now.Sub(last) > ttl {
			idle = append(idle, name)
		}
	}
	m.mu.Unlock()
	dropped := 0
	for _, name := range idle {
		if m.evict(name, now) {
			dropped++
		}
	}
	return dropped
}

// SweepEvery returns how often to Sweep: a tenth of the TTL, between one
// second and one minute; 0 when there is no TTL.
func (m *Manager) SweepEvery() time.Duration {
	if m.opts.TTL <= 0 {
		return 0
	}
	return min(max(m.opts.TTL/10, time.Second), time.Minute)
}

// evict drops namespace name unless a request used it within the TTL.
// While it drops it, a placeholder makes requests for the name wait. It
// never holds a namespace's lock while it takes the manager's (ResetAll
// and Replace take them in the other order).
func (m *Manager) evict(name string, now time.Time) bool {
	idle := func(ns *Namespace) bool { return now.Sub(time.Unix(0, ns.lastUsed.Load())) > m.opts.TTL }
	hold := &Namespace{ready: make(chan struct{})}
	m.mu.Lock()
	ns := m.spaces[name]
	if ns != nil {
		select {
		case <-ns.ready:
		default: // being created or dropped
			m.mu.Unlock()
			return false
		}
		if ns.openErr != nil || !idle(ns) {
			m.mu.Unlock()
			return false
		}
	}
	m.spaces[name] = hold
	delete(m.stored, name)
	m.mu.Unlock()
	release := func(restore bool) {
		m.mu.Lock()
		delete(m.spaces, name)
		if restore {
			m.stored[name] = struct{}{}
			if ns != nil && !ns.gone {
				m.spaces[name] = ns
			}
		}
		m.mu.Unlock()
		hold.openErr = errRetry
		close(hold.ready)
	}
	if ns != nil {
		ns.mu.Lock() // wait for the requests holding it
		keep := !idle(ns)
		ns.gone = !keep
		ns.mu.Unlock()
		if keep {
			release(true)
			return false
		}
		ns.Journal.Clear()
	}
	err := m.opts.Store.Drop(name)
	release(err != nil) // a failed drop leaves it stored, to be loaded afresh
	return err == nil
}
