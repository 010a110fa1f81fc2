package boltstore

import (
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Verify runs the full check of the store in a read transaction: bbolt's
// own (every page reachable once, no page both used and free) and the
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
