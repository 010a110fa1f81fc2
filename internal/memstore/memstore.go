// Package memstore is an in-memory sandbox.Tx for tests of the engine. It
// follows the same contract as boltstore (see storetest).
package memstore

import (
	"errors"
	"sync"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// Store holds one namespace's customers in memory. Update and View
// serialise access, like one bbolt namespace.
type Store struct {
	mu        sync.Mutex
	customers map[int64]*sandbox.Customer
	index     [3]map[string]int64
	seq       map[string]int64
}

// New returns an empty store.
func New() *Store {
	s := &Store{customers: map[int64]*sandbox.Customer{}, seq: map[string]int64{}}
	for i := range s.index {
		s.index[i] = map[string]int64{}
	}
	return s
}

// Update runs fn with exclusive access; on error its writes are undone.
func (s *Store) Update(fn func(sandbox.Tx) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := &tx{s: s, undo: snapshot(s)}
	if err := fn(t); err != nil {
		t.undo()
		return err
	}
	return nil
}

// View runs fn with exclusive access (writes are refused).
func (s *Store) View(fn func(sandbox.Tx) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fn(&tx{s: s, readOnly: true})
}

// Len returns the number of customers.
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.customers)
}

func snapshot(s *Store) func() {
	customers := make(map[int64]*sandbox.Customer, len(s.customers))
	for k, v := range s.customers {
		customers[k] = v
	}
	var index [3]map[string]int64
	for i := range index {
		index[i] = make(map[string]int64, len(s.index[i]))
		for k, v := range s.index[i] {
			index[i][k] = v
		}
	}
	seq := make(map[string]int64, len(s.seq))
	for k, v := range s.seq {
		seq[k] = v
	}
	return func() { s.customers, s.index, s.seq = customers, index, seq }
}

type tx struct {
	s        *Store
	readOnly bool
	undo     func()
}

var (
	errReadOnly = errors.New("memstore: write in a read transaction")
	errConflict = errors.New("memstore: identifier already belongs to another customer")
)

func (t *tx) Find(id sandbox.Identifier, key string) (*sandbox.Customer, error) {
	uid, ok := t.s.index[id][key]
	if !ok || key == "" {
		return nil, nil
	}
	return t.ByUserID(uid)
}

func (t *tx) ByUserID(userID int64) (*sandbox.Customer, error) {
	c, ok := t.s.customers[userID]
	if !ok {
		return nil, nil
	}
	return c.Clone(), nil
}

func (t *tx) Insert(c *sandbox.Customer, keys [3]string) error {
	if t.readOnly {
		return errReadOnly
	}
	if _, ok := t.s.customers[c.UserID]; ok {
		return errConflict
	}
	for i, k := range keys {
		if _, taken := t.s.index[i][k]; k != "" && taken {
			return errConflict
		}
	}
	for i, k := range keys {
		if k != "" {
			t.s.index[i][k] = c.UserID
		}
	}
	t.s.customers[c.UserID] = c.Clone()
	return nil
}

func (t *tx) Update(c *sandbox.Customer, oldKeys, newKeys [3]string) error {
	if t.readOnly {
		return errReadOnly
	}
	for i := range newKeys {
		if owner, taken := t.s.index[i][newKeys[i]]; newKeys[i] != "" && taken && owner != c.UserID {
			return errConflict
		}
	}
	for i := range oldKeys {
		if oldKeys[i] != newKeys[i] {
			delete(t.s.index[i], oldKeys[i])
			if newKeys[i] != "" {
				t.s.index[i][newKeys[i]] = c.UserID
			}
		}
	}
	t.s.customers[c.UserID] = c.Clone()
	return nil
}

func (t *tx) Sequence(name string) (int64, error) {
	if t.readOnly {
		return 0, errReadOnly
	}
	t.s.seq[name]++
	return t.s.seq[name], nil
}
