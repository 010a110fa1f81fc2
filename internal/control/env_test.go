package control_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/server"
	"github.com/capsandbox/capsandbox/internal/testkit"
)

// till1Auth is Basic till1:md5hex("123"), valid in every built-in scenario.
const till1Auth = testkit.TillAuth

// env is an in-process server driven through its handler.
type env struct {
	t   testing.TB
	srv *server.Server
}

func newEnv(t testing.TB, opts server.Options) *env {
	t.Helper()
	return &env{t: t, srv: testkit.Server(t, opts)}
}

// do sends a request; headers come as "Name: value" strings.
func (e *env) do(method, target, body string, headers ...string) *httptest.ResponseRecorder {
	e.t.Helper()
	header := http.Header{}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		header.Set(k, v)
	}
	if body != "" && header.Get("Content-Type") == "" {
		header.Set("Content-Type", "application/json")
	}
	return testkit.Do(e.srv.Handler(), method, target, body, header)
}

// call sends a request, checks the status and decodes a JSON answer into
// out (when not nil).
func (e *env) call(method, target, body string, want int, out any, headers ...string) {
	e.t.Helper()
	rec := e.do(method, target, body, headers...)
	if rec.Code != want {
		e.t.Fatalf("%s %s: HTTP %d, want %d: %s", method, target, rec.Code, want, rec.Body)
	}
	if out != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
			e.t.Fatalf("%s %s: %v: %s", method, target, err, rec.Body)
		}
	}
}

// add registers customers in namespace ns and returns the answer.
func (e *env) add(ns, body string) *httptest.ResponseRecorder {
	e.t.Helper()
	rec := e.do(http.MethodPost, "/v1.1/customer/add?format=json", body, "Authorization: "+till1Auth, "X-Sandbox-Namespace: "+ns)
	if rec.Code != http.StatusOK {
		e.t.Fatalf("customer/add in %s: HTTP %d: %s", ns, rec.Code, rec.Body)
	}
	return rec
}

// errorOf decodes a control error body.
func errorOf(t testing.TB, rec *httptest.ResponseRecorder) string {
	t.Helper()
	var b struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &b); err != nil || b.Error == "" {
		t.Fatalf("not a control error body (%v): %s", err, rec.Body)
	}
	return b.Error
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t testing.TB, name string, got []byte) {
	t.Helper()
	testkit.Golden(t, filepath.Join("testdata", name), got)
}
