// Package storetest is the contract every customer store passes: the bbolt
// store and the in-memory fake run the same tests.
package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// Store is one namespace of a store under test.
type Store interface {
	Update(fn func(sandbox.Tx) error) error
	View(fn func(sandbox.Tx) error) error
}

// Run runs the contract against stores made by open (a fresh, empty store
// each call).
func Run(t *testing.T, open func(t *testing.T) Store) {
	t.Run("InsertFindUpdate", func(t *testing.T) { insertFindUpdate(t, open(t)) })
	t.Run("ConflictRefused", func(t *testing.T) { conflictRefused(t, open(t)) })
	t.Run("ErrorRollsBack", func(t *testing.T) { errorRollsBack(t, open(t)) })
	t.Run("Sequences", func(t *testing.T) { sequences(t, open(t)) })
	t.Run("ConcurrentUniqueness", func(t *testing.T) { concurrentUniqueness(t, open(t)) })
	t.Run("ViewIsReadOnly", func(t *testing.T) { viewReadOnly(t, open(t)) })
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func find(t *testing.T, s Store, id sandbox.Identifier, key string) *sandbox.Customer {
	t.Helper()
	var c *sandbox.Customer
	must(t, s.View(func(tx sandbox.Tx) error {
		var err error
		c, err = tx.Find(id, key)
		return err
	}))
	return c
}

func insertFindUpdate(t *testing.T, s Store) {
	c := &sandbox.Customer{UserID: 7, Mobile: "919876543210", Email: "a@example.com", Type: sandbox.TypeLoyalty,
		CustomFields: []sandbox.Field{{Name: "f", Value: "v"}}, Loyalty: &sandbox.Loyalty{ProgramID: "1", Slab: 1, LoyaltyPoints: 10.5}}
	must(t, s.Update(func(tx sandbox.Tx) error { return tx.Insert(c, [3]string{c.Mobile, c.Email, ""}) }))
	got := find(t, s, sandbox.Email, "a@example.com")
	if got == nil || got.UserID != 7 || got.Loyalty.LoyaltyPoints != 10.5 || got.CustomFields[0].Value != "v" {
		t.Fatalf("find by email: %+v", got)
	}
	got.Email = "b@example.com"
	must(t, s.Update(func(tx sandbox.Tx) error {
		return tx.Update(got, [3]string{c.Mobile, "a@example.com", ""}, [3]string{c.Mobile, "b@example.com", ""})
	}))
	if find(t, s, sandbox.Email, "a@example.com") != nil {
		t.Error("old email still indexed")
	}
	if c2 := find(t, s, sandbox.Email, "b@example.com"); c2 == nil || c2.UserID != 7 {
		t.Error("new email not indexed")
	}
	if find(t, s, sandbox.Mobile, "000") != nil || find(t, s, sandbox.ExternalID, "") != nil {
		t.Error("found a customer for an unknown key")
	}
}

func conflictRefused(t *testing.T, s Store) {
	must(t, s.Update(func(tx sandbox.Tx) error {
		return tx.Insert(&sandbox.Customer{UserID: 1, Mobile: "1"}, [3]string{"1", "", ""})
	}))
	err := s.Update(func(tx sandbox.Tx) error {
		return tx.Insert(&sandbox.Customer{UserID: 2, Mobile: "1"}, [3]string{"1", "", ""})
	})
	if err == nil {
		t.Fatal("a second customer took mobile 1")
	}
	must(t, s.Update(func(tx sandbox.Tx) error {
		return tx.Insert(&sandbox.Customer{UserID: 3, Mobile: "3"}, [3]string{"3", "", ""})
	}))
	err = s.Update(func(tx sandbox.Tx) error {
		return tx.Update(&sandbox.Customer{UserID: 3, Mobile: "1"}, [3]string{"3", "", ""}, [3]string{"1", "", ""})
	})
	if err == nil {
		t.Fatal("an update moved customer 3 onto mobile 1")
	}
}

func errorRollsBack(t *testing.T, s Store) {
	boom := errors.New("boom")
	err := s.Update(func(tx sandbox.Tx) error {
		if err := tx.Insert(&sandbox.Customer{UserID: 9, Mobile: "9"}, [3]string{"9", "", ""}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v", err)
	}
	if find(t, s, sandbox.Mobile, "9") != nil {
		t.Error("a failed transaction's insert survived")
	}
}

func sequences(t *testing.T, s Store) {
	var a, b, c int64
	must(t, s.Update(func(tx sandbox.Tx) error {
		var err error
		if a, err = tx.Sequence("user"); err != nil {
			return err
		}
		if b, err = tx.Sequence("user"); err != nil {
			return err
		}
		c, err = tx.Sequence("card")
		return err
	}))
	if a != 1 || b != 2 || c != 1 {
		t.Errorf("sequences %d %d %d", a, b, c)
	}
}

// concurrentUniqueness races goroutines registering the same mobiles
// through the engine's check-then-insert: exactly one customer per mobile.
func concurrentUniqueness(t *testing.T, s Store) {
	const workers, mobiles = 16, 20
	var wg sync.WaitGroup
	created := make([]int, mobiles)
	var mu sync.Mutex
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for m := 0; m < mobiles; m++ {
				key := fmt.Sprintf("m%d", m)
				made := false
				err := s.Update(func(tx sandbox.Tx) error {
					made = false
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

func viewReadOnly(t *testing.T, s Store) {
	err := s.View(func(tx sandbox.Tx) error {
		return tx.Insert(&sandbox.Customer{UserID: 1}, [3]string{})
	})
	if err == nil {
		t.Error("insert in a read transaction succeeded")
	}
}
