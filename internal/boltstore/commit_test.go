package boltstore_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/capsandbox/capsandbox/internal/boltstore"
	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// TestGroupCommitIsolatesFailures runs concurrent writes of which some fail
// and some panic: each failing write gets its own error and leaves nothing
// behind, every other write is committed.
func TestGroupCommitIsolatesFailures(t *testing.T) {
	s := open(t, boltstore.Options{NoSync: true})
	const n = 200
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.Update("g", func(tx sandbox.Tx) error {
				m := fmt.Sprint(1000 + i)
				if err := tx.Insert(&sandbox.Customer{UserID: int64(i + 1), Mobile: m}, [3]string{m, "", ""}); err != nil {
					return err
				}
				switch {
				case i%11 == 0:
					panic("write " + m)
				case i%7 == 0:
					return errors.New("refused " + m)
				}
				return nil
			})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		m := fmt.Sprint(1000 + i)
		c := findMobile(t, s, "g", m)
		switch {
		case i%11 == 0:
			if err == nil || !strings.Contains(err.Error(), "panicked") || !strings.Contains(err.Error(), m) {
				t.Errorf("write %d: want its panic as an error, got %v", i, err)
			}
		case i%7 == 0:
			if err == nil || err.Error() != "refused "+m {
				t.Errorf("write %d: want its own error, got %v", i, err)
			}
		case err != nil:
			t.Errorf("write %d failed: %v", i, err)
		}
		if stored := c != nil; stored != (err == nil) {
			t.Errorf("write %d: error %v but stored=%v", i, err, stored)
		}
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
}

// TestGroupCommitSequencesUnique has many writers draw from one sequence in
// shared commits: every value is handed out exactly once.
func TestGroupCommitSequencesUnique(t *testing.T) {
	s := open(t, boltstore.Options{NoSync: true})
	const writers, each = 16, 100
	got := make(chan int64, writers*each)
	var wg sync.WaitGroup
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				var v int64
				err := s.Update("g", func(tx sandbox.Tx) error {
					var err error
					v, err = tx.Sequence("user")
					return err
				})
				if err != nil {
					t.Error(err)
					return
				}
				got <- v
			}
		}()
	}
	wg.Wait()
	close(got)
	seen := map[int64]bool{}
	for v := range got {
		if seen[v] || v < 1 || v > writers*each {
			t.Fatalf("sequence value %d handed out twice or out of range", v)
		}
		seen[v] = true
	}
	if len(seen) != writers*each {
		t.Fatalf("%d values, want %d", len(seen), writers*each)
	}
}

// TestUpdateAfterClose fails instead of hanging.
func TestUpdateAfterClose(t *testing.T) {
	s := open(t, boltstore.Options{NoSync: true})
	s.Close()
	err := s.Update("g", func(tx sandbox.Tx) error { return nil })
	if err == nil {
		t.Fatal("update on a closed store succeeded")
	}
}

func findMobile(t *testing.T, s *boltstore.Store, ns, m string) *sandbox.Customer {
	t.Helper()
	var c *sandbox.Customer
	if err := s.View(ns, func(tx sandbox.Tx) error {
		var err error
		c, err = tx.Find(sandbox.Mobile, m)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return c
}
