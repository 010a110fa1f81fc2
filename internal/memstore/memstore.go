// Package memstore is the sandbox.Store that keeps everything in memory:
// namespaces, customers, identifier indexes, sequences and metadata, gone
// when the process ends. It follows the same contract as boltstore
// (package storetest runs both). The engine's tests and the scenario
// checker use it where a file would only cost time.
package memstore

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// Store is an in-memory sandbox.Store. Writes are serialised; reads run
// concurrently with each other.
type Store struct {
	mu     sync.RWMutex
	spaces map[string]*space
	closed bool
}

// space is one namespace.
type space struct {
	customers map[int64]*sandbox.Customer
	ids       []int64 // user ids, sorted
	index     [3]map[string]int64
	seq       map[string]int64
	meta      map[string]string
}

func newSpace() *space {
	return &space{customers: map[int64]*sandbox.Customer{}, seq: map[string]int64{}, meta: map[string]string{},
		index: [3]map[string]int64{{}, {}, {}}}
}

var (
	errClosed   = errors.New("memstore: store is closed")
	errReadOnly = errors.New("memstore: write in a read transaction")
	errConflict = errors.New("memstore: identifier already belongs to another customer")
)

var _ sandbox.Store = (*Store)(nil)

// New returns an empty store.
func New() *Store { return &Store{spaces: map[string]*space{}} }

// Update implements sandbox.Store: fn runs once, with every other write
// waiting; when it fails or panics, its writes are undone.
func (s *Store) Update(ns string, fn func(sandbox.Tx) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errClosed
	}
	return s.write(ns, fn)
}

// write runs fn on namespace ns (created if needed) with s.mu held.
func (s *Store) write(ns string, fn func(sandbox.Tx) error) (err error) {
	t := &tx{sp: s.spaces[ns], write: true}
	if t.sp == nil {
		t.sp = newSpace()
		s.spaces[ns] = t.sp
		t.undo = append(t.undo, func() { delete(s.spaces, ns) })
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("memstore: write panicked: %v", p)
		}
		if err != nil {
			t.rollback()
		}
	}()
	return fn(t)
}

// View implements sandbox.Store.
func (s *Store) View(ns string, fn func(sandbox.Tx) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return errClosed
	}
	sp := s.spaces[ns]
	if sp == nil {
		sp = newSpace() // reads as empty; not kept
	}
	return fn(&tx{sp: sp})
}

// Init implements sandbox.Store.
func (s *Store) Init(ns string, fn func(sandbox.Tx) error) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closed:
		return false, errClosed
	case s.spaces[ns] != nil:
		return false, nil
	}
	return true, s.write(ns, fn)
}

// Drop implements sandbox.Store.
func (s *Store) Drop(ns string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errClosed
	}
	delete(s.spaces, ns)
	return nil
}

// Replace implements sandbox.Store.
func (s *Store) Replace(ns string, fn func(sandbox.Tx) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errClosed
	}
	old, had := s.spaces[ns]
	delete(s.spaces, ns)
	if err := s.write(ns, fn); err != nil {
		restore(s.spaces, ns, old, had)
		return err
	}
	return nil
}

// DropAll implements sandbox.Store.
func (s *Store) DropAll() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errClosed
	}
	s.spaces = map[string]*space{}
	return nil
}

// Namespaces implements sandbox.Store.
func (s *Store) Namespaces() ([]string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return nil, errClosed
	}
	var out []string
	for ns := range s.spaces {
		out = append(out, ns)
	}
	sort.Strings(out)
	return out, nil
}

// Meta implements sandbox.Store.
func (s *Store) Meta(ns, key string) (string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return "", errClosed
	}
	if sp := s.spaces[ns]; sp != nil {
		return sp.meta[key], nil
	}
	return "", nil
}

// SetMeta implements sandbox.Store.
func (s *Store) SetMeta(ns, key, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errClosed
	}
	sp := s.spaces[ns]
	if sp == nil {
		sp = newSpace()
		s.spaces[ns] = sp
	}
	sp.meta[key] = value
	return nil
}

// Close implements sandbox.Store: the contents are dropped.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed, s.spaces = true, nil
	return nil
}

// insertID adds id to the sorted ids.
func (sp *space) insertID(id int64) {
	if i, found := slices.BinarySearch(sp.ids, id); !found {
		sp.ids = slices.Insert(sp.ids, i, id)
	}
}

// removeID takes id out of the sorted ids.
func (sp *space) removeID(id int64) {
	if i, found := slices.BinarySearch(sp.ids, id); found {
		sp.ids = slices.Delete(sp.ids, i, i+1)
	}
}

// restore puts back a map entry as it was before a write.
func restore[K comparable, V any](m map[K]V, k K, old V, had bool) {
	if had {
		m[k] = old
	} else {
		delete(m, k)
	}
}
