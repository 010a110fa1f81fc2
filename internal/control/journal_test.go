package control_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/capsandbox/capsandbox/internal/namespace"
	"github.com/capsandbox/capsandbox/internal/server"
)

// The journal keeps its cap however many requests arrive: 10,000 requests
// of about 5 KB (body plus answer) each leave it at 1,000 entries, and the
// heap grows by far less than the 9,000 dropped entries would take.
func TestJournalBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("sends 10,000 requests")
	}
	const total, warm = 10000, namespace.DefaultJournalCap
	e := newEnv(t, server.Options{})
	send := journalLoad(t, e)
	send(0, warm)
	before := heapAfterGC()
	send(warm, total)
	after := heapAfterGC()

	ns, err := e.srv.Spaces.Get("bound")
	if err != nil {
		t.Fatal(err)
	}
	entries := ns.Journal.Entries(nil)
	if len(entries) != namespace.DefaultJournalCap || entries[0].Seq != total-namespace.DefaultJournalCap+1 || entries[len(entries)-1].Seq != total {
		t.Fatalf("journal holds %d entries, seq %d..%d; want the last %d of %d", len(entries),
			entries[0].Seq, entries[len(entries)-1].Seq, namespace.DefaultJournalCap, total)
	}
	perEntry := len(entries[0].Body) + len(entries[0].Response)
	growth := int64(after) - int64(before)
	unbounded := int64(total-warm) * int64(perEntry)
	t.Logf("heap after %d requests %.1f MiB, after %d %.1f MiB (growth %.2f MiB; keeping every entry would add about %.1f MiB)",
		warm, mib(before), total, mib(after), float64(growth)/(1<<20), float64(unbounded)/(1<<20))
	if bound := unbounded / 4; growth > bound {
		t.Errorf("heap grew %.1f MiB over %d requests, more than %.1f MiB: the journal is not bounded",
			float64(growth)/(1<<20), total-warm, float64(bound)/(1<<20))
	}
}

// journalLoad returns a function that sends requests [from, to) to
// namespace "bound", workers at a time, each a registration of about
// 2.5 KB whose answer echoes it.
func journalLoad(t *testing.T, e *env) func(from, to int) {
	value := strings.Repeat("x", 200)
	var fields []string
	for _, f := range []string{"City_name", "address", "bde_name", "firm_name", "club", "state", "profile_image_name"} {
		fields = append(fields, fmt.Sprintf(`{"name":%q,"value":%q}`, f, value))
	}
	customFields := strings.Join(fields, ",")
	return func(from, to int) {
		var wg sync.WaitGroup
		next := make(chan int)
		var failed sync.Once
		for range 16 {
			wg.Go(func() {
				for i := range next {
					body := fmt.Sprintf(`{"root":{"customer":[{"mobile":"91980%07d","custom_fields":{"field":[%s]}}]}}`, i%500, customFields)
					req := httptest.NewRequest(http.MethodPost, "/v1.1/customer/add?format=json", strings.NewReader(body))
					req.Header.Set("Authorization", till1Auth)
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("X-Sandbox-Namespace", "bound")
					rec := httptest.NewRecorder()
					e.srv.Handler().ServeHTTP(rec, req)
					if rec.Code != http.StatusOK {
						failed.Do(func() { t.Errorf("request %d: HTTP %d: %s", i, rec.Code, rec.Body) })
					}
				}
			})
		}
		for i := from; i < to; i++ {
			next <- i
		}
		close(next)
		wg.Wait()
	}
}

func heapAfterGC() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }
