package storetest

import (
	"errors"
	"reflect"
	"testing"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// namespacesSeparate: the same user id and mobile live in two namespaces
// side by side; dropping one leaves the other whole.
func namespacesSeparate(t *testing.T, s sandbox.Store) {
	for _, space := range []string{"b", "a", "c"} {
		put(t, s, space, 1, "1")
	}
	must(t, s.SetMeta("a", "k", "v"))
	if got := names(t, s); !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
		t.Errorf("namespaces %v, want [a b c]", got)
	}
	must(t, s.Drop("a"))
	must(t, s.Drop("never-created"))
	if find(t, s, "b", sandbox.Mobile, "1") == nil {
		t.Fatal("dropping a removed b's customer")
	}
	if got := names(t, s); !reflect.DeepEqual(got, []string{"b", "c"}) {
		t.Errorf("namespaces after drop %v, want [b c]", got)
	}
	if find(t, s, "a", sandbox.Mobile, "1") != nil || count(t, s, "a") != 0 {
		t.Error("a dropped namespace kept its customers")
	}
	if v, _ := s.Meta("a", "k"); v != "" {
		t.Errorf("a dropped namespace kept its metadata %q", v)
	}
	// A dropped namespace starts again from nothing, sequences included.
	must(t, s.Update("a", func(tx sandbox.Tx) error {
		if v, err := tx.Sequence("user"); v != 1 || err != nil {
			t.Errorf("sequence of a recreated namespace %d %v, want 1", v, err)
		}
		return nil
	}))
}

// viewCreatesNothing: reading a namespace that does not exist reads it as
// empty and does not create it.
func viewCreatesNothing(t *testing.T, s sandbox.Store) {
	must(t, s.View("ghost", func(tx sandbox.Tx) error {
		if c, err := tx.Find(sandbox.Mobile, "1"); c != nil || err != nil {
			t.Errorf("find in a missing namespace: %+v %v", c, err)
		}
		if cs, err := tx.List(0, 10); len(cs) != 0 || err != nil || tx.Count() != 0 {
			t.Errorf("list in a missing namespace: %v %v", cs, err)
		}
		return nil
	}))
	if v, err := s.Meta("ghost", "k"); v != "" || err != nil {
		t.Errorf("meta of a missing namespace: %q %v", v, err)
	}
	if got := names(t, s); len(got) != 0 {
		t.Errorf("reads created namespaces %v", got)
	}
}

// initNamespace: Init creates a namespace and fills it in the same
// transaction once; a second Init, or one on a namespace an Update made,
// runs nothing.
func initNamespace(t *testing.T, s sandbox.Store) {
	runs := 0
	seed := func(tx sandbox.Tx) error {
		runs++
		return tx.Insert(&sandbox.Customer{UserID: 1, Mobile: "1"}, [3]string{"1", "", ""})
	}
	created, err := s.Init(ns, seed)
	if err != nil || !created || runs == 0 {
		t.Fatalf("first Init: created %v, %v, fn ran %d times", created, err, runs)
	}
	runs = 0
	if created, err := s.Init(ns, seed); err != nil || created || runs != 0 {
		t.Errorf("second Init: created %v, %v, fn ran %d times", created, err, runs)
	}
	if n := count(t, s, ns); n != 1 {
		t.Errorf("%d customers after two Inits, want 1", n)
	}
	put(t, s, "made", 1, "1")
	if created, err := s.Init("made", seed); err != nil || created || runs != 0 {
		t.Errorf("Init on a namespace an Update created: created %v, %v, fn ran %d times", created, err, runs)
	}
}

// initFailure: an Init whose fn fails creates nothing, and a later Init
// tries again.
func initFailure(t *testing.T, s sandbox.Store) {
	boom := errors.New("boom")
	_, err := s.Init(ns, func(tx sandbox.Tx) error {
		if err := tx.Insert(&sandbox.Customer{UserID: 1, Mobile: "1"}, [3]string{"1", "", ""}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Init: %v, want the function's error", err)
	}
	if got := names(t, s); len(got) != 0 {
		t.Errorf("a failed Init left namespaces %v", got)
	}
	if created, err := s.Init(ns, func(sandbox.Tx) error { return nil }); !created || err != nil {
		t.Errorf("Init after a failed one: created %v, %v", created, err)
	}
}

// meta: values are per namespace and key, overwrite, and SetMeta creates
// the namespace.
func meta(t *testing.T, s sandbox.Store) {
	get := func(space, key string) string {
		t.Helper()
		v, err := s.Meta(space, key)
		must(t, err)
		return v
	}
	if v := get(ns, "scenario.yaml"); v != "" {
		t.Errorf("unset meta %q", v)
	}
	must(t, s.SetMeta(ns, "scenario.yaml", "name: a\n"))
	must(t, s.SetMeta(ns, "other", "x"))
	must(t, s.SetMeta("b", "scenario.yaml", "name: b\n"))
	must(t, s.SetMeta(ns, "scenario.yaml", "name: c\n"))
	if a, o, b := get(ns, "scenario.yaml"), get(ns, "other"), get("b", "scenario.yaml"); a != "name: c\n" || o != "x" || b != "name: b\n" {
		t.Errorf("meta %q %q %q", a, o, b)
	}
	if got := names(t, s); !reflect.DeepEqual(got, []string{"b", ns}) {
		t.Errorf("namespaces %v after SetMeta, want [b %s]", got, ns)
	}
	put(t, s, ns, 1, "1")
	if v := get(ns, "other"); v != "x" {
		t.Errorf("a customer write changed meta: %q", v)
	}
}

// checkFindsMisindexed: a customer stored under keys that are not its
// identifiers makes Check fail.
func checkFindsMisindexed(t *testing.T, s sandbox.Store) {
	put(t, s, ns, 1, "111")
	must(t, s.Check())
	must(t, s.Update(ns, func(tx sandbox.Tx) error {
		return tx.Insert(&sandbox.Customer{UserID: 2, Mobile: "222"}, [3]string{"333", "", ""})
	}))
	if err := s.Check(); err == nil {
		t.Error("Check passed a customer indexed under another customer's mobile")
	}
}

func closedStoreFails(t *testing.T, s sandbox.Store) {
	put(t, s, ns, 1, "1")
	must(t, s.Close())
	nop := func(sandbox.Tx) error { return nil }
	if err := s.Update(ns, nop); err == nil {
		t.Error("Update on a closed store succeeded")
	}
	if err := s.View(ns, nop); err == nil {
		t.Error("View on a closed store succeeded")
	}
	if _, err := s.Namespaces(); err == nil {
		t.Error("Namespaces on a closed store succeeded")
	}
}
