// Package boltstore is the sandbox.Store that keeps capsandbox's customers
// in a bbolt file.
//
// Key layout, one bucket per namespace under the top-level bucket "ns":
//
//	ns/<namespace>/customers    8-byte big-endian user id → customer record
//	ns/<namespace>/mobile       mobile                    → user id
//	ns/<namespace>/email        lower-cased email         → user id
//	ns/<namespace>/external_id  external id (index key)   → user id
//	ns/<namespace>/seq          counter name ("user", "card", "coupon") → 8-byte value
//	ns/<namespace>/meta         key → value (e.g. "scenario.yaml")
//
// A customer record is binary, not JSON: a version byte, then the fields
// of sandbox.Customer in declaration order as varints and length-prefixed
// strings (codec.go has the exact format; records written as JSON by
// earlier versions are still read). Writes from concurrent requests share
// commits (commit.go). Every read copies bytes out of the transaction
// before it ends.
package boltstore

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/capsandbox/capsandbox/internal/sandbox"
	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

var (
	bucketNS        = []byte("ns")
	bucketCustomers = []byte("customers")
	bucketSeq       = []byte("seq")
	bucketMeta      = []byte("meta")
	indexBuckets    = [3][]byte{[]byte("mobile"), []byte("email"), []byte("external_id")}
)

// ErrConflict is returned when a write would give an identifier to a second
// customer; the engine checks first, so it signals a bug, not a user error.
var ErrConflict = errors.New("boltstore: identifier already belongs to another customer")

// Options configure Open. The zero value syncs every commit and waits one
// second for the file lock.
type Options struct {
	// NoSync skips fsync on commit, and when the file grows (an fsync then
	// would flush every write the commits left to the page cache: a stall
	// of hundreds of milliseconds on a large store): faster, but a crash
	// may lose recent acknowledged writes (--sync none).
	NoSync bool
	// LockTimeout is how long Open waits for another process to release
	// the file; 0 means one second.
	LockTimeout time.Duration
	// CheckTimeout bounds the full check Open runs on an existing file
	// (Verify): 0 means DefaultCheckTimeout, a negative value skips it.
	// A check still running then goes on in the background, and its
	// result goes to OnCheck.
	CheckTimeout time.Duration
	// OnCheck, when set, gets the result of a full check that outlasted
	// CheckTimeout (nil: the file is sound).
	OnCheck func(error)
}

// DefaultCheckTimeout is how long Open waits for the full check of an
// existing file before it lets the check finish in the background.
const DefaultCheckTimeout = 100 * time.Millisecond

// Store is a bbolt-backed sandbox.Store. It is safe for concurrent use.
type Store struct {
	db    *bolt.DB
	path  string
	group group
}

// Open opens (creating if needed) the store file at path. It returns an
// error naming the file when another process holds it, the directory is
// not writable, or the file is not a capsandbox store; it never overwrites
// an existing file it cannot read.
func Open(path string, opts Options) (*Store, error) {
	timeout := opts.LockTimeout
	if timeout == 0 {
		timeout = time.Second
	}
	fi, statErr := os.Stat(path)
	if statErr == nil && fi.IsDir() {
		return nil, fmt.Errorf("store %s: is a directory", path)
	}
	if err := checkHeader(path); err != nil {
		return nil, openError(path, err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout, NoSync: opts.NoSync, NoGrowSync: opts.NoSync, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return nil, openError(path, err)
	}
	if err := initRoot(db); err != nil {
		db.Close()
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	s := &Store{db: db, path: path}
	if statErr == nil && fi.Size() > 0 && opts.CheckTimeout >= 0 {
		if err := s.verifyAtOpen(opts); err != nil {
			db.Close()
			return nil, openError(path, fmt.Errorf("%w: %v", errDamaged, err))
		}
	}
	return s, nil
}

// initRoot creates the top-level bucket of a new file; an existing store
// is only read, so starting on it writes (and syncs) nothing.
func initRoot(db *bolt.DB) error {
	exists := false
	if err := db.View(func(tx *bolt.Tx) error {
		exists = tx.Bucket(bucketNS) != nil
		return nil
	}); err != nil || exists {
		return err
	}
	return db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketNS)
		return err
	})
}

func openError(path string, err error) error {
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return fmt.Errorf("store %s is locked by another process (is another capsandbox running on it?)", path)
	case errors.Is(err, errDamaged):
		return fmt.Errorf("store %s is not a valid capsandbox store (%v); left untouched. "+
			"Run `capsandbox check --data %s` for details, then restore a backup, or move the file away to start with an empty store", path, err, path)
	case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrChecksum), errors.Is(err, bolterrors.ErrVersionMismatch):
		return fmt.Errorf("store %s is not a valid capsandbox store (corrupted or another format): %v; left untouched", path, err)
	case errors.Is(err, os.ErrPermission):
		return fmt.Errorf("store %s: cannot open for writing (check permissions of %s): %v", path, filepath.Dir(path), err)
	}
	return fmt.Errorf("store %s: %w", path, err)
}

// Path returns the store's file path.
func (s *Store) Path() string { return s.path }

// Close closes the file; writes in progress finish first.
func (s *Store) Close() error { return s.db.Close() }

// Check verifies the file's internal consistency (bbolt Check) and that
// every identifier index entry points at a customer holding that value.
// It runs in a write transaction that it rolls back: bbolt's check reads
// the freelist, which a concurrent commit would be changing.
func (s *Store) Check() error {
	tx, err := s.db.Begin(true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for err := range tx.Check() {
		return err
	}
	return checkIndexes(tx)
}

// Update runs fn in a write transaction on namespace ns, creating the
// namespace if needed. Concurrent calls share commits (see commit.go), so
// fn may run more than once and must only record results from its last
// run; it returns fn's error or the commit's.
func (s *Store) Update(ns string, fn func(sandbox.Tx) error) error {
	return s.update(ns, fn)
}

// View runs fn in a read transaction on namespace ns. A namespace that does
// not exist reads as empty.
func (s *Store) View(ns string, fn func(sandbox.Tx) error) error {
	return s.db.View(func(btx *bolt.Tx) error {
		return fn(readTx(btx, ns))
	})
}

// Init creates namespace ns and runs fn on it in the same transaction, if
// the namespace does not exist yet. It reports whether it created it. It
// shares commits with Update, so creating a namespace costs the others no
// fsync of its own.
func (s *Store) Init(ns string, fn func(sandbox.Tx) error) (bool, error) {
	return s.queue(ns, fn, true)
}

// Drop deletes namespace ns and everything in it.
func (s *Store) Drop(ns string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		err := tx.Bucket(bucketNS).DeleteBucket([]byte(ns))
		if errors.Is(err, bolterrors.ErrBucketNotFound) {
			return nil
		}
		return err
	})
}

// Replace empties namespace ns and runs fn on it in one transaction.
func (s *Store) Replace(ns string, fn func(sandbox.Tx) error) error {
	return s.db.Update(func(btx *bolt.Tx) error {
		err := btx.Bucket(bucketNS).DeleteBucket([]byte(ns))
		if err != nil && !errors.Is(err, bolterrors.ErrBucketNotFound) {
			return err
		}
		return runCall(btx, &call{ns: ns, fn: fn})
	})
}

// DropAll deletes every namespace in one transaction (one commit, however
// many namespaces there are).
func (s *Store) DropAll() error {
	return s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bucketNS); err != nil {
			return err
		}
		_, err := tx.CreateBucket(bucketNS)
		return err
	})
}

// Namespaces lists the namespaces in the store, sorted.
func (s *Store) Namespaces() ([]string, error) {
	var out []string
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketNS).ForEachBucket(func(k []byte) error {
			out = append(out, string(k))
			return nil
		})
	})
	return out, err
}

// Meta returns a namespace's metadata value ("" when unset).
func (s *Store) Meta(ns, key string) (string, error) {
	var v string
	err := s.db.View(func(tx *bolt.Tx) error {
		if b := nsBucket(tx, ns); b != nil {
			v = string(b.Bucket(bucketMeta).Get([]byte(key)))
		}
		return nil
	})
	return v, err
}

// SetMeta stores a namespace's metadata value, creating the namespace if
// needed.
func (s *Store) SetMeta(ns, key, value string) error {
	return s.db.Update(func(btx *bolt.Tx) error {
		t, err := writeTx(btx, ns)
		if err != nil {
			return err
		}
		return t.meta.Put([]byte(key), []byte(value))
	})
}

var _ sandbox.Store = (*Store)(nil)

func nsBucket(tx *bolt.Tx, ns string) *bolt.Bucket {
	return tx.Bucket(bucketNS).Bucket([]byte(ns))
}

func u64(n uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], n)
	return b[:]
}
