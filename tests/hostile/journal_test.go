package hostile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/namespace"
	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// journal reads a namespace's journal and how long that took.
func journal(t *testing.T, s *server, ns string) ([]namespace.Entry, int, time.Duration) {
	t.Helper()
	start := time.Now()
	status, _, body := call(t, http.MethodGet, s.URL+"/__sandbox/requests?namespace="+ns, admin(), nil)
	took := time.Since(start)
	if status != http.StatusOK {
		t.Fatalf("GET /__sandbox/requests: %d %.300s", status, body)
	}
	var list struct{ Requests []namespace.Entry }
	if err := json.Unmarshal(body, &list); err != nil {
		t.Fatal(err)
	}
	return list.Requests, len(body), took
}

// TestRow1BigBodiesKeepTheJournalBounded: 400 adds with a 1 MB first name
// into one namespace. The journal keeps a 64 KiB prefix of each body and
// response, marked as cut with the whole size, and at most 8 MiB of
// entries per namespace: reading it back is a few MB, at once, and memory
// stays flat. The 400 customers are stored (470 MB of file): the pages of
// it bbolt touches count in the total RSS (fileBacked), the anonymous
// memory stays under MaxRSS.
func TestRow1BigBodiesKeepTheJournalBounded(t *testing.T) {
	gate(t)
	s := serve(t, "--data", t.TempDir()+"/c.db", "--sync", "none", "--admin-token", token)
	s.fileBacked = true
	name := strings.Repeat("a", 1_000_000)
	var failed atomic.Int64
	parallel(400, 2, func(i int) {
		status, _, _, err := try(http.MethodPost, s.URL+addPath, vendor("big"), addBody(int64(7000000000+i), name))
		if err != nil || status != http.StatusOK {
			failed.Add(1)
		}
	})
	if n := failed.Load(); n > 0 {
		t.Errorf("%d of 400 adds failed", n)
	}
	entries, size, took := journal(t, s, "big")
	t.Logf("row 1: journal of 400 adds of 1 MB: %d entries, %.1f MB read in %v", len(entries), float64(size)/(1<<20), took)
	if size > 12<<20 || took > 2*time.Second {
		t.Errorf("GET /__sandbox/requests answered %d bytes in %v; want at most 12 MB (the 8 MiB namespace budget, JSON-escaped) within 2 s", size, took)
	}
	if len(entries) == 0 {
		t.Fatal("nothing journalled")
	}
	for _, e := range entries {
		if !e.BodyCut || e.BodySize < 1_000_000 || len(e.Body) > namespace.DefaultEntryBytes {
			t.Fatalf("entry %d: body of %d bytes, cut %v, size %d; want a cut prefix of at most %d and the whole size",
				e.Seq, len(e.Body), e.BodyCut, e.BodySize, namespace.DefaultEntryBytes)
		}
	}
	s.finish(t, "row 1")
}

// TestRow8UpdateTakesOneCustomer: customer/update with 36,000 customers in
// 1 MB is refused at once with the vendor's batch-limit code 1060: the
// vendor's update takes one customer per call.
func TestRow8UpdateTakesOneCustomer(t *testing.T) {
	gate(t)
	s := serve(t, "--data", t.TempDir()+"/c.db", "--sync", "none", "--admin-token", token)
	var b bytes.Buffer
	b.WriteString(`{"root":{"customer":[`)
	for i := 0; b.Len() < 1_000_000-40; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"mobile":"91%010d"}`, 8000000000+i)
	}
	b.WriteString(`]}}`)
	items := bytes.Count(b.Bytes(), []byte(`"mobile"`))
	start := time.Now()
	status, h, body := call(t, http.MethodPost, s.URL+"/v1.1/customer/update?format=json", vendor(""), b.Bytes())
	took := time.Since(start)
	t.Logf("row 8: update of %d customers in %d bytes: HTTP %d, %d bytes in %v", items, b.Len(), status, len(body), took)
	wantVendorError(t, status, h, body, sandbox.StatusBatchLimit, http.StatusBadRequest, "one customer per call")
	if took > 2*time.Second || len(body) > 1024 {
		t.Errorf("answered %d bytes in %v; want a short refusal at once", len(body), took)
	}
	one := []byte(`{"root":{"customer":[{"mobile":"918000000000","firstname":"One"}]}}`)
	if status, _, body := call(t, http.MethodPost, s.URL+"/v1.1/customer/update?format=json", vendor(""), one); status != http.StatusOK {
		t.Errorf("update of one customer: %d %.300s", status, body)
	}
	s.finish(t, "row 8")
}

// TestRow9BigDescriptionsAreRefused: a scenario with a 3.9 MB description
// PUT into 60 namespaces is refused each time (the scenario file limit,
// 413); a description over its own limit in a small file is refused too;
// memory stays flat.
func TestRow9BigDescriptionsAreRefused(t *testing.T) {
	gate(t)
	s := serve(t, "--data", t.TempDir()+"/c.db", "--sync", "none", "--admin-token", token)
	huge := []byte("name: huge\nextends: default\ndescription: " + strings.Repeat("d", 3_900_000) + "\n")
	for i := range 60 {
		status, h, body := call(t, http.MethodPut, fmt.Sprintf("%s/__sandbox/scenario?namespace=d%d", s.URL, i), admin(), huge)
		if status != http.StatusRequestEntityTooLarge || !strings.Contains(h.Get("X-Sandbox-Explain"), "max-scenario-bytes") {
			t.Fatalf("namespace d%d: %d %q %.200s, want 413 naming --max-scenario-bytes", i, status, h.Get("X-Sandbox-Explain"), body)
		}
	}
	long := []byte("name: long\nextends: default\ndescription: " + strings.Repeat("d", 5000) + "\n")
	status, h, body := call(t, http.MethodPut, s.URL+"/__sandbox/scenario?namespace=long", admin(), long)
	if status != http.StatusRequestEntityTooLarge || !strings.Contains(h.Get("X-Sandbox-Explain"), "max-description-bytes") {
		t.Errorf("5,000-byte description: %d %q %.200s, want 413 naming --max-description-bytes", status, h.Get("X-Sandbox-Explain"), body)
	}
	_, _, body = call(t, http.MethodGet, s.URL+"/__sandbox/scenario?namespace=long", admin(), nil)
	if !bytes.Contains(body, []byte(`"name":"default"`)) {
		t.Errorf("a refused switch changed the scenario: %.200s", body)
	}
	s.finish(t, "row 9")
}

// TestRow10SecretsAreNotJournalled: credentials and any header named like
// a token, secret, password or key are journalled as *** (Basic
// credentials keep the till); their values appear nowhere in the journal.
func TestRow10SecretsAreNotJournalled(t *testing.T) {
	gate(t)
	s := serve(t, "--data", t.TempDir()+"/c.db", "--sync", "none", "--admin-token", token)
	h := vendor("")
	secrets := map[string]string{"Cookie": "session=s3cr3t-cookie", "Proxy-Authorization": "Basic cHJveHk6czNjcjN0",
		"X-Cap-Api-Oauth-Token": "s3cr3t-oauth", "X-Api-Key": "s3cr3t-key", "X-Client-Secret": "s3cr3t-client",
		"X-Password": "s3cr3t-password"}
	for k, v := range secrets {
		h.Set(k, v)
	}
	if status, _, body := call(t, http.MethodPost, s.URL+addPath, h, addBody(9000000001, "Asha")); status != http.StatusOK {
		t.Fatalf("add: %d %.300s", status, body)
	}
	_, _, raw := call(t, http.MethodGet, s.URL+"/__sandbox/requests", admin(), nil)
	for k, v := range secrets {
		if bytes.Contains(raw, []byte(v)) {
			t.Errorf("the journal holds the value of %s", k)
		}
	}
	if bytes.Contains(raw, []byte("202cb962ac59075b964b07152d234b70")) {
		t.Errorf("the journal holds the till's password hash")
	}
	entries, _, _ := journal(t, s, "default")
	e := entries[len(entries)-1]
	for k := range secrets {
		if got := e.Headers[k]; len(got) != 1 || got[0] != "***" {
			t.Errorf("journalled %s = %q, want ***", k, got)
		}
	}
	if got := e.Headers["Authorization"]; len(got) != 1 || got[0] != "Basic till1:***" {
		t.Errorf("journalled Authorization %q, want the till without its password", got)
	}
	s.finish(t, "row 10")
}
