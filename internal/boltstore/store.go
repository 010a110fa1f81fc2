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
	"runtime/debug"
	"sync"
	"sync/atomic"
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
//
// Every mode writes each commit to the file before it returns, so what a
// commit acknowledged survives the process being killed (the kernel's page
// cache holds it); fsync is only about a power loss or a kernel crash
// (docs/PERFORMANCE.md, "Durability modes").
type Options struct {
	// NoSync skips fsync on commit, and when the file grows (an fsync then
	// would flush every write the commits left to the page cache: a stall
	// of hundreds of milliseconds on a large store). Alone it is --sync
	// none: the file is fsynced only by Close. A power loss may
	// lose recent writes, or tear the file: bbolt's commit then no longer
	// orders its pages before its meta page.
	NoSync bool
	// SyncInterval, with NoSync, is --sync interval: a background
	// goroutine fsyncs the file at most this often, and only when
	// something was committed since the last fsync. A power loss then
	// loses at most the commits of the last interval (or tears the file,
	// as with NoSync alone, which Open refuses).
	SyncInterval time.Duration
	// Temporary marks a file removed after Close: nothing is fsynced, not
	// even by Close, whatever NoSync says.
	Temporary bool
	// LockTimeout is how long Open waits for another process to release
	// the file; 0 means one second.
	LockTimeout time.Duration
	// CheckTimeout bounds the full check Open runs on an existing file
	// (Check): 0 means DefaultCheckTimeout, a negative value skips it.
	// A check still running then goes on in the background, and its
	// result goes to OnCheck.
	CheckTimeout time.Duration
	// OnCheck, when set, gets the result of a full check that outlasted
	// CheckTimeout (nil: the file is sound).
	OnCheck func(error)
	// OnSyncError, when set, gets the first background fsync that failed
	// (SyncInterval); Close returns it too.
	OnSyncError func(error)
}

// DefaultCheckTimeout is how long Open waits for the full check of an
// existing file before it lets the check finish in the background.
const DefaultCheckTimeout = 100 * time.Millisecond

// Store is a bbolt-backed sandbox.Store. It is safe for concurrent use.
type Store struct {
	db    *bolt.DB
	path  string
	group group
	sync  syncer
	// writeMu is held by every write transaction, and by the part of
	// Check that needs the freelist to hold still.
	writeMu sync.Mutex
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
	noSync := opts.NoSync || opts.Temporary
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout, NoSync: noSync, NoGrowSync: noSync, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return nil, openError(path, err)
	}
	created, err := initRoot(db)
	if err != nil {
		db.Close()
		return nil, openError(path, err)
	}
	s := &Store{db: db, path: path}
	if statErr == nil && fi.Size() > 0 && opts.CheckTimeout >= 0 {
		if err := s.verifyAtOpen(opts); err != nil {
			db.Close()
			return nil, openError(path, fmt.Errorf("%w: %v", errDamaged, err))
		}
	}
	s.sync.onErr = opts.OnSyncError
	s.sync.start(db, noSync && !opts.Temporary, opts.SyncInterval)
	if created {
		s.sync.committed()
	}
	return s, nil
}

// initRoot creates the top-level bucket of a new file and reports whether
// it did; an existing store is only read, so starting on it writes (and
// syncs) nothing.
func initRoot(db *bolt.DB) (created bool, err error) {
	// A damaged file can fail bbolt's assertions here, before the full
	// check: an error, not a crash.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			created, err = false, fmt.Errorf("%w: reading the file failed: %v", errDamaged, p)
		}
	}()
	exists := false
	if err := db.View(func(tx *bolt.Tx) error {
		exists = tx.Bucket(bucketNS) != nil
		return nil
	}); err != nil || exists {
		return false, err
	}
	return true, db.Update(func(tx *bolt.Tx) error {
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

// Close closes the file; writes in progress finish first. Unless the
// file is Temporary, it first fsyncs what was committed before the call
// and not fsynced yet, in every mode: a clean stop leaves nothing to a
// power loss.
func (s *Store) Close() error {
	err := s.sync.stop()
	return errors.Join(err, s.db.Close())
}

// write runs fn in a bbolt write transaction and notes the commit for
// the next fsync (writes that did not commit cost it nothing).
func (s *Store) write(fn func(*bolt.Tx) error) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	err := s.db.Update(fn)
	s.sync.committed()
	return err
}

// syncer fsyncs the commits bbolt did not (NoSync): every interval when
// one is set and something was committed since, and at Close.
type syncer struct {
	db      *bolt.DB
	on      bool        // commits are not fsynced by bbolt
	dirty   atomic.Bool // a commit since the last fsync
	mu      sync.Mutex  // one fsync at a time
	fsync   func() error
	err     error       // the first failed background fsync, for Close
	onErr   func(error) // told of that one
	quit    chan struct{}
	stopped chan struct{}
}

func (y *syncer) start(db *bolt.DB, on bool, every time.Duration) {
	y.db, y.on, y.fsync = db, on, db.Sync
	if !on || every <= 0 {
		return
	}
	y.quit, y.stopped = make(chan struct{}), make(chan struct{})
	go y.loop(every)
}

func (y *syncer) loop(every time.Duration) {
	defer close(y.stopped)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-y.quit:
			return
		case <-t.C:
		}
		if err := y.flush(); err != nil {
			y.mu.Lock()
			first := y.err == nil
			if first {
				y.err = err
			}
			y.mu.Unlock()
			if first && y.onErr != nil {
				y.onErr(err)
			}
		}
	}
}

func (y *syncer) committed() {
	if y.on && !y.dirty.Load() {
		y.dirty.Store(true)
	}
}

// flush fsyncs the file if something was committed since the last fsync.
// The flag is cleared before the fsync starts, so a commit that lands
// during it is fsynced by the next one.
func (y *syncer) flush() error {
	if !y.on || !y.dirty.Swap(false) {
		return nil
	}
	y.mu.Lock()
	defer y.mu.Unlock()
	if err := y.fsync(); err != nil {
		y.dirty.Store(true)
		return fmt.Errorf("fsync %s: %w", y.db.Path(), err)
	}
	return nil
}

// stop ends the background fsync and fsyncs what is left; it returns the
// first error of either.
func (y *syncer) stop() error {
	if y.quit != nil {
		close(y.quit)
		<-y.stopped
		y.quit = nil
	}
	err := y.flush()
	y.mu.Lock()
	defer y.mu.Unlock()
	return errors.Join(y.err, err)
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
// A namespace that exists already costs no write transaction (a start on
// an existing store then does not wait for a check that holds up writes).
func (s *Store) Init(ns string, fn func(sandbox.Tx) error) (bool, error) {
	exists := false
	if err := s.db.View(func(btx *bolt.Tx) error {
		exists = nsBucket(btx, ns) != nil
		return nil
	}); err != nil || exists {
		return false, err
	}
	return s.queue(ns, fn, true)
}

// Drop deletes namespace ns and everything in it.
func (s *Store) Drop(ns string) error {
	return s.write(func(tx *bolt.Tx) error {
		err := tx.Bucket(bucketNS).DeleteBucket([]byte(ns))
		if errors.Is(err, bolterrors.ErrBucketNotFound) {
			return nil
		}
		return err
	})
}

// Replace empties namespace ns and runs fn on it in one transaction.
func (s *Store) Replace(ns string, fn func(sandbox.Tx) error) error {
	return s.write(func(btx *bolt.Tx) error {
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
	return s.write(func(tx *bolt.Tx) error {
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
	return s.write(func(btx *bolt.Tx) error {
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
