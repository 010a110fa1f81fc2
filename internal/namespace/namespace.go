package namespace

import (
	"sync"
	"sync/atomic"
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

	ready    chan struct{} // closed once loaded or created
	openErr  error         // why loading or creating failed
	lastUsed atomic.Int64  // unix nanoseconds of the latest request (Touch)
	gone     bool          // dropped (ResetAll, Sweep); guarded by mu
}

// Touch records a request at t, for idle eviction (Options.TTL).
func (n *Namespace) Touch(t time.Time) { n.lastUsed.Store(t.UnixNano()) }

// markGone makes later writes through n fail with ErrGone.
func (n *Namespace) markGone() {
	n.mu.Lock()
	n.gone = true
	n.mu.Unlock()
	n.Journal.Clear()
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

// Update runs fn in one store write transaction of the namespace. It
// holds the namespace's lock for reading: a switch or reset waits for it,
// and it for them.
func (n *Namespace) Update(fn func(sandbox.Tx) error) error {
	n.mu.RLock()
	defer n.mu.RUnlock()
	if n.gone {
		return ErrGone
	}
	return n.m.opts.Store.Update(n.Name, fn)
}

// Write runs fn in one store write transaction of the namespace, with the
// namespace's state as of that transaction: a scenario switch or reset
// happens wholly before or wholly after it. Like Update, fn may run more
// than once.
func (n *Namespace) Write(fn func(State, sandbox.Tx) error) error {
	n.mu.RLock()
	defer n.mu.RUnlock()
	if n.gone {
		return ErrGone
	}
	st := State{Scenario: n.scn, Engine: n.engine, Now: n.nowLocked()}
	return n.m.opts.Store.Update(n.Name, func(tx sandbox.Tx) error { return fn(st, tx) })
}

// View runs fn in one store read transaction of the namespace; it does
// not overlap a switch or reset.
func (n *Namespace) View(fn func(sandbox.Tx) error) error {
	n.mu.RLock()
	defer n.mu.RUnlock()
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
// Requests of the namespace wait while it runs (see Write).
func (n *Namespace) Reset() error {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.resetLocked()
}

func (n *Namespace) resetLocked() error {
	if n.gone {
		return ErrGone
	}
	n.fixed, n.offset = nil, 0
	n.Journal.Clear()
	n.counters.Reset()
	n.limits.reset()
	return n.seed(true)
}

// SwitchScenario makes s the namespace's scenario and resets the namespace
// to s's initial customers (docs/CONTROL.md). The choice survives a
// restart. A scenario over a limit (Manager.CheckScenario) is refused with
// a *LimitError and changes nothing.
func (n *Namespace) SwitchScenario(s *scenario.Scenario) error {
	if err := n.m.CheckScenario(s); err != nil {
		return err
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	old := n.scn
	n.setScenario(s)
	if err := n.resetLocked(); err != nil {
		n.setScenario(old)
		return err
	}
	return nil
}

// seed writes the scenario's initial customers: the first chunk in the
// transaction that creates the namespace (replace: empties it first), the
// rest in further transactions of seedChunk customers, so that the
// namespaces sharing the store's commits wait milliseconds, not the
// whole seeding. Requests of this namespace wait for all of it: it is
// being created (not yet handed out) or its lock is held.
func (n *Namespace) seed(replace bool) error {
	st := n.m.opts.Store
	sd := &seeder{n: n, now: n.nowLocked(), gen: fakedata.New(n.m.opts.Seed, n.scn.Org)}
	first := sd.next(seedChunk)
	var err error
	if replace {
		err = st.Replace(n.Name, first.write)
	} else {
		_, err = st.Init(n.Name, first.write)
	}
	for chunk := sd.next(seedChunk); err == nil && len(chunk.inputs) > 0; chunk = sd.next(seedChunk) {
		err = st.Update(n.Name, chunk.write)
	}
	if err == nil && n.scn != n.m.Scenario() {
		err = st.SetMeta(n.Name, metaScenarioYAML, string(n.scn.YAML))
		if err == nil {
			err = st.SetMeta(n.Name, metaScenarioName, n.scn.Name)
		}
	}
	return err
}

// seeder hands out a scenario's initial customers in chunks.
type seeder struct {
	n    *Namespace
	now  time.Time
	gen  *fakedata.Generator
	i    int // next entry of the scenario's customers
	done int // fake customers of entry i handed out
}

// seedBatch is up to max initial customers to register in one
// transaction.
type seedBatch struct {
	eng    *sandbox.Engine
	now    time.Time
	inputs []sandbox.ItemInput
}

func (s *seeder) next(max int) seedBatch {
	b := seedBatch{eng: s.n.engine, now: s.now}
	cs := s.n.scn.Customers
	for len(b.inputs) < max && s.i < len(cs) {
		ic := cs[s.i]
		if ic.Fake <= 0 {
			b.inputs = append(b.inputs, ic.Input)
			s.i++
			continue
		}
		k := min(ic.Fake-s.done, max-len(b.inputs))
		b.inputs = append(b.inputs, s.gen.Customers(k)...)
		if s.done += k; s.done == ic.Fake {
			s.i, s.done = s.i+1, 0
		}
	}
	return b
}

// write registers the batch inside tx; it may run more than once (the
// store's shared commits), so the inputs are copied before each use.
func (b seedBatch) write(tx sandbox.Tx) error {
	for i := range b.inputs {
		in := b.inputs[i]
		if _, err := b.eng.Add(tx, &in, b.now, sandbox.Outcome{}); err != nil {
			return err
		}
	}
	return nil
}
