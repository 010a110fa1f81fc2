package namespace_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/boltstore"
	"github.com/capsandbox/capsandbox/internal/fakedata"
	"github.com/capsandbox/capsandbox/internal/namespace"
	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/scenario"
)

func newManager(t testing.TB, scn *scenario.Scenario) *namespace.Manager {
	t.Helper()
	return newManagerWith(t, namespace.Options{Scenario: scn})
}

// newManagerWith is newManager with more options: a fresh store, the
// built-in library, the default scenario unless opts has one, seed 7.
func newManagerWith(t testing.TB, opts namespace.Options) *namespace.Manager {
	t.Helper()
	scn := opts.Scenario
	st, err := boltstore.Open(filepath.Join(t.TempDir(), "ns.db"), boltstore.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	lib, err := scenario.NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	if scn == nil {
		if scn, err = lib.Get("default"); err != nil {
			t.Fatal(err)
		}
	}
	opts.Store, opts.Library, opts.Scenario, opts.Seed = st, lib, scn, 7
	m, err := namespace.NewManager(opts)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func mustGet(t testing.TB, m *namespace.Manager, name string) *namespace.Namespace {
	t.Helper()
	ns, err := m.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	return ns
}

func TestJournalKeepsTheNewestUpToItsCap(t *testing.T) {
	j := namespace.NewJournal(3)
	for i := range 5 {
		j.Append(namespace.Entry{Path: string(rune('a' + i))})
	}
	got := ""
	for _, e := range j.Entries(nil) {
		got += e.Path
	}
	if got != "cde" || j.Len() != 3 || j.Cap() != 3 {
		t.Errorf("entries %q len %d, want cde and 3", got, j.Len())
	}
	if odd := j.Entries(func(e *namespace.Entry) bool { return e.Seq%2 == 1 }); len(odd) != 2 || odd[0].Seq != 3 || odd[1].Seq != 5 {
		t.Errorf("filtered %+v", odd)
	}
	j.Clear()
	j.Append(namespace.Entry{})
	if es := j.Entries(nil); len(es) != 1 || es[0].Seq != 6 {
		t.Errorf("after Clear: %+v, want one entry with seq 6", es)
	}
}

func TestInsertIsAllOrNothing(t *testing.T) {
	ns := mustGet(t, newManager(t, nil), "ins")
	_, err := ns.Insert([]namespace.Arrangement{{Input: sandbox.ItemInput{Mobile: "919800000001"}},
		{Input: sandbox.ItemInput{Mobile: "42"}}})
	var ie *namespace.InsertError
	if !errors.As(err, &ie) || ie.Index != 1 || ie.Code != sandbox.ItemInvalidMobile || ie.Duplicate() {
		t.Fatalf("error %v", err)
	}
	if _, total, _ := ns.Customers(0, 0); total != 0 {
		t.Errorf("a refused batch stored %d customers", total)
	}
	adjust := func(c *sandbox.Customer) error { c.Loyalty.LoyaltyPoints = 5; return nil }
	cs, err := ns.Insert([]namespace.Arrangement{{Input: sandbox.ItemInput{Mobile: "919800000001"}, Adjust: adjust}})
	if err != nil || cs[0].Loyalty.LoyaltyPoints != 5 {
		t.Fatalf("insert: %v %+v", err, cs)
	}
	if c, _ := ns.Find(sandbox.Mobile, "919800000001"); c == nil || c.Loyalty.LoyaltyPoints != 5 {
		t.Errorf("stored customer %+v, want the adjustment kept", c)
	}
	_, err = ns.Insert([]namespace.Arrangement{{Input: sandbox.ItemInput{Mobile: "919800000001"}}})
	if !errors.As(err, &ie) || !ie.Duplicate() {
		t.Errorf("re-insert: %v, want a duplicate", err)
	}
}

func TestSeedFakeSkipsTakenIdentifiers(t *testing.T) {
	m := newManager(t, nil)
	ns := mustGet(t, m, "seeded")
	org := ns.Scenario().Org
	// With one customer stored, the run draws from seed 7 + 1×1,000,003:
	// take the mobile of the first customer it will generate.
	taken := fakedata.New(7+1_000_003, org).Next().Mobile
	if _, err := ns.Insert([]namespace.Arrangement{{Input: sandbox.ItemInput{Mobile: taken}}}); err != nil {
		t.Fatal(err)
	}
	res, err := ns.SeedFake(5, 2, 7, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res != (namespace.SeedResult{Created: 5, Skipped: 1, Total: 6}) {
		t.Errorf("result %+v, want 5 created, 1 skipped, 6 in total", res)
	}
}

const noValidMobileYAML = `name: no-mobiles
description: a country pattern no generated number matches
org:
  tills:
    - {username: till1, password: "123"}
  country:
    base: {name: Nowhere, code: "99", lengths: [10], pattern: "^0+$"}
  configs:
    CONF_REGISTRATION_PRIMARY_KEY: mobile
`

func TestSeedFakeStopsOnRefusal(t *testing.T) {
	scn, err := scenario.Parse("no-mobiles.yaml", []byte(noValidMobileYAML))
	if err != nil {
		t.Fatal(err)
	}
	ns := mustGet(t, newManager(t, scn), "default")
	calls := 0
	_, err = ns.SeedFake(10, 5, 1, func(int) { calls++ })
	var ie *namespace.InsertError
	if !errors.As(err, &ie) || ie.Code != sandbox.ItemInvalidMobile || calls != 0 {
		t.Errorf("error %v after %d progress calls, want item error %d at once", err, calls, sandbox.ItemInvalidMobile)
	}
}

func TestJournalCutsBigBodiesAndKeepsItsBytes(t *testing.T) {
	b := namespace.NewBudget(1 << 30)
	j := namespace.NewTestJournal(namespace.JournalLimits{Entries: 100, EntryBytes: 10, NamespaceBytes: 3 * 600}, b)
	j.Append(namespace.Entry{Body: "0123456789abc", Response: "héllo wörld!"})
	e := j.Entries(nil)[0]
	if e.Body != "0123456789" || !e.BodyCut || e.BodySize != 13 || e.Response != "héllo wö" || !e.ResponseCut || e.ResponseSize != 14 {
		t.Errorf("entry %+v, want the body and response cut to 10 bytes on a character boundary, with their sizes", e)
	}
	for range 10 {
		j.Append(namespace.Entry{Body: "x"})
	}
	if n := j.Len(); n != 3 || j.Bytes() > 3*600 || b.Used() != j.Bytes() {
		t.Errorf("%d entries, %d bytes (budget counts %d); want 3 entries within the namespace's 1,800 bytes", n, j.Bytes(), b.Used())
	}
	j.Clear()
	if b.Used() != 0 {
		t.Errorf("budget counts %d bytes after Clear", b.Used())
	}
}

// TestBudgetDropsTheOldestOfAnyNamespace: once all journals together are
// over the shared budget, the oldest entries go first, whichever
// namespace they belong to.
func TestBudgetDropsTheOldestOfAnyNamespace(t *testing.T) {
	b := namespace.NewBudget(10 * 600)
	l := namespace.JournalLimits{Entries: 1000, EntryBytes: 100, NamespaceBytes: 1 << 20}
	old, busy := namespace.NewTestJournal(l, b), namespace.NewTestJournal(l, b)
	for range 4 {
		old.Append(namespace.Entry{Path: "/old"})
	}
	for range 100 {
		busy.Append(namespace.Entry{Path: "/busy"})
	}
	if old.Len() != 0 || busy.Len() == 0 || b.Used() > b.Max() {
		t.Errorf("old %d entries, busy %d, %d of %d bytes used; want the old namespace's entries dropped first and the budget kept",
			old.Len(), busy.Len(), b.Used(), b.Max())
	}
	if seq, _ := old.Last(); seq != 4 {
		t.Errorf("old journal's last seq %d, want 4 (dropping keeps counting)", seq)
	}
}

// TestSweepDropsIdleNamespaces: Sweep drops the namespaces idle longer
// than the TTL (not default), and runs safely beside requests, a reset of
// all namespaces and new namespaces.
func TestSweepDropsIdleNamespaces(t *testing.T) {
	m := newManagerWith(t, namespace.Options{TTL: time.Minute})
	for _, name := range []string{"default", "a", "b"} {
		mustGet(t, m, name)
	}
	mustGet(t, m, "b").Touch(time.Now().Add(time.Hour))
	if n := m.Sweep(time.Now().Add(2 * time.Minute)); n != 1 {
		t.Errorf("swept %d namespaces, want 1 (a)", n)
	}
	if names, _ := m.Names(); !slices.Equal(names, []string{"b", "default"}) {
		t.Errorf("namespaces %v after the sweep, want b and default", names)
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				switch w {
				case 0:
					m.Sweep(time.Now().Add(2 * time.Minute))
				case 1:
					if i%10 == 0 {
						if err := m.ResetAll(); err != nil {
							t.Error(err)
						}
					}
				default:
					ns, err := m.Get(fmt.Sprintf("n%d", i%5))
					if err != nil {
						t.Error(err)
						continue
					}
					err = ns.Update(func(tx sandbox.Tx) error { _, err := tx.Sequence("user"); return err })
					if err != nil && !errors.Is(err, namespace.ErrGone) {
						t.Error(err)
					}
				}
			}
		}()
	}
	wg.Wait()
}

// TestResetAllBesideCreations races ResetAll with the creation of new
// namespaces: every namespace the store holds afterwards has its
// scenario's initial customers (a creation that ResetAll overtook used to
// leave a name stored with nothing in it).
func TestResetAllBesideCreations(t *testing.T) {
	lib, err := scenario.NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	scn, err := lib.Get("duplicates")
	if err != nil {
		t.Fatal(err)
	}
	m := newManager(t, scn)
	want := initialCount(t, mustGet(t, m, "default"))
	if want == 0 {
		t.Fatal("duplicates has no initial customers")
	}
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 40 {
				if w == 0 {
					if i%4 == 0 {
						if err := m.ResetAll(); err != nil {
							t.Error(err)
						}
					}
					continue
				}
				if _, err := m.Get(fmt.Sprintf("w%d-%d", w, i)); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	names, _ := m.Names()
	for _, name := range names {
		if got := initialCount(t, mustGet(t, m, name)); got != want {
			t.Errorf("namespace %s holds %d customers, want the scenario's %d", name, got, want)
		}
	}
}

func initialCount(t *testing.T, ns *namespace.Namespace) int {
	t.Helper()
	_, n, err := ns.Customers(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestReplaceHoldsTheLimits: a reloaded scenario over a scenario limit
// replaces nothing; the namespaces running it keep their version.
func TestReplaceHoldsTheLimits(t *testing.T) {
	lib, err := scenario.NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	parse := func(desc string) *scenario.Scenario {
		s, err := lib.Parse("x.yaml", []byte("name: x\nextends: default\ndescription: "+desc+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	old := parse("short")
	m := newManagerWith(t, namespace.Options{Scenario: old, Limits: namespace.ScenarioLimits{DescriptionBytes: 16}})
	ns := mustGet(t, m, "default")
	names, err := m.Replace(parse("a description longer than sixteen bytes"))
	var limit *namespace.LimitError
	if !errors.As(err, &limit) || limit.Limit != "max-description-bytes" || names != nil {
		t.Fatalf("Replace over the description limit: %v, %v", names, err)
	}
	if ns.Scenario() != old || m.Scenario() != old {
		t.Error("a scenario over the limit replaced the running one")
	}
	if names, err := m.Replace(parse("new")); err != nil || !slices.Equal(names, []string{"default"}) {
		t.Errorf("Replace within the limits: %v, %v", names, err)
	}
}
