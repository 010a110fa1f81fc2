package boltstore

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/capsandbox/capsandbox/internal/sandbox"
	bolt "go.etcd.io/bbolt"
)

// checkIndexes verifies, in every namespace, that each index entry points
// at a stored customer holding that identifier, and that each stored
// customer's identifiers are indexed to it.
func checkIndexes(btx *bolt.Tx) error {
	return btx.Bucket(bucketNS).ForEachBucket(func(ns []byte) error {
		t := readTx(btx, string(ns))
		for _, id := range sandbox.Identifiers {
			if err := checkIndex(t, id); err != nil {
				return fmt.Errorf("namespace %s: %w", ns, err)
			}
		}
		if err := checkCustomers(t); err != nil {
			return fmt.Errorf("namespace %s: %w", ns, err)
		}
		return nil
	})
}

func checkIndex(t *tx, id sandbox.Identifier) error {
	idx := t.idx(id)
	if idx == nil {
		return nil
	}
	return idx.ForEach(func(k, v []byte) error {
		if len(v) != 8 {
			return fmt.Errorf("%s index %q: value of %d bytes", id.Key(), k, len(v))
		}
		user := binary.BigEndian.Uint64(v)
		c, err := t.ByUserID(int64(user))
		switch {
		case err != nil:
			return err
		case c == nil:
			return fmt.Errorf("%s index %q points at missing user %d", id.Key(), k, user)
		case !strings.EqualFold(c.Identifier(id), string(k)):
			return fmt.Errorf("%s index %q points at user %d, whose %s is %q", id.Key(), k, user, id.Key(), c.Identifier(id))
		}
		return nil
	})
}

func checkCustomers(t *tx) error {
	customers := t.bucket(0)
	if customers == nil {
		return nil
	}
	return customers.ForEach(func(k, v []byte) error {
		c, err := decodeCustomer(v)
		if err != nil {
			return fmt.Errorf("customer %d: %w", binary.BigEndian.Uint64(k), err)
		}
		if c.UserID != int64(binary.BigEndian.Uint64(k)) {
			return fmt.Errorf("customer stored under %d has user id %d", binary.BigEndian.Uint64(k), c.UserID)
		}
		for _, id := range sandbox.Identifiers {
			if err := checkIndexed(t, c, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// checkIndexed verifies that c's identifier id is indexed to c. Index keys
// may be folded to lower case (email, case-insensitive external ids).
func checkIndexed(t *tx, c *sandbox.Customer, id sandbox.Identifier) error {
	v := c.Identifier(id)
	if v == "" {
		return nil
	}
	idx := t.idx(id)
	var owner []byte
	if idx != nil {
		if owner = idx.Get([]byte(v)); owner == nil {
			owner = idx.Get([]byte(strings.ToLower(v)))
		}
	}
	if len(owner) != 8 || int64(binary.BigEndian.Uint64(owner)) != c.UserID {
		return fmt.Errorf("user %d: %s %q is not indexed to it", c.UserID, id.Key(), v)
	}
	return nil
}
