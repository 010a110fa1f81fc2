package hostile

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/boltstore"
	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// manyNamespaces writes a store of n namespaces, one customer each.
func manyNamespaces(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "c.db")
	st, err := boltstore.Open(path, boltstore.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var wg sync.WaitGroup
	for w := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += 32 {
				m := fmt.Sprintf("91%010d", 9000000000+i)
				err := st.Update(fmt.Sprintf("ns-%06d", i), func(tx sandbox.Tx) error {
					return tx.Insert(&sandbox.Customer{UserID: 1, Mobile: m}, [3]string{m, "", ""})
				})
				if err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("rows 7, 13: wrote %d namespaces in %v", n, time.Since(start).Round(time.Millisecond))
	return path
}

// timed calls a control route and returns status, size and duration.
func timed(t *testing.T, s *server, method, path string) (int, int, time.Duration) {
	t.Helper()
	start := time.Now()
	status, _, body := call(t, method, s.URL+path, admin(), nil)
	return status, len(body), time.Since(start)
}

// TestRows7And13ResetListingsAndMetricsAt100kNamespaces: with 100,000
// stored namespaces, the namespace listing, a metrics scrape (one series
// for namespaces and one for customers, no label per namespace) and
// reset?all=true (one commit) answer within seconds, in bounded
// anonymous memory.
func TestRows7And13ResetListingsAndMetricsAt100kNamespaces(t *testing.T) {
	gate(t)
	const n = 100000
	var phases []time.Duration // listing, scrapes, reset: when each began and ended
	path := manyNamespaces(t, n)
	start := time.Now()
	defer func() { t.Logf("rows 7, 13: phases ended at %v", phases) }()
	s := serve(t, "--data", path, "--sync", "always", "--admin-token", token, "--max-namespaces", "200000")
	// Each namespace takes a page of the file (400 MB for 100,000): the
	// listing, the scrape's count and the start's check read them all, and
	// the pages bbolt maps count in RSS (see server.fileBacked).
	s.fileBacked = true
	t.Logf("rows 7, 13: healthy %v after start on %d namespaces", time.Since(start).Round(time.Millisecond), n)
	// The full check of the 400 MB file goes on in the background for a
	// few seconds (a core's worth): measure the listing and reset after it.
	for deadline := time.Now().Add(60 * time.Second); !strings.Contains(s.Output(), "store check passed") && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("rows 7, 13: background store check done %v after start", time.Since(start).Round(time.Millisecond))
	if out := s.Output(); !strings.Contains(out, "store check passed") {
		// A sound store must not be reported damaged (bbolt's check beside
		// commits did that once) nor checked for a minute.
		t.Errorf("rows 7, 13: the background store check did not pass within 60 s; server output:\n%s", out)
	}
	phases = append(phases, time.Since(s.health.began).Round(time.Millisecond))
	status, size, took := timed(t, s, http.MethodGet, "/__sandbox/namespaces")
	phases = append(phases, time.Since(s.health.began).Round(time.Millisecond))
	t.Logf("rows 7, 13: GET /__sandbox/namespaces: HTTP %d, %.1f MB in %v", status, float64(size)/(1<<20), took)
	if status != http.StatusOK || took > 10*time.Second {
		t.Errorf("listing %d namespaces: HTTP %d in %v, want 200 within 10 s", n, status, took)
	}
	for i := range 2 {
		start := time.Now()
		status, _, body := call(t, http.MethodGet, s.URL+"/__sandbox/metrics", admin(), nil)
		took := time.Since(start)
		t.Logf("rows 7, 13: metrics scrape %d: HTTP %d, %d bytes in %v", i+1, status, len(body), took)
		if status != http.StatusOK || len(body) > 64<<10 || took > 5*time.Second {
			t.Errorf("scrape %d: HTTP %d, %d bytes in %v; want 200, under 64 KB, within 5 s", i+1, status, len(body), took)
		}
		if !strings.Contains(string(body), fmt.Sprintf("capsandbox_namespaces %d", n+1)) || // and default
			!strings.Contains(string(body), fmt.Sprintf("capsandbox_customers %d", n)) || strings.Contains(string(body), `namespace="`) {
			t.Errorf("scrape %d: want capsandbox_namespaces %d and capsandbox_customers %d, no namespace label", i+1, n+1, n)
		}
	}
	phases = append(phases, time.Since(s.health.began).Round(time.Millisecond))
	status, _, took = timed(t, s, http.MethodPost, "/__sandbox/reset?all=true")
	phases = append(phases, time.Since(s.health.began).Round(time.Millisecond))
	t.Logf("rows 7, 13: POST /__sandbox/reset?all=true: HTTP %d in %v", status, took)
	if status != http.StatusOK || took > 10*time.Second {
		t.Errorf("reset of all %d namespaces: HTTP %d in %v, want 200 within 10 s", n, status, took)
	}
	if got := namespaces(t, s); len(got) != 1 || got[0] != "default" {
		t.Errorf("after reset?all=true: %d namespaces, want only default", len(got))
	}
	s.finish(t, "rows 7, 13")
}
