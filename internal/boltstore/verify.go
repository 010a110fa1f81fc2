package boltstore

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Check runs the full check of the store: that bbolt can read every
// page of the tree (walkTree) and the identifier indexes (checkIndexes),
// in a read transaction beside any writes; then bbolt's own check (every
// page reachable once, no page both used and free) in a read transaction
// while no write runs. bbolt's check reads the live freelist, which every
// commit changes: beside commits it races them (a data race on the
// freelist's map) and reports a sound store as damaged ("reachable
// freed"). So writes wait for that part of the check, and only for it (a
// write transaction would hold them up as well, but it copies every
// inline bucket it opens: 500 MB for a store of 100,000 namespaces). A
// panic, or a fault reading a damaged page, is returned as an error.
func (s *Store) Check() error {
	if err := s.db.View(readCheck); err != nil {
		return err
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	return s.db.View(treeCheck)
}

// verifyTx runs every check on btx, in a store no one writes to.
func verifyTx(btx *bolt.Tx) error {
	if err := readCheck(btx); err != nil {
		return err
	}
	return treeCheck(btx)
}

// readCheck walks the tree of btx and checks the indexes: safe beside
// commits, as it reads only btx's own pages.
func readCheck(btx *bolt.Tx) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("reading the file failed: %v", p)
		}
	}()
	if btx.Bucket(bucketNS) == nil {
		return errors.New("no top-level bucket \"ns\": not a capsandbox store")
	}
	if err := walkTree(btx); err != nil {
		return err
	}
	return checkIndexes(btx)
}

// treeCheck runs bbolt's check on btx, which must be a write transaction
// or one of a store no one writes to (the freelist must hold still), and
// after readCheck passed on the same pages (bbolt's check trusts them).
func treeCheck(btx *bolt.Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("reading the file failed: %v", p)
		}
	}()
	var errs []error
	for e := range btx.Check() {
		if len(errs) < 5 {
			errs = append(errs, e)
		}
	}
	return errors.Join(errs...)
}

// verifyAtOpen runs the full check (Check's parts), waiting up to opts.CheckTimeout; a
// check that takes longer finishes in the background and reports to
// opts.OnCheck. Before Open returns no write can run, so bbolt's own check
// (which needs the freelist to hold still) runs only then: once the
// timeout has passed and writes may come, the background part checks the
// tree and the indexes only, and holds up no write (`capsandbox check`
// runs all of it on a large store).
func (s *Store) verifyAtOpen(opts Options) error {
	timeout := opts.CheckTimeout
	if timeout == 0 {
		timeout = DefaultCheckTimeout
	}
	var late atomic.Bool // the timeout passed: Open returned, writes may run
	done := make(chan error, 1)
	go func() {
		err := s.db.View(readCheck)
		if err == nil {
			s.writeMu.Lock()
			if !late.Load() {
				err = s.db.View(treeCheck)
			}
			s.writeMu.Unlock()
		}
		done <- err
	}()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
	}
	late.Store(true)
	go func() {
		err := <-done
		if opts.OnCheck != nil {
			opts.OnCheck(err)
		}
	}()
	return nil
}

// FileReport is what CheckFile found in a store file.
type FileReport struct {
	Size       int64
	Namespaces int
	Customers  int
}

// CheckFile runs every check Open runs, and the full check to its end, on
// the store file at path, opened read-only (it waits lockTimeout for a
// server holding the file, then fails). The error names the file and the
// damage.
func CheckFile(path string, lockTimeout time.Duration) (FileReport, error) {
	var r FileReport
	fi, err := os.Stat(path)
	if err != nil {
		return r, fmt.Errorf("store %s: %w", path, err)
	}
	r.Size = fi.Size()
	if err := checkHeader(path); err != nil {
		return r, openError(path, err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: lockTimeout})
	if err != nil {
		return r, openError(path, err)
	}
	defer db.Close()
	if err := db.View(verifyTx); err != nil {
		return r, openError(path, fmt.Errorf("%w: %v", errDamaged, err))
	}
	err = db.View(func(btx *bolt.Tx) error {
		root := btx.Bucket(bucketNS)
		if root == nil {
			return nil
		}
		return root.ForEachBucket(func(k []byte) error {
			r.Namespaces++
			r.Customers += readTx(btx, string(k)).Count()
			return nil
		})
	})
	return r, err
}
