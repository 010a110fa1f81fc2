package namespace

import (
	"sync"
	"time"

	"github.com/capsandbox/capsandbox/internal/fakedata"
	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/scenario"
)

// Namespace is one isolated world. Its methods are safe for concurrent use.
type Namespace struct {
	Name    string
	Journal *Journal

	m      *Manager
	mu     sync.RWMutex
	scn    *scenario.Scenario
	engine *sandbox.Engine
	fixed  *time.Time    // a fixed clock, or nil
	offset time.Duration // added to the real clock

	counters scenario.Counters // rule state
	limits   limiter           // per-till rate limits
}

// State is a consistent snapshot of what a request needs from its
// namespace.
type State struct {
	Scenario *scenario.Scenario
	Engine   *sandbox.Engine
	Now      time.Time
}

// State returns the namespace's scenario, engine and current time.
func (n *Namespace) State() State {
	n.mu.RLock()
	defer n.mu.RUnlock()
	return State{Scenario: n.scn, Engine: n.engine, Now: n.nowLocked()}
}

// Scenario returns the active scenario.
func (n *Namespace) Scenario() *scenario.Scenario {
	n.mu.RLock()
	defer n.mu.RUnlock()
	return n.scn
}

// Now returns the namespace's clock reading.
func (n *Namespace) Now() time.Time {
	n.mu.RLock()
	defer n.mu.RUnlock()
	return n.nowLocked()
}

func (n *Namespace) nowLocked() time.Time {
	if n.fixed != nil {
		return *n.fixed
	}
	return n.m.opts.Now().Add(n.offset)
}

// SetClock fixes the clock at t (when t is not nil) or lets it run with an
// offset from real time.
func (n *Namespace) SetClock(t *time.Time, offset time.Duration) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.fixed, n.offset = t, offset
}

// Clock returns the fixed time (nil when running) and the offset.
func (n *Namespace) Clock() (*time.Time, time.Duration) {
	n.mu.RLock()
	defer n.mu.RUnlock()
	return n.fixed, n.offset
}

func (n *Namespace) setScenario(s *scenario.Scenario) {
	n.scn = s
	n.engine = n.m.engineFor(s)
}

// Update runs fn in one store write transaction of the namespace.
func (n *Namespace) Update(fn func(sandbox.Tx) error) error {
	return n.m.opts.Store.Update(n.Name, fn)
}

// View runs fn in one store read transaction of the namespace.
func (n *Namespace) View(fn func(sandbox.Tx) error) error {
	return n.m.opts.Store.View(n.Name, fn)
}

// Customers returns a page of the namespace's customers (user id greater
// than after) and the total count.
func (n *Namespace) Customers(after int64, limit int) ([]*sandbox.Customer, int, error) {
	var out []*sandbox.Customer
	total := 0
	err := n.View(func(tx sandbox.Tx) error {
		total = tx.Count()
		var err error
		out, err = tx.List(after, limit)
		return err
	})
	return out, total, err
}

// Find returns the customer holding identifier value v, or nil.
func (n *Namespace) Find(id sandbox.Identifier, v string) (*sandbox.Customer, error) {
	st := n.State()
	var c *sandbox.Customer
	err := n.View(func(tx sandbox.Tx) error {
		var err error
		c, err = st.Engine.Find(tx, id, v)
		return err
	})
	return c, err
}

// Reset wipes the namespace's customers and sequences and restores its
// scenario's initial customers; the clock and journal are cleared too.
func (n *Namespace) Reset() error {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.resetLocked()
}

func (n *Namespace) resetLocked() error {
	st := n.m.opts.Store
	if err := st.Drop(n.Name); err != nil {
		return err
	}
	n.fixed, n.offset = nil, 0
	n.Journal.Clear()
	n.counters.Reset()
	n.limits.reset()
	_, err := st.Init(n.Name, n.seedLocked)
	if err == nil && n.scn != n.m.Scenario() {
		err = st.SetMeta(n.Name, metaScenarioYAML, string(n.scn.YAML))
	}
	return err
}

// SwitchScenario makes s the namespace's scenario and resets the namespace
// to s's initial customers (docs/CONTROL.md). The choice survives a restart.
func (n *Namespace) SwitchScenario(s *scenario.Scenario) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.setScenario(s)
	return n.resetLocked()
}

// seedCustomers registers the scenario's initial customers inside tx.
func (n *Namespace) seedCustomers(tx sandbox.Tx) error {
	n.mu.RLock()
	defer n.mu.RUnlock()
	return n.seedLocked(tx)
}

func (n *Namespace) seedLocked(tx sandbox.Tx) error {
	now := n.nowLocked()
	gen := fakedata.New(n.m.opts.Seed, n.scn.Org)
	for _, ic := range n.scn.Customers {
		inputs := []sandbox.ItemInput{ic.Input}
		if ic.Fake > 0 {
			inputs = gen.Customers(ic.Fake)
		}
		for i := range inputs {
			if _, err := n.engine.Add(tx, &inputs[i], now, sandbox.Outcome{}); err != nil {
				return err
			}
		}
	}
	return nil
}
