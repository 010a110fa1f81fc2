package boltstore

import (
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// TestCheckBesideWrites: the full check that finishes in the background
// after a start runs beside the server's writes. bbolt's check compares
// the tree of its read transaction with the live freelist, which every
// commit changes, so a check in a read transaction alone reported a
// sound store as damaged ("reachable freed", "unreachable unfreed") when
// a commit landed while it ran. Check must find a sound store sound
// however many commits land meanwhile.
func TestCheckBesideWrites(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "c.db"), Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var next atomic.Int64
	for range 20 { // a file of a few MB, so one check takes a while
		if err := s.Update("v", func(tx sandbox.Tx) error {
			for range 500 {
				if err := insertFn(next.Add(1))(tx); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var writes atomic.Int64
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if err := s.Update("v", insertFn(next.Add(1))); err != nil {
				t.Error(err)
				return
			}
			writes.Add(1)
		}
	}()
	for i := range 5 {
		if err := s.Check(); err != nil {
			t.Errorf("check %d beside writes: %v", i+1, err)
		}
	}
	close(stop)
	wg.Wait()
	if writes.Load() == 0 {
		t.Fatal("no write ran beside the checks")
	}
	t.Logf("%d commits beside 5 checks", writes.Load())
}
