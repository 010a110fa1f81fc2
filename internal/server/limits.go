package server

import (
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"

	"github.com/capsandbox/capsandbox/internal/namespace"
	"github.com/capsandbox/capsandbox/internal/scenario"
)

// Limits bound what clients can make the server hold: namespaces, journal
// bytes, scenarios, connections. Every field has a serve flag and a
// CAPSANDBOX_ variable (docs/DEPLOY.md, "Limits"); zero means the default.
type Limits struct {
	MaxNamespaces       int           // namespace.DefaultMaxNamespaces; negative: none
	NamespaceTTL        time.Duration // idle namespaces are dropped after it; 0: never
	JournalEntryBytes   int           // namespace.DefaultEntryBytes
	JournalNSBytes      int64         // namespace.DefaultNamespaceJournalBytes
	JournalBytes        int64         // namespace.DefaultJournalBytes
	MaxInitialCustomers int           // namespace.DefaultMaxInitialCustomers
	MaxScenarioBytes    int           // namespace.DefaultMaxScenarioBytes
	MaxDescription      int           // namespace.DefaultMaxDescriptionBytes
	MaxConns            int           // DefaultMaxConns, lowered to fit the open-file limit
	IdleTimeout         time.Duration // DefaultIdleTimeout
}

// Connection defaults.
const (
	DefaultMaxConns    = 1024
	DefaultIdleTimeout = 15 * time.Second
	// reservedFiles are the open files kept free of connections: the
	// store, the log, the listener, a child process's pipes.
	reservedFiles = 64
)

func (l Limits) idleTimeout() time.Duration {
	if l.IdleTimeout > 0 {
		return l.IdleTimeout
	}
	return DefaultIdleTimeout
}

// maxConns returns the connection cap: the configured one (or the
// default), lowered to leave reservedFiles of the process's open-file
// limit free.
func (l Limits) maxConns() int {
	n := l.MaxConns
	if n <= 0 {
		n = DefaultMaxConns
	}
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err == nil && rl.Cur < uint64(n+reservedFiles) {
		n = max(int(rl.Cur)-reservedFiles, 1)
	}
	return n
}

// managerOptions are the namespace manager's options of the server.
func (s *Server) managerOptions(scn *scenario.Scenario) namespace.Options {
	l := s.opts.Limits
	return namespace.Options{Store: s.Store, Library: s.Library, Scenario: scn, Seed: s.opts.Seed, Now: s.opts.Now,
		JournalCap: s.opts.JournalCap, JournalBytes: l.JournalBytes, MaxNamespaces: l.MaxNamespaces, TTL: l.NamespaceTTL,
		Journal: namespace.JournalLimits{EntryBytes: l.JournalEntryBytes, NamespaceBytes: l.JournalNSBytes},
		Limits: namespace.ScenarioLimits{InitialCustomers: l.MaxInitialCustomers, YAMLBytes: l.MaxScenarioBytes,
			DescriptionBytes: l.MaxDescription}}
}

// sweep drops idle namespaces every SweepEvery until Close.
func (s *Server) sweep() {
	every := s.Spaces.SweepEvery()
	if every <= 0 {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case now := <-t.C:
			if n := s.Spaces.Sweep(now); n > 0 {
				s.Log.Info("idle namespaces dropped", "count", n, "ttl", s.opts.Limits.NamespaceTTL.String())
			}
		}
	}
}

// limitConns caps the connections hs serves from l at Limits.maxConns.
// At the cap, the listener first closes the connection idle the longest
// (a keep-alive waiting for its next request); when none is idle, Accept
// waits for one to close, and new clients wait in the kernel's backlog:
// never a failed accept that spins on "too many open files".
func (s *Server) limitConns(l net.Listener, hs *http.Server) *connLimiter {
	cl := &connLimiter{Listener: l, max: s.opts.Limits.maxConns(), idle: map[net.Conn]time.Time{},
		closing: map[net.Conn]bool{}}
	cl.cond = sync.NewCond(&cl.mu)
	prev := hs.ConnState
	hs.ConnState = func(c net.Conn, st http.ConnState) {
		cl.track(c, st)
		if prev != nil {
			prev(c, st)
		}
	}
	return cl
}

// connLimiter is limitConns's listener.
type connLimiter struct {
	net.Listener
	max  int
	mu   sync.Mutex
	cond *sync.Cond
	open int
	idle map[net.Conn]time.Time // idle keep-alive connections, since when
	// closing are the idle connections Accept closed, until closed.
	closing map[net.Conn]bool
	quiet   chan struct{} // whenQuiet's, until closed
}

// whenQuiet returns a channel closed as soon as every open connection is
// idle, with no Accept waiting: once the listener is closed, the moment
// http.Server.Shutdown waits for, which it only looks for every 1 ms
// (doubling up to 500 ms).
func (cl *connLimiter) whenQuiet() <-chan struct{} {
	cl.mu.Lock()
	defer cl.mu.Unlock()
	ch := make(chan struct{})
	cl.quiet = ch
	cl.checkQuiet()
	return ch
}

// checkQuiet closes the quiet channel when it is due; cl.mu is held.
func (cl *connLimiter) checkQuiet() {
	if cl.quiet != nil && cl.open == len(cl.idle) {
		close(cl.quiet)
		cl.quiet = nil
	}
}

// Accept waits for a free slot, then accepts.
func (cl *connLimiter) Accept() (net.Conn, error) {
	cl.mu.Lock()
	for cl.open >= cl.max {
		c := cl.oldestIdle()
		if c == nil {
			cl.cond.Wait()
			continue
		}
		delete(cl.idle, c)
		cl.closing[c] = true
		cl.mu.Unlock()
		c.Close() // its StateClosed frees the slot
		cl.mu.Lock()
		for cl.closing[c] {
			cl.cond.Wait()
		}
	}
	cl.open++
	cl.mu.Unlock()
	c, err := cl.Listener.Accept()
	if err != nil {
		cl.mu.Lock()
		cl.open--
		cl.cond.Signal()
		cl.checkQuiet()
		cl.mu.Unlock()
		return nil, err
	}
	return c, nil
}

func (cl *connLimiter) oldestIdle() net.Conn {
	var oldest net.Conn
	var since time.Time
	for c, t := range cl.idle {
		if oldest == nil || t.Before(since) {
			oldest, since = c, t
		}
	}
	return oldest
}

// track follows each connection's state: idle ones may be closed to make
// room, closed and hijacked ones free their slot.
func (cl *connLimiter) track(c net.Conn, st http.ConnState) {
	cl.mu.Lock()
	defer cl.mu.Unlock()
	switch st {
	case http.StateIdle:
		cl.idle[c] = time.Now()
	case http.StateActive:
		delete(cl.idle, c)
	case http.StateClosed, http.StateHijacked:
		delete(cl.idle, c)
		delete(cl.closing, c)
		cl.open--
		cl.cond.Broadcast()
	}
	cl.checkQuiet()
}
