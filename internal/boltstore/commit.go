package boltstore

import (
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"

	"github.com/capsandbox/capsandbox/internal/sandbox"
	bolt "go.etcd.io/bbolt"
)

// Group commit. Concurrent Update calls queue up; one of them, the leader,
// runs every queued call in a single bbolt write transaction and commits
// once (one fsync for all of them with --sync always), then hands the
// leadership to the first call that queued meanwhile. Unlike bbolt's Batch
// nothing waits for a timer: an idle store commits a lone write at once,
// and a busy one shares each commit among the writes that arrived while
// the previous commit was running. Each caller leads at most one commit,
// so no request waits behind an endless stream of others.

// maxGroup bounds the calls in one commit.
const maxGroup = 1024

// call is one queued Update, or Init (init set: fn runs only when ns does
// not exist yet, and created reports whether it did).
type call struct {
	ns      string
	fn      func(sandbox.Tx) error
	init    bool
	created bool
	done    chan error
}

// Signals sent on call.done besides the call's result.
var (
	errLead    = errors.New("boltstore: lead the next commit")
	errTrySolo = errors.New("boltstore: run alone")
)

var callPool = sync.Pool{New: func() any { return &call{done: make(chan error, 1)} }}

// group is the queue of writes waiting for a commit.
type group struct {
	mu      sync.Mutex
	queue   []*call
	spare   []*call // the previous queue's array, reused
	leading bool    // a leader is committing
	// shared: the last commit had company (more than one call, or a call
	// queued while it ran). Only then does a leader yield before taking
	// the queue; a lone writer commits at once.
	shared bool
}

// update queues fn and waits until a commit that includes it is done.
func (s *Store) update(ns string, fn func(sandbox.Tx) error) error {
	_, err := s.queue(ns, fn, false)
	return err
}

// queue queues one call and waits until a commit that includes it is
// done; for an init call it reports whether the call created ns.
func (s *Store) queue(ns string, fn func(sandbox.Tx) error, init bool) (bool, error) {
	c := callPool.Get().(*call)
	c.ns, c.fn, c.init, c.created = ns, fn, init, false
	g := &s.group
	g.mu.Lock()
	g.queue = append(g.queue, c)
	lead := !g.leading
	g.leading = true
	g.mu.Unlock()
	if lead {
		s.lead()
	}
	err := <-c.done
	if err == errLead {
		s.lead()
		err = <-c.done
	}
	solo := call{ns: ns, fn: fn, init: init}
	created := c.created
	c.ns, c.fn = "", nil
	callPool.Put(c)
	if err == errTrySolo {
		err = s.write(func(btx *bolt.Tx) error { return runCall(btx, &solo) })
		created = solo.created
	}
	return created && err == nil, err
}

// lead commits the queued calls once, then passes the lead on.
func (s *Store) lead() {
	g := &s.group
	// Under load, let the goroutines that are ready to run go first: many
	// are a few microseconds from queueing a write, and each one that
	// joins this commit saves the pages a commit writes (with the load of
	// docs/PERFORMANCE.md, 1.6 → 1.1 page writes per request). A lone
	// writer (the last commit had no company) does not yield: Gosched
	// wakes an idle thread to look for work, which costs a sequential
	// client two context switches per request and finds nothing.
	g.mu.Lock()
	shared := g.shared
	g.mu.Unlock()
	if shared {
		runtime.Gosched()
	}
	g.mu.Lock()
	batch := g.queue
	if len(batch) > maxGroup {
		batch, g.queue = batch[:maxGroup], append(g.spare[:0], batch[maxGroup:]...)
	} else {
		g.queue = g.spare[:0]
	}
	g.mu.Unlock()

	s.commit(batch)

	g.mu.Lock()
	g.shared = len(batch) > 1 || len(g.queue) > 0
	clear(batch)
	g.spare = batch[:0]
	if len(g.queue) > 0 {
		g.queue[0].done <- errLead
	} else {
		g.leading = false
	}
	g.mu.Unlock()
}

// commit runs batch in one transaction. A call that fails is taken out and
// told to run alone, and the others run again without it (so a call's fn
// may run more than once, as with bbolt's Batch).
func (s *Store) commit(batch []*call) {
	for len(batch) > 0 {
		failed := -1
		err := s.write(func(btx *bolt.Tx) error {
			for i, c := range batch {
				if err := runCall(btx, c); err != nil {
					failed = i
					return err
				}
			}
			return nil
		})
		if failed >= 0 {
			batch[failed].done <- errTrySolo
			batch = append(batch[:failed], batch[failed+1:]...)
			continue
		}
		for _, c := range batch {
			c.done <- err
		}
		return
	}
}

// runCall runs c's fn on its namespace of btx, turning a panic (and a
// fault reading a damaged page of the file) into an error so that one bad
// call cannot stop the others' commit.
func runCall(btx *bolt.Tx, c *call) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("boltstore: write panicked: %v", p)
		}
	}()
	if c.init {
		if c.created = nsBucket(btx, c.ns) == nil; !c.created {
			return nil
		}
	}
	t, err := writeTx(btx, c.ns)
	if err != nil {
		return err
	}
	return c.fn(t)
}
