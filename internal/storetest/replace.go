package storetest

import (
	"errors"
	"reflect"
	"sync"
	"testing"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// replaceNamespace: Replace empties a namespace (customers, sequences,
// metadata) and fills it in one transaction; a failing fn leaves it as it
// was; it creates a namespace that does not exist.
func replaceNamespace(t *testing.T, s sandbox.Store) {
	put(t, s, ns, 1, "1")
	put(t, s, ns, 2, "2")
	must(t, s.SetMeta(ns, "scenario.yaml", "name: a\n"))
	boom := errors.New("boom")
	if err := s.Replace(ns, func(tx sandbox.Tx) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("failing Replace: %v", err)
	}
	if n := count(t, s, ns); n != 2 {
		t.Errorf("a failed Replace left %d customers, want the 2 there were", n)
	}
	if v, _ := s.Meta(ns, "scenario.yaml"); v != "name: a\n" {
		t.Errorf("a failed Replace changed meta: %q", v)
	}
	must(t, s.Replace(ns, func(tx sandbox.Tx) error {
		if n := tx.Count(); n != 0 {
			t.Errorf("Replace's fn sees %d customers, want an empty namespace", n)
		}
		if seq, err := tx.Sequence("user"); err != nil || seq != 1 {
			t.Errorf("Replace's fn: sequence %d %v, want it started again at 1", seq, err)
		}
		return tx.Insert(&sandbox.Customer{UserID: 7, Mobile: "7"}, [3]string{"7", "", ""})
	}))
	if n, c := count(t, s, ns), find(t, s, ns, sandbox.Mobile, "7"); n != 1 || c == nil || find(t, s, ns, sandbox.Mobile, "1") != nil {
		t.Errorf("after Replace: %d customers, 7 found %v, want only customer 7", n, c != nil)
	}
	if v, _ := s.Meta(ns, "scenario.yaml"); v != "" {
		t.Errorf("Replace kept meta %q", v)
	}
	must(t, s.Replace("fresh", func(tx sandbox.Tx) error { return nil }))
	if got := names(t, s); !reflect.DeepEqual(got, []string{"fresh", ns}) {
		t.Errorf("namespaces %v, want Replace to create fresh", got)
	}
}

// replaceIsAtomic: readers of a namespace being replaced over and over
// always see one whole generation (its two customers), never an empty or
// half-filled namespace.
func replaceIsAtomic(t *testing.T, s sandbox.Store) {
	fill := func(tx sandbox.Tx) error {
		for _, m := range []string{"1", "2"} {
			id, err := tx.Sequence("user")
			if err != nil {
				return err
			}
			if err := tx.Insert(&sandbox.Customer{UserID: id, Mobile: m}, [3]string{m, "", ""}); err != nil {
				return err
			}
		}
		return nil
	}
	must(t, s.Replace(ns, fill))
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 50; i++ {
			if err := s.Replace(ns, fill); err != nil {
				t.Error(err)
			}
		}
		close(stop)
	}()
	for done := false; !done; {
		select {
		case <-stop:
			done = true
		default:
		}
		err := s.View(ns, func(tx sandbox.Tx) error {
			if n := tx.Count(); n != 2 {
				t.Errorf("a reader saw %d customers during Replace, want 2", n)
			}
			return nil
		})
		must(t, err)
	}
	wg.Wait()
}

// dropAll: DropAll leaves no namespace, and the store keeps working.
func dropAll(t *testing.T, s sandbox.Store) {
	for _, space := range []string{"a", "b", "c"} {
		put(t, s, space, 1, "1")
	}
	must(t, s.DropAll())
	if got := names(t, s); len(got) != 0 {
		t.Errorf("namespaces %v after DropAll", got)
	}
	put(t, s, "a", 1, "1")
	if n := count(t, s, "a"); n != 1 {
		t.Errorf("after DropAll a write stored %d customers, want 1", n)
	}
}
