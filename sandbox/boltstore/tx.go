package boltstore

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/capsandbox/capsandbox/sandbox"
	bolt "go.etcd.io/bbolt"
)

// tx is one namespace inside a bbolt transaction; it implements sandbox.Tx.
// In a read transaction of a namespace that does not exist, every bucket is
// nil and the namespace reads as empty.
type tx struct {
	customers *bolt.Bucket
	index     [3]*bolt.Bucket
	seq       *bolt.Bucket
	meta      *bolt.Bucket
}

var errReadOnly = errors.New("boltstore: write in a read transaction")

func writeTx(btx *bolt.Tx, ns string) (*tx, error) {
	b, err := btx.Bucket(bucketNS).CreateBucketIfNotExists([]byte(ns))
	if err != nil {
		return nil, fmt.Errorf("namespace %q: %w", ns, err)
	}
	t := &tx{}
	for _, p := range []struct {
		name []byte
		dst  **bolt.Bucket
	}{{bucketCustomers, &t.customers}, {indexBuckets[0], &t.index[0]}, {indexBuckets[1], &t.index[1]},
		{indexBuckets[2], &t.index[2]}, {bucketSeq, &t.seq}, {bucketMeta, &t.meta}} {
		if *p.dst, err = b.CreateBucketIfNotExists(p.name); err != nil {
			return nil, err
		}
	}
	return t, nil
}

func readTx(btx *bolt.Tx, ns string) *tx {
	t := &tx{}
	b := nsBucket(btx, ns)
	if b == nil {
		return t
	}
	t.customers = b.Bucket(bucketCustomers)
	for i, name := range indexBuckets {
		t.index[i] = b.Bucket(name)
	}
	t.seq, t.meta = b.Bucket(bucketSeq), b.Bucket(bucketMeta)
	return t
}

// Find implements sandbox.Tx.
func (t *tx) Find(id sandbox.Identifier, key string) (*sandbox.Customer, error) {
	if t.index[id] == nil || key == "" {
		return nil, nil
	}
	v := t.index[id].Get([]byte(key))
	if v == nil {
		return nil, nil
	}
	return t.ByUserID(int64(binary.BigEndian.Uint64(v)))
}

// ByUserID implements sandbox.Tx.
func (t *tx) ByUserID(userID int64) (*sandbox.Customer, error) {
	if t.customers == nil || userID <= 0 {
		return nil, nil
	}
	v := t.customers.Get(u64(uint64(userID)))
	if v == nil {
		return nil, nil
	}
	c, err := decodeCustomer(v)
	if err != nil {
		return nil, fmt.Errorf("boltstore: customer %d: %w", userID, err)
	}
	return c, nil
}

// Insert implements sandbox.Tx.
func (t *tx) Insert(c *sandbox.Customer, keys [3]string) error {
	if t.customers == nil {
		return errReadOnly
	}
	id := u64(uint64(c.UserID))
	if t.customers.Get(id) != nil {
		return fmt.Errorf("boltstore: user id %d already exists", c.UserID)
	}
	for i, k := range keys {
		if k == "" {
			continue
		}
		if t.index[i].Get([]byte(k)) != nil {
			return ErrConflict
		}
		if err := t.index[i].Put([]byte(k), id); err != nil {
			return err
		}
	}
	return t.put(c)
}

// Update implements sandbox.Tx.
func (t *tx) Update(c *sandbox.Customer, oldKeys, newKeys [3]string) error {
	if t.customers == nil {
		return errReadOnly
	}
	id := u64(uint64(c.UserID))
	for i := range oldKeys {
		if oldKeys[i] == newKeys[i] {
			continue
		}
		if newKeys[i] != "" {
			if owner := t.index[i].Get([]byte(newKeys[i])); owner != nil && string(owner) != string(id) {
				return ErrConflict
			}
		}
		if oldKeys[i] != "" {
			if err := t.index[i].Delete([]byte(oldKeys[i])); err != nil {
				return err
			}
		}
		if newKeys[i] != "" {
			if err := t.index[i].Put([]byte(newKeys[i]), id); err != nil {
				return err
			}
		}
	}
	return t.put(c)
}

func (t *tx) put(c *sandbox.Customer) error {
	return t.customers.Put(u64(uint64(c.UserID)), encodeCustomer(make([]byte, 0, 512), c))
}

// Sequence implements sandbox.Tx.
func (t *tx) Sequence(name string) (int64, error) {
	if t.seq == nil {
		return 0, errReadOnly
	}
	var n uint64
	if v := t.seq.Get([]byte(name)); v != nil {
		n = binary.BigEndian.Uint64(v)
	}
	n++
	return int64(n), t.seq.Put([]byte(name), u64(n))
}

// Count returns the number of customers in the namespace.
func (t *tx) Count() int {
	if t.customers == nil {
		return 0
	}
	return t.customers.Stats().KeyN
}

// List returns up to limit customers with user id greater than after, in
// user id order.
func (t *tx) List(after int64, limit int) ([]*sandbox.Customer, error) {
	if t.customers == nil {
		return nil, nil
	}
	var out []*sandbox.Customer
	cur := t.customers.Cursor()
	for k, v := cur.Seek(u64(uint64(after + 1))); k != nil && len(out) < limit; k, v = cur.Next() {
		c, err := decodeCustomer(v)
		if err != nil {
			return nil, fmt.Errorf("boltstore: customer %d: %w", binary.BigEndian.Uint64(k), err)
		}
		out = append(out, c)
	}
	return out, nil
}

// Lister is the read view the control API uses to page through customers.
type Lister interface {
	Count() int
	List(after int64, limit int) ([]*sandbox.Customer, error)
}

var _ Lister = (*tx)(nil)

// checkIndexes verifies every index entry of every namespace points at a
// customer that holds that identifier.
func checkIndexes(btx *bolt.Tx) error {
	return btx.Bucket(bucketNS).ForEachBucket(func(ns []byte) error {
		t := readTx(btx, string(ns))
		for i, idx := range t.index {
			if idx == nil {
				continue
			}
			err := idx.ForEach(func(k, v []byte) error {
				c, err := t.ByUserID(int64(binary.BigEndian.Uint64(v)))
				if err != nil {
					return err
				}
				if c == nil {
					return fmt.Errorf("namespace %s: %s index %q points at missing user %d", ns, indexBuckets[i], k, binary.BigEndian.Uint64(v))
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
}
