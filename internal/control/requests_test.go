package control_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/control"
	"github.com/capsandbox/capsandbox/internal/namespace"
	"github.com/capsandbox/capsandbox/internal/server"
)

func TestRequestJournal(t *testing.T) {
	e := newEnv(t, server.Options{})
	ns := "X-Sandbox-Namespace: j"
	add := e.do(http.MethodPost, "/v1.1/customer/add?format=json", `{"root":{"customer":[{"mobile":"919800000050"}]}}`,
		"Authorization: "+till1Auth, ns)
	time.Sleep(2 * time.Millisecond) // entries 2 and 3 start strictly after entry 1
	e.do(http.MethodPost, "/v1.1/customer/add?format=json", `{"root":{"customer":[{"mobile":"919800000051"}]}}`,
		"Authorization: Basic dGlsbDE6d3Jvbmc=", ns)
	e.do(http.MethodGet, "/v1.1/customer/get?format=json&mobile=919800000050", "", "Authorization: "+till1Auth, ns)
	e.add("elsewhere", `{"root":{"customer":[{"mobile":"919800000052"}]}}`)

	all := journal(t, e, "")
	if len(all) != 3 {
		t.Fatalf("journal of j holds %d entries, want 3", len(all))
	}
	first := all[0]
	if first.Method != "POST" || first.Path != "/v1.1/customer/add" || first.Query != "format=json" || first.Status != 200 ||
		first.Body != `{"root":{"customer":[{"mobile":"919800000050"}]}}` || first.Response != add.Body.String() ||
		first.RequestID != add.Header().Get("X-Cap-Requestid") || first.DurationMS < 0 || first.Time.IsZero() {
		t.Errorf("first entry = %+v", first)
	}
	if auth := first.Headers["Authorization"]; len(auth) != 1 || auth[0] != "Basic till1:***" {
		t.Errorf("journalled Authorization = %v, want the password hidden", auth)
	}
	since := all[1].Time.Format(time.RFC3339Nano)
	filters := map[string][]int64{
		"path=/v1.1/customer/get":            {3},
		"path=/v1.1/customer/*":              {1, 2, 3},
		"method=get":                         {3},
		"status=401":                         {2},
		"status=2xx":                         {1, 3},
		"status=401,200":                     {1, 2, 3},
		"after=1":                            {2, 3},
		"limit=1":                            {3},
		"since=" + since:                     {2, 3},
		"path=/v1.1/customer/add&status=200": {1},
	}
	for q, want := range filters {
		var seqs []int64
		for _, en := range journal(t, e, q) {
			seqs = append(seqs, en.Seq)
		}
		if !equalSeqs(seqs, want) {
			t.Errorf("?%s = %v, want %v", q, seqs, want)
		}
	}
	e.call(http.MethodDelete, "/__sandbox/requests?namespace=j", "", http.StatusNoContent, nil)
	if n := len(journal(t, e, "")); n != 0 {
		t.Errorf("after DELETE the journal holds %d entries", n)
	}
	var other control.RequestList
	e.call(http.MethodGet, "/__sandbox/requests?namespace=elsewhere", "", http.StatusOK, &other)
	if len(other.Requests) != 1 || other.Cap != 1000 {
		t.Errorf("another namespace's journal = %d entries (cap %d), want 1 (cap 1000)", len(other.Requests), other.Cap)
	}
}

func journal(t *testing.T, e *env, query string) []namespace.Entry {
	t.Helper()
	var l control.RequestList
	target := "/__sandbox/requests?namespace=j"
	if query != "" {
		target += "&" + strings.ReplaceAll(query, "+", "%2B")
	}
	e.call(http.MethodGet, target, "", http.StatusOK, &l)
	return l.Requests
}

func equalSeqs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
