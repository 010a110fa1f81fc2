package boltstore

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Verify runs the full check of the store in a read transaction: that
// bbolt can read every page of the tree (walkTree), bbolt's own check
// (every page reachable once, no page both used and free) and the
// identifier indexes (checkIndexes). A panic, or a fault reading a damaged
// page, is returned as an error. Unlike Check, it does not hold up writes.
func (s *Store) Verify() error {
	return s.db.View(verifyTx)
}

func verifyTx(btx *bolt.Tx) (err error) {
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
	var errs []error
	for e := range btx.Check() {
		if len(errs) < 5 {
			errs = append(errs, e)
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	return checkIndexes(btx)
}

// verifyAtOpen runs Verify, waiting up to opts.CheckTimeout; a check that
// takes longer finishes in the background and reports to opts.OnCheck.
func (s *Store) verifyAtOpen(opts Options) error {
	timeout := opts.CheckTimeout
	if timeout == 0 {
		timeout = DefaultCheckTimeout
	}
	done := make(chan error, 1)
	go func() { done <- s.Verify() }()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
	}
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
