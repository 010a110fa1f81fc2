package reliability

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/server"
	"github.com/capsandbox/capsandbox/internal/testkit"
)

// Concurrent registrations of overlapping identifiers, in process (run
// with -race): identifiers stay unique, nothing deadlocks, the store stays
// consistent.

// addItem is one customer of an add answer.
type addItem struct {
	UserID     json.Number `json:"user_id"`
	Mobile     string      `json:"mobile"`
	Email      *string     `json:"email"`
	ItemStatus struct {
		Code string `json:"code"`
	} `json:"item_status"`
}

// addAll sends the bodies from one goroutine each (in namespace ns) and
// returns every answered item; it fails the test on a deadlock (30 s).
func addAll(t *testing.T, srv *server.Server, ns string, bodies []string) []addItem {
	t.Helper()
	var mu sync.Mutex
	var items []addItem
	var wg sync.WaitGroup
	for _, body := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got := addOnce(t, srv, ns, body)
			mu.Lock()
			items = append(items, got...)
			mu.Unlock()
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("concurrent adds did not finish within 30 s (deadlock?)")
	}
	if err := srv.Store.Check(); err != nil {
		t.Fatalf("store inconsistent after concurrent adds: %v", err)
	}
	return items
}

func addOnce(t *testing.T, srv *server.Server, ns, body string) []addItem {
	w := testkit.Do(srv.Handler(), http.MethodPost, addPath, body,
		http.Header{"Authorization": {auth}, "Content-Type": {"application/json"}, "X-Sandbox-Namespace": {ns}})
	var doc struct {
		Response struct {
			Customers struct{ Customer []addItem }
		}
	}
	if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &doc) != nil {
		t.Errorf("HTTP %d: %s", w.Code, w.Body)
	}
	return doc.Response.Customers.Customer
}

// stored returns the namespace's customers.
func stored(t *testing.T, srv *server.Server, ns string) []*sandbox.Customer {
	t.Helper()
	n, err := srv.Spaces.Get(ns)
	if err != nil {
		t.Fatal(err)
	}
	all, total, err := n.Customers(0, 1<<20)
	if err != nil || len(all) != total {
		t.Fatalf("%d of %d customers: %v", len(all), total, err)
	}
	return all
}

func repeat(n int, f func(i int) string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}

// TestConcurrentSameMobile: 64 simultaneous adds of one mobile make one
// customer, and every answer names its user id.
func TestConcurrentSameMobile(t *testing.T) {
	srv := newServer(t)
	defer srv.Close()
	items := addAll(t, srv, "same-mobile", repeat(64, func(i int) string {
		return fmt.Sprintf(`{"root":{"customer":[{"mobile":"919000000001","firstname":"N%d"}]}}`, i)
	}))
	all := stored(t, srv, "same-mobile")
	if len(all) != 1 || len(items) != 64 {
		t.Fatalf("%d customers, %d answers", len(all), len(items))
	}
	for _, it := range items {
		if it.ItemStatus.Code != "1000" || it.UserID.String() != fmt.Sprint(all[0].UserID) {
			t.Errorf("answer %+v, stored user %d", it, all[0].UserID)
		}
	}
}

// TestConcurrentSameEmail: 64 mobiles registered at once with one email.
// In the default (mobile-primary) org the email names the first customer
// and every later item merges into it (docs/VENDOR.md, Decision table,
// row M8): one customer,
// one user id in every answer. With skip-secondary (M6) each mobile is a
// new customer and exactly one of them holds the email.
func TestConcurrentSameEmail(t *testing.T) {
	srv := newServer(t)
	defer srv.Close()
	bodies := repeat(64, func(i int) string {
		return fmt.Sprintf(`{"root":{"customer":[{"mobile":"9190000%05d","email":"shared@example.com"}]}}`, i)
	})
	items := addAll(t, srv, "merge", bodies)
	all := stored(t, srv, "merge")
	if len(all) != 1 {
		t.Fatalf("default org: %d customers, want 1", len(all))
	}
	for _, it := range items {
		if it.ItemStatus.Code != "1000" || it.UserID.String() != fmt.Sprint(all[0].UserID) {
			t.Errorf("default org: answer %+v, stored user %d", it, all[0].UserID)
		}
	}
	useScenario(t, srv, "skip", "skip-secondary")
	addAll(t, srv, "skip", bodies)
	ours, holders := 0, 0
	for _, c := range stored(t, srv, "skip") { // the scenario has customers of its own
		if strings.HasPrefix(c.Mobile, "9190000") {
			ours++
		}
		if c.Email == "shared@example.com" {
			holders++
		}
	}
	if ours != 64 || holders != 1 {
		t.Fatalf("skip-secondary: %d customers, %d hold the email; want 64 and 1", ours, holders)
	}
}

func useScenario(t *testing.T, srv *server.Server, ns, name string) {
	t.Helper()
	scn, err := srv.Library.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	n, err := srv.Spaces.Get(ns)
	if err != nil {
		t.Fatal(err)
	}
	if err := n.SwitchScenario(scn); err != nil {
		t.Fatal(err)
	}
}

// TestConcurrentOverlappingBatches: 32 batches of 10 drawn from 40
// mobiles (each mobile in 8 batches), sent at once in two namespaces:
// each namespace ends with exactly the 40 customers, user ids unique.
func TestConcurrentOverlappingBatches(t *testing.T) {
	srv := newServer(t)
	defer srv.Close()
	batch := func(i int) string {
		items := make([]string, 10)
		for j := range items {
			m := (i*5 + j) % 40
			items[j] = fmt.Sprintf(`{"mobile":"9191000000%02d","email":"c%d@example.com"}`, m, m)
		}
		return `{"root":{"customer":[` + strings.Join(items, ",") + `]}}`
	}
	var wg sync.WaitGroup
	for _, ns := range []string{"batches-a", "batches-b"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, it := range addAll(t, srv, ns, repeat(32, batch)) {
				if it.ItemStatus.Code != "1000" {
					t.Errorf("%s: item %+v", ns, it)
				}
			}
		}()
	}
	wg.Wait()
	for _, ns := range []string{"batches-a", "batches-b"} {
		all := stored(t, srv, ns)
		ids, mobiles := map[int64]bool{}, map[string]bool{}
		for _, c := range all {
			ids[c.UserID], mobiles[c.Mobile] = true, true
		}
		if len(all) != 40 || len(ids) != 40 || len(mobiles) != 40 {
			t.Errorf("%s: %d customers, %d user ids, %d mobiles; want 40 each", ns, len(all), len(ids), len(mobiles))
		}
	}
}
