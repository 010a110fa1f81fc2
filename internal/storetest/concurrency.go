package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// concurrentUniqueness races goroutines registering the same mobiles
// through the engine's check-then-insert: exactly one customer per mobile.
func concurrentUniqueness(t *testing.T, s sandbox.Store) {
	const workers, mobiles = 16, 20
	var wg sync.WaitGroup
	created := make([]int, mobiles)
	var mu sync.Mutex
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for m := range mobiles {
				key := fmt.Sprintf("m%d", m)
				made := false
				err := s.Update(ns, func(tx sandbox.Tx) error {
					made = false // fn may run more than once
					if c, err := tx.Find(sandbox.Mobile, key); err != nil || c != nil {
						return err
					}
					n, err := tx.Sequence("user")
					if err != nil {
						return err
					}
					made = true
					return tx.Insert(&sandbox.Customer{UserID: n, Mobile: key}, [3]string{key, "", ""})
				})
				if err != nil {
					t.Error(err)
					return
				}
				if made {
					mu.Lock()
					created[m]++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	for m, n := range created {
		if n != 1 {
			t.Errorf("mobile m%d created %d times", m, n)
		}
	}
}

// concurrentSequences has many writers draw from one sequence: every
// value is handed out exactly once.
func concurrentSequences(t *testing.T, s sandbox.Store) {
	const writers, each = 8, 50
	got := make(chan int64, writers*each)
	var wg sync.WaitGroup
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				var v int64
				err := s.Update(ns, func(tx sandbox.Tx) error {
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

// concurrentReadersWriters lists, counts and looks up customers while
// writers add them in several namespaces and others are dropped and made
// again: every read sees whole customers, counts never go down within a
// namespace nobody drops, and at the end every write is there.
func concurrentReadersWriters(t *testing.T, s sandbox.Store) {
	const writers, each = 4, 40
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				id := int64(w*each + i + 1)
				if err := insert(s, fmt.Sprint("w", w%2), id, fmt.Sprint(id)); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	var readers sync.WaitGroup
	for r := range 3 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			last := 0
			for {
				select {
				case <-stop:
					return
				default:
				}
				if err := readOnce(t, s, fmt.Sprint("w", r%2), &last); err != nil {
					t.Error(err)
					return
				}
				if r == 2 {
					if err := errors.Join(insert(s, "scratch", 1, "1"), s.Drop("scratch")); err != nil {
						t.Error(err)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	readers.Wait()
	for w := range 2 {
		if n := count(t, s, fmt.Sprint("w", w)); n != writers/2*each {
			t.Errorf("namespace w%d holds %d customers, want %d", w, n, writers/2*each)
		}
	}
}

// readOnce reads namespace space in one transaction (from a goroutine:
// it reports with t.Errorf, never t.Fatal).
func readOnce(t *testing.T, s sandbox.Store, space string, last *int) error {
	err := s.View(space, func(tx sandbox.Tx) error {
		n := tx.Count()
		if n < *last {
			t.Errorf("%s: count went down from %d to %d", space, *last, n)
		}
		*last = n
		cs, err := tx.List(0, 1000)
		if len(cs) != n {
			t.Errorf("%s: listed %d customers in a transaction that counts %d", space, len(cs), n)
		}
		for _, c := range cs {
			if c.Mobile != fmt.Sprint(c.UserID) {
				t.Errorf("%s: torn customer %+v", space, c)
			}
		}
		return err
	})
	if err != nil {
		return err
	}
	_, err = s.Namespaces()
	return err
}

// insert adds a customer with user id id and mobile m, indexed by m.
func insert(s sandbox.Store, space string, id int64, m string) error {
	return s.Update(space, func(tx sandbox.Tx) error {
		return tx.Insert(&sandbox.Customer{UserID: id, Mobile: m}, [3]string{m, "", ""})
	})
}
