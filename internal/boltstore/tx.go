package boltstore

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/capsandbox/capsandbox/internal/sandbox"
	bolt "go.etcd.io/bbolt"
)

// tx is one namespace inside a bbolt transaction; it implements sandbox.Tx.
// A write transaction opens (creating if needed) every bucket up front; a
// read opens each bucket on first use, so a lookup by mobile touches only
// the mobile index and the customers. In a read of a namespace that does
// not exist, every bucket is nil and the namespace reads as empty.
type tx struct {
	ns        *bolt.Bucket
	write     bool
	customers *bolt.Bucket
	index     [3]*bolt.Bucket
	seq       *bolt.Bucket
	meta      *bolt.Bucket
}

var errReadOnly = errors.New("boltstore: write in a read transaction")

func writeTx(btx *bolt.Tx, ns string) (*tx, error) {
	root := btx.Bucket(bucketNS)
	b := root.Bucket([]byte(ns))
	var err error
	if b == nil {
		if b, err = root.CreateBucket([]byte(ns)); err != nil {
			return nil, fmt.Errorf("namespace %q: %w", ns, err)
		}
	}
	t := &tx{ns: b, write: true}
	for i, name := range bucketNames {
		p := t.slot(i)
		if *p = b.Bucket(name); *p == nil {
			if *p, err = b.CreateBucket(name); err != nil {
				return nil, fmt.Errorf("namespace %q: %w", ns, err)
			}
		}
	}
	t.customers.FillPercent = customersFill
	return t, nil
}

// customersFill is how full bbolt packs a customers page before it splits
// it. User ids only grow, so bbolt's default of half would leave every
// page half empty; packed fuller, the file is about half the size. The
// identifier indexes keep the default: their keys arrive in no particular
// order, and a commit rewrites every index page it touches, so fuller
// index pages would cost more per commit than they save on disk.
const customersFill = 0.9

func readTx(btx *bolt.Tx, ns string) *tx {
	return &tx{ns: nsBucket(btx, ns)}
}

// bucketNames are a namespace's buckets, in the order of tx.slot.
var bucketNames = [...][]byte{bucketCustomers, indexBuckets[0], indexBuckets[1], indexBuckets[2], bucketSeq, bucketMeta}

func (t *tx) slot(i int) **bolt.Bucket {
	switch i {
	case 0:
		return &t.customers
	case 1, 2, 3:
		return &t.index[i-1]
	case 4:
		return &t.seq
	}
	return &t.meta
}

// bucket returns the namespace's bucket i (see bucketNames), opening it on
// first use; nil when the namespace or the bucket does not exist.
func (t *tx) bucket(i int) *bolt.Bucket {
	p := t.slot(i)
	if *p == nil && t.ns != nil {
		*p = t.ns.Bucket(bucketNames[i])
	}
	return *p
}

func (t *tx) idx(id sandbox.Identifier) *bolt.Bucket { return t.bucket(1 + int(id)) }

// Find implements sandbox.Tx.
func (t *tx) Find(id sandbox.Identifier, key string) (*sandbox.Customer, error) {
	idx := t.idx(id)
	if idx == nil || key == "" {
		return nil, nil
	}
	v := idx.Get([]byte(key))
	if v == nil {
		return nil, nil
	}
	return t.ByUserID(int64(binary.BigEndian.Uint64(v)))
}

// ByUserID implements sandbox.Tx.
func (t *tx) ByUserID(userID int64) (*sandbox.Customer, error) {
	customers := t.bucket(0)
	if customers == nil || userID <= 0 {
		return nil, nil
	}
	v := customers.Get(u64(uint64(userID)))
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
	if !t.write {
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
	if !t.write {
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
	if !t.write {
		return 0, errReadOnly
	}
	var n uint64
	if v := t.seq.Get([]byte(name)); v != nil {
		n = binary.BigEndian.Uint64(v)
	}
	n++
	return int64(n), t.seq.Put([]byte(name), u64(n))
}

// Count implements sandbox.Tx.
func (t *tx) Count() int {
	customers := t.bucket(0)
	if customers == nil {
		return 0
	}
	return customers.Stats().KeyN
}

// List implements sandbox.Tx.
func (t *tx) List(after int64, limit int) ([]*sandbox.Customer, error) {
	customers := t.bucket(0)
	if customers == nil {
		return nil, nil
	}
	var out []*sandbox.Customer
	cur := customers.Cursor()
	for k, v := cur.Seek(u64(uint64(after + 1))); k != nil && len(out) < limit; k, v = cur.Next() {
		c, err := decodeCustomer(v)
		if err != nil {
			return nil, fmt.Errorf("boltstore: customer %d: %w", binary.BigEndian.Uint64(k), err)
		}
		out = append(out, c)
	}
	return out, nil
}

var _ sandbox.Tx = (*tx)(nil)
