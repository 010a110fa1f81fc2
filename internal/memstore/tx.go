package memstore

import (
	"fmt"
	"slices"
	"strings"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// tx is one namespace inside one transaction. A write records how to undo
// each change, so a failed Update costs only what it wrote.
type tx struct {
	sp    *space
	write bool
	undo  []func()
}

var _ sandbox.Tx = (*tx)(nil)

func (t *tx) rollback() {
	for i := len(t.undo) - 1; i >= 0; i-- {
		t.undo[i]()
	}
	t.undo = nil
}

// Find implements sandbox.Tx.
func (t *tx) Find(id sandbox.Identifier, key string) (*sandbox.Customer, error) {
	uid, ok := t.sp.index[id][key]
	if !ok || key == "" {
		return nil, nil
	}
	return t.ByUserID(uid)
}

// ByUserID implements sandbox.Tx.
func (t *tx) ByUserID(userID int64) (*sandbox.Customer, error) {
	c, ok := t.sp.customers[userID]
	if !ok {
		return nil, nil
	}
	return c.Clone(), nil
}

// Insert implements sandbox.Tx.
func (t *tx) Insert(c *sandbox.Customer, keys [3]string) error {
	if !t.write {
		return errReadOnly
	}
	if _, ok := t.sp.customers[c.UserID]; ok {
		return fmt.Errorf("memstore: user id %d already exists", c.UserID)
	}
	for i, k := range keys {
		if _, taken := t.sp.index[i][k]; k != "" && taken {
			return errConflict
		}
	}
	for i, k := range keys {
		if k != "" {
			t.setKey(i, k, c.UserID)
		}
	}
	t.put(c)
	return nil
}

// Update implements sandbox.Tx.
func (t *tx) Update(c *sandbox.Customer, oldKeys, newKeys [3]string) error {
	if !t.write {
		return errReadOnly
	}
	for i := range newKeys {
		if owner, taken := t.sp.index[i][newKeys[i]]; newKeys[i] != "" && taken && owner != c.UserID {
			return errConflict
		}
	}
	for i := range oldKeys {
		if oldKeys[i] == newKeys[i] {
			continue
		}
		if oldKeys[i] != "" {
			t.deleteKey(i, oldKeys[i])
		}
		if newKeys[i] != "" {
			t.setKey(i, newKeys[i], c.UserID)
		}
	}
	t.put(c)
	return nil
}

// put stores a copy of c, remembering what it replaces.
func (t *tx) put(c *sandbox.Customer) {
	sp, id := t.sp, c.UserID
	old, had := sp.customers[id]
	sp.customers[id] = c.Clone()
	sp.insertID(id)
	t.undo = append(t.undo, func() {
		restore(sp.customers, id, old, had)
		if !had {
			sp.removeID(id)
		}
	})
}

func (t *tx) setKey(i int, key string, id int64) {
	m := t.sp.index[i]
	old, had := m[key]
	m[key] = id
	t.undo = append(t.undo, func() { restore(m, key, old, had) })
}

func (t *tx) deleteKey(i int, key string) {
	m := t.sp.index[i]
	old, had := m[key]
	delete(m, key)
	t.undo = append(t.undo, func() { restore(m, key, old, had) })
}

// Sequence implements sandbox.Tx.
func (t *tx) Sequence(name string) (int64, error) {
	if !t.write {
		return 0, errReadOnly
	}
	seq := t.sp.seq
	old, had := seq[name]
	seq[name] = old + 1
	t.undo = append(t.undo, func() { restore(seq, name, old, had) })
	return old + 1, nil
}

// Count implements sandbox.Tx.
func (t *tx) Count() int { return len(t.sp.customers) }

// List implements sandbox.Tx.
func (t *tx) List(after int64, limit int) ([]*sandbox.Customer, error) {
	var out []*sandbox.Customer
	ids := t.sp.ids
	i, found := slices.BinarySearch(ids, after)
	if found {
		i++
	}
	for ; i < len(ids) && len(out) < limit; i++ {
		out = append(out, t.sp.customers[ids[i]].Clone())
	}
	return out, nil
}

// Check implements sandbox.Store: every index entry points at a customer
// holding that identifier (index keys may be folded to lower case) and
// every customer's identifiers are indexed to it.
func (s *Store) Check() error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return errClosed
	}
	for name, sp := range s.spaces {
		if err := sp.check(); err != nil {
			return fmt.Errorf("namespace %s: %w", name, err)
		}
	}
	return nil
}

func (sp *space) check() error {
	if len(sp.ids) != len(sp.customers) {
		return fmt.Errorf("%d user ids listed for %d customers", len(sp.ids), len(sp.customers))
	}
	for _, id := range sandbox.Identifiers {
		for key, uid := range sp.index[id] {
			c := sp.customers[uid]
			switch {
			case c == nil:
				return fmt.Errorf("%s index %q points at missing user %d", id.Key(), key, uid)
			case !strings.EqualFold(c.Identifier(id), key):
				return fmt.Errorf("%s index %q points at user %d, whose %s is %q", id.Key(), key, uid, id.Key(), c.Identifier(id))
			}
		}
	}
	for uid, c := range sp.customers {
		if c.UserID != uid {
			return fmt.Errorf("customer stored under %d has user id %d", uid, c.UserID)
		}
		for _, id := range sandbox.Identifiers {
			v := c.Identifier(id)
			if v == "" {
				continue
			}
			owner, ok := sp.index[id][v]
			if !ok {
				owner, ok = sp.index[id][strings.ToLower(v)]
			}
			if !ok || owner != uid {
				return fmt.Errorf("user %d: %s %q is not indexed to it", uid, id.Key(), v)
			}
		}
	}
	return nil
}
