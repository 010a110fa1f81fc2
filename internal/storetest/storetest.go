// Package storetest is the contract every sandbox.Store passes: the bbolt
// store and the in-memory store run the same tests, over the whole
// interface (transactions, namespaces, metadata, listing, consistency
// checks, concurrency).
package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// Run runs the contract against stores made by open (a fresh, empty store
// each call; the caller closes it at cleanup).
func Run(t *testing.T, open func(t *testing.T) sandbox.Store) {
	for _, c := range []struct {
		name string
		fn   func(*testing.T, sandbox.Store)
	}{
		{"InsertFindUpdate", insertFindUpdate},
		{"ConflictRefused", conflictRefused},
		{"ErrorRollsBack", errorRollsBack},
		{"PanicRollsBack", panicRollsBack},
		{"Sequences", sequences},
		{"ViewIsReadOnly", viewReadOnly},
		{"CustomersAreCopies", customersAreCopies},
		{"ListAndCount", listAndCount},
		{"NamespacesAreSeparate", namespacesSeparate},
		{"ViewCreatesNothing", viewCreatesNothing},
		{"Init", initNamespace},
		{"InitFailureCreatesNothing", initFailure},
		{"Meta", meta},
		{"Replace", replaceNamespace},
		{"ReplaceIsAtomic", replaceIsAtomic},
		{"DropAll", dropAll},
		{"CheckFindsMisindexed", checkFindsMisindexed},
		{"ConcurrentUniqueness", concurrentUniqueness},
		{"ConcurrentSequences", concurrentSequences},
		{"ConcurrentReadersAndWriters", concurrentReadersWriters},
		{"ClosedStoreFails", closedStoreFails},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := open(t)
			c.fn(t, s)
			if c.name != "ClosedStoreFails" && c.name != "CheckFindsMisindexed" {
				must(t, s.Check())
			}
		})
	}
}

// ns is the namespace single-namespace tests use.
const ns = "t"

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// put inserts a customer with user id id and mobile m, indexed by m.
func put(t *testing.T, s sandbox.Store, space string, id int64, m string) {
	t.Helper()
	must(t, insert(s, space, id, m))
}

func find(t *testing.T, s sandbox.Store, space string, id sandbox.Identifier, key string) *sandbox.Customer {
	t.Helper()
	var c *sandbox.Customer
	must(t, s.View(space, func(tx sandbox.Tx) error {
		var err error
		c, err = tx.Find(id, key)
		return err
	}))
	return c
}

func count(t *testing.T, s sandbox.Store, space string) int {
	t.Helper()
	n := -1
	must(t, s.View(space, func(tx sandbox.Tx) error { n = tx.Count(); return nil }))
	return n
}

func names(t *testing.T, s sandbox.Store) []string {
	t.Helper()
	out, err := s.Namespaces()
	must(t, err)
	return out
}

func insertFindUpdate(t *testing.T, s sandbox.Store) {
	c := &sandbox.Customer{UserID: 7, Mobile: "919876543210", Email: "a@example.com", Type: sandbox.TypeLoyalty,
		CustomFields: []sandbox.Field{{Name: "f", Value: "v"}}, Loyalty: &sandbox.Loyalty{ProgramID: "1", Slab: 1, LoyaltyPoints: 10.5}}
	must(t, s.Update(ns, func(tx sandbox.Tx) error { return tx.Insert(c, [3]string{c.Mobile, c.Email, ""}) }))
	got := find(t, s, ns, sandbox.Email, "a@example.com")
	if !reflect.DeepEqual(got, c) {
		t.Fatalf("find by email: %+v, want %+v", got, c)
	}
	var byID *sandbox.Customer
	must(t, s.View(ns, func(tx sandbox.Tx) error {
		var err error
		byID, err = tx.ByUserID(7)
		return err
	}))
	if !reflect.DeepEqual(byID, c) {
		t.Fatalf("by user id: %+v", byID)
	}
	got.Email = "b@example.com"
	must(t, s.Update(ns, func(tx sandbox.Tx) error {
		return tx.Update(got, [3]string{c.Mobile, "a@example.com", ""}, [3]string{c.Mobile, "b@example.com", ""})
	}))
	if find(t, s, ns, sandbox.Email, "a@example.com") != nil {
		t.Error("old email still indexed")
	}
	if c2 := find(t, s, ns, sandbox.Email, "b@example.com"); c2 == nil || c2.UserID != 7 || c2.Email != "b@example.com" {
		t.Errorf("new email not indexed: %+v", c2)
	}
	if find(t, s, ns, sandbox.Mobile, "000") != nil || find(t, s, ns, sandbox.ExternalID, "") != nil {
		t.Error("found a customer for an unknown key")
	}
	must(t, s.View(ns, func(tx sandbox.Tx) error {
		if c, err := tx.ByUserID(8); c != nil || err != nil {
			t.Errorf("user 8: %+v %v", c, err)
		}
		return nil
	}))
}

func conflictRefused(t *testing.T, s sandbox.Store) {
	put(t, s, ns, 1, "1")
	err := s.Update(ns, func(tx sandbox.Tx) error {
		return tx.Insert(&sandbox.Customer{UserID: 2, Mobile: "1"}, [3]string{"1", "", ""})
	})
	if err == nil {
		t.Fatal("a second customer took mobile 1")
	}
	err = s.Update(ns, func(tx sandbox.Tx) error {
		return tx.Insert(&sandbox.Customer{UserID: 1, Mobile: "5"}, [3]string{"5", "", ""})
	})
	if err == nil {
		t.Fatal("a second customer took user id 1")
	}
	put(t, s, ns, 3, "3")
	err = s.Update(ns, func(tx sandbox.Tx) error {
		return tx.Update(&sandbox.Customer{UserID: 3, Mobile: "1"}, [3]string{"3", "", ""}, [3]string{"1", "", ""})
	})
	if err == nil {
		t.Fatal("an update moved customer 3 onto mobile 1")
	}
	if c := find(t, s, ns, sandbox.Mobile, "1"); c == nil || c.UserID != 1 {
		t.Errorf("mobile 1 belongs to %+v", c)
	}
}

// errorRollsBack: a write that fails leaves nothing behind — no insert,
// no update, no index change, no sequence step, no new namespace.
func errorRollsBack(t *testing.T, s sandbox.Store) {
	put(t, s, ns, 1, "1")
	boom := errors.New("boom")
	err := s.Update(ns, func(tx sandbox.Tx) error {
		if err := tx.Insert(&sandbox.Customer{UserID: 9, Mobile: "9"}, [3]string{"9", "", ""}); err != nil {
			return err
		}
		if err := tx.Update(&sandbox.Customer{UserID: 1, Mobile: "2", FirstName: "x"}, [3]string{"1", "", ""}, [3]string{"2", "", ""}); err != nil {
			return err
		}
		if _, err := tx.Sequence("user"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want the function's error", err)
	}
	if find(t, s, ns, sandbox.Mobile, "9") != nil || find(t, s, ns, sandbox.Mobile, "2") != nil {
		t.Error("a failed transaction's insert or index change survived")
	}
	if c := find(t, s, ns, sandbox.Mobile, "1"); c == nil || c.FirstName != "" {
		t.Errorf("a failed transaction's update survived: %+v", c)
	}
	if n := count(t, s, ns); n != 1 {
		t.Errorf("count %d after a failed insert, want 1", n)
	}
	must(t, s.Update(ns, func(tx sandbox.Tx) error {
		if v, err := tx.Sequence("user"); v != 1 || err != nil {
			t.Errorf("sequence after a failed step: %d %v, want 1", v, err)
		}
		return nil
	}))
	if err := s.Update("other", func(sandbox.Tx) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("got %v", err)
	}
	if got := names(t, s); !reflect.DeepEqual(got, []string{ns}) {
		t.Errorf("namespaces %v after a failed first write to another, want [%s]", got, ns)
	}
}

// panicRollsBack: a panic in a write comes back as an error and its
// writes are undone; the store keeps working.
func panicRollsBack(t *testing.T, s sandbox.Store) {
	err := s.Update(ns, func(tx sandbox.Tx) error {
		if err := tx.Insert(&sandbox.Customer{UserID: 4, Mobile: "4"}, [3]string{"4", "", ""}); err != nil {
			return err
		}
		panic("write 4")
	})
	if err == nil {
		t.Fatal("a panicking write returned no error")
	}
	if find(t, s, ns, sandbox.Mobile, "4") != nil {
		t.Error("a panicking write's insert survived")
	}
	put(t, s, ns, 5, "5")
	if find(t, s, ns, sandbox.Mobile, "5") == nil {
		t.Error("the store stopped writing after a panic")
	}
}

func sequences(t *testing.T, s sandbox.Store) {
	next := func(space, name string) int64 {
		var v int64
		must(t, s.Update(space, func(tx sandbox.Tx) error {
			var err error
			v, err = tx.Sequence(name)
			return err
		}))
		return v
	}
	var a, b int64
	must(t, s.Update(ns, func(tx sandbox.Tx) error {
		var err error
		if a, err = tx.Sequence("user"); err != nil {
			return err
		}
		b, err = tx.Sequence("user")
		return err
	}))
	if got := [...]int64{a, b, next(ns, "card"), next(ns, "user"), next("other", "user")}; got != [...]int64{1, 2, 1, 3, 1} {
		t.Errorf("sequences user, user, card, user, other namespace's user = %v, want [1 2 1 3 1]", got)
	}
}

func viewReadOnly(t *testing.T, s sandbox.Store) {
	put(t, s, ns, 1, "1")
	must(t, s.View(ns, func(tx sandbox.Tx) error {
		if err := tx.Insert(&sandbox.Customer{UserID: 2}, [3]string{}); err == nil {
			t.Error("insert in a read transaction succeeded")
		}
		if err := tx.Update(&sandbox.Customer{UserID: 1, Mobile: "1", FirstName: "x"}, [3]string{"1"}, [3]string{"1"}); err == nil {
			t.Error("update in a read transaction succeeded")
		}
		if _, err := tx.Sequence("user"); err == nil {
			t.Error("sequence step in a read transaction succeeded")
		}
		return nil
	}))
	if c := find(t, s, ns, sandbox.Mobile, "1"); c == nil || c.FirstName != "" || count(t, s, ns) != 1 {
		t.Errorf("a read transaction changed the store: %+v", c)
	}
}

// customersAreCopies: changing a customer given to or returned by a
// transaction does not change the stored one.
func customersAreCopies(t *testing.T, s sandbox.Store) {
	c := &sandbox.Customer{UserID: 1, Mobile: "1", FirstName: "Asha", CustomFields: []sandbox.Field{{Name: "f", Value: "v"}}}
	must(t, s.Update(ns, func(tx sandbox.Tx) error { return tx.Insert(c, [3]string{"1", "", ""}) }))
	c.FirstName, c.CustomFields[0].Value = "changed", "changed"
	got := find(t, s, ns, sandbox.Mobile, "1")
	got.FirstName = "again"
	var listed []*sandbox.Customer
	must(t, s.View(ns, func(tx sandbox.Tx) error {
		var err error
		listed, err = tx.List(0, 10)
		return err
	}))
	listed[0].CustomFields[0].Value = "again"
	if c := find(t, s, ns, sandbox.Mobile, "1"); c.FirstName != "Asha" || c.CustomFields[0].Value != "v" {
		t.Errorf("stored customer changed through a pointer: %+v", c)
	}
}

func listAndCount(t *testing.T, s sandbox.Store) {
	if n := count(t, s, ns); n != 0 {
		t.Errorf("count of a new store %d", n)
	}
	for _, id := range []int64{5, 2, 9, 3, 7} {
		put(t, s, ns, id, fmt.Sprint(id))
	}
	put(t, s, "other", 4, "4")
	list := func(after int64, limit int) []int64 {
		var out []int64
		must(t, s.View(ns, func(tx sandbox.Tx) error {
			cs, err := tx.List(after, limit)
			for _, c := range cs {
				out = append(out, c.UserID)
			}
			return err
		}))
		return out
	}
	for _, c := range []struct {
		after int64
		limit int
		want  []int64
	}{{0, 10, []int64{2, 3, 5, 7, 9}}, {0, 2, []int64{2, 3}}, {3, 2, []int64{5, 7}}, {4, 10, []int64{5, 7, 9}},
		{9, 10, nil}, {0, 0, nil}} {
		if got := list(c.after, c.limit); !reflect.DeepEqual(got, c.want) {
			t.Errorf("List(%d, %d) = %v, want %v", c.after, c.limit, got, c.want)
		}
	}
	if n := count(t, s, ns); n != 5 {
		t.Errorf("count %d, want 5", n)
	}
	must(t, s.Update(ns, func(tx sandbox.Tx) error {
		if n := tx.Count(); n != 5 {
			t.Errorf("count in a write transaction %d, want 5", n)
		}
		return nil
	}))
}
