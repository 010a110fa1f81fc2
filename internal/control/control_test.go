package control_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/control"
	"github.com/capsandbox/capsandbox/internal/server"
)

func TestHealthReadiness(t *testing.T) {
	e := newEnv(t, server.Options{Version: "v-test"})
	var h control.Health
	e.call(http.MethodGet, "/__sandbox/health", "", http.StatusOK, &h)
	if !h.Ready || h.Status != "ok" || h.Version != "v-test" || h.Scenario != "default" || h.Scenarios < 1 {
		t.Errorf("health once open = %+v", h)
	}
	// Once the store is closed the server is no longer ready.
	if err := e.srv.Close(); err != nil {
		t.Fatal(err)
	}
	e.call(http.MethodGet, "/__sandbox/health", "", http.StatusServiceUnavailable, &h)
	if h.Ready || h.Status != "starting" {
		t.Errorf("health after close = %+v", h)
	}
}

func TestHealthBeforeStoreOpens(t *testing.T) {
	e := newEnv(t, server.Options{})
	ready := false
	api := &control.API{Spaces: e.srv.Spaces, Ready: func() bool { return ready }}
	srv := newEcho(api)
	for _, tc := range []struct {
		ready bool
		want  int
	}{{false, http.StatusServiceUnavailable}, {true, http.StatusOK}} {
		ready = tc.ready
		rec := serve(srv, http.MethodGet, "/__sandbox/health", "")
		if rec.Code != tc.want {
			t.Errorf("ready=%v: HTTP %d, want %d: %s", tc.ready, rec.Code, tc.want, rec.Body)
		}
	}
}

// TestControlAloneRendersItsErrors: mounted on its own (no vendor API, no
// error handler of the server), the control API still answers its
// failures as JSON, after the token check.
func TestControlAloneRendersItsErrors(t *testing.T) {
	e := newEnv(t, server.Options{})
	srv := newEcho(&control.API{Spaces: e.srv.Spaces, Token: "s3cret"})
	for _, tc := range []struct {
		target, auth string
		want         int
		body         string
	}{
		{"/__sandbox/nope", "", http.StatusUnauthorized, `{"error":"the control API needs Authorization: Bearer`},
		{"/__sandbox/nope", "Bearer s3cret", http.StatusNotFound, `{"error":"no control route GET /__sandbox/nope`},
		{"/__sandbox/customers?namespace=bad%20name", "Bearer s3cret", http.StatusBadRequest, `{"error":"namespace \"bad name\"`},
	} {
		req := httptest.NewRequest(http.MethodGet, tc.target, nil)
		if tc.auth != "" {
			req.Header.Set("Authorization", tc.auth)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != tc.want || !strings.HasPrefix(rec.Body.String(), tc.body) {
			t.Errorf("GET %s (%q): %d %s, want %d %s", tc.target, tc.auth, rec.Code, rec.Body, tc.want, tc.body)
		}
	}
}

func TestAdminToken(t *testing.T) {
	tests := []struct {
		name, token, header string
		want                int
	}{
		{"no token configured, none sent", "", "", http.StatusOK},
		{"no token configured, one sent", "", "Bearer whatever", http.StatusOK},
		{"token configured, none sent", "s3cret", "", http.StatusUnauthorized},
		{"token configured, wrong one", "s3cret", "Bearer s3cres", http.StatusUnauthorized},
		{"token configured, wrong scheme", "s3cret", "Basic s3cret", http.StatusUnauthorized},
		{"token configured, right one", "s3cret", "Bearer s3cret", http.StatusOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, server.Options{AdminToken: tc.token})
			var hdr []string
			if tc.header != "" {
				hdr = append(hdr, "Authorization: "+tc.header)
			}
			for _, path := range []string{"/__sandbox/customers", "/__sandbox/requests", "/__sandbox/scenario", "/__sandbox/openapi.json"} {
				rec := e.do(http.MethodGet, path, "", hdr...)
				if rec.Code != tc.want {
					t.Errorf("GET %s: HTTP %d, want %d: %s", path, rec.Code, tc.want, rec.Body)
				}
				if tc.want == http.StatusUnauthorized && !strings.Contains(errorOf(t, rec), "Bearer") {
					t.Errorf("GET %s: 401 body does not say what to send: %s", path, rec.Body)
				}
			}
			if rec := e.do(http.MethodGet, "/__sandbox/health", ""); rec.Code != http.StatusOK {
				t.Errorf("health needs no token, got HTTP %d", rec.Code)
			}
		})
	}
}

func TestControlErrorsAreJSON(t *testing.T) {
	e := newEnv(t, server.Options{})
	tests := []struct {
		method, target string
		want           int
		mention        string
	}{
		{http.MethodGet, "/__sandbox/nope", http.StatusNotFound, "no control route GET /__sandbox/nope"},
		{http.MethodGet, "/__sandbox/scenarios/x/y", http.StatusNotFound, "no control route"},
		{http.MethodPost, "/__sandbox/health", http.StatusMethodNotAllowed, "allowed methods are GET"},
		{http.MethodGet, "/__sandbox/customers?namespace=bad%20name", http.StatusBadRequest, `namespace "bad name"`},
		{http.MethodGet, "/__sandbox/customers?limit=0", http.StatusBadRequest, "limit must be"},
		{http.MethodGet, "/__sandbox/customers?user_id=x", http.StatusBadRequest, "user_id must be"},
		{http.MethodGet, "/__sandbox/requests?status=6xx", http.StatusBadRequest, "status must be"},
		{http.MethodGet, "/__sandbox/requests?since=yesterday", http.StatusBadRequest, "since must be"},
		{http.MethodPut, "/__sandbox/scenario?name=no-such", http.StatusNotFound, `unknown scenario "no-such"`},
		{http.MethodPut, "/__sandbox/scenario", http.StatusBadRequest, "name a scenario"},
	}
	for _, tc := range tests {
		rec := e.do(tc.method, tc.target, "")
		if rec.Code != tc.want {
			t.Errorf("%s %s: HTTP %d, want %d: %s", tc.method, tc.target, rec.Code, tc.want, rec.Body)
			continue
		}
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("%s %s: Content-Type %q", tc.method, tc.target, ct)
		}
		if msg := errorOf(t, rec); !strings.Contains(msg, tc.mention) {
			t.Errorf("%s %s: error %q does not mention %q", tc.method, tc.target, msg, tc.mention)
		}
	}
}

func TestNamespaceFromHeaderOrQuery(t *testing.T) {
	e := newEnv(t, server.Options{})
	e.add("from-header", `{"root":{"customer":[{"mobile":"919800000010"}]}}`)
	var list control.CustomerList
	e.call(http.MethodGet, "/__sandbox/customers", "", http.StatusOK, &list, "X-Sandbox-Namespace: from-header")
	if list.Namespace != "from-header" || list.Total != 1 {
		t.Errorf("by header: %+v", list)
	}
	// The query parameter wins over the header.
	e.call(http.MethodGet, "/__sandbox/customers?namespace=other", "", http.StatusOK, &list, "X-Sandbox-Namespace: from-header")
	if list.Namespace != "other" || list.Total != 0 {
		t.Errorf("by query: %+v", list)
	}
	e.call(http.MethodGet, "/__sandbox/customers", "", http.StatusOK, &list)
	if list.Namespace != "default" || list.Total != 0 {
		t.Errorf("default: %+v", list)
	}
}
