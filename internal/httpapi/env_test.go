package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/schema"
	"github.com/capsandbox/capsandbox/internal/server"
	"github.com/capsandbox/capsandbox/internal/testkit"
)

// auth is the Basic header of till1 / md5("123").
const auth = testkit.TillAuth

var fixedNow = time.Date(2025, 1, 10, 12, 0, 0, 0, time.UTC)

// env is an in-process server on the default scenario with a fixed clock.
type env struct {
	t   *testing.T
	srv *server.Server
}

func newEnv(t *testing.T) *env {
	t.Helper()
	srv := testkit.Server(t, server.Options{Seed: 1, Now: func() time.Time { return fixedNow }})
	return &env{t: t, srv: srv}
}

// req describes one request; zero fields take defaults (POST add, JSON
// with Content-Type application/json when there is a body, till1 auth,
// namespace "default"). contentType "none" sends no Content-Type.
type req struct {
	method, path, body, ns, contentType, accept, outcome string
	noAuth                                               bool
	authHeader                                           string
}

func (e *env) do(r req) *httptest.ResponseRecorder {
	e.t.Helper()
	if r.method == "" {
		r.method = http.MethodPost
	}
	if r.path == "" {
		r.path = "/v1.1/customer/add?format=json"
	}
	h := http.Header{}
	switch {
	case r.authHeader != "":
		h.Set("Authorization", r.authHeader)
	case !r.noAuth:
		h.Set("Authorization", auth)
	}
	switch {
	case r.contentType == "none":
		r.contentType = ""
	case r.contentType == "" && r.body != "":
		r.contentType = "application/json"
	}
	for k, v := range map[string]string{"Content-Type": r.contentType, "Accept": r.accept,
		"X-Sandbox-Namespace": r.ns, "X-Sandbox-Outcome": r.outcome} {
		if v != "" {
			h.Set(k, v)
		}
	}
	w := testkit.Do(e.srv.Handler(), r.method, r.path, r.body, h)
	if w.Header().Get("X-Cap-Requestid") == "" {
		e.t.Errorf("%s %s: no X-Cap-Requestid header", r.method, r.path)
	}
	return w
}

// configure switches namespace ns to the default scenario with configs,
// settings and (optionally) the org changed.
func (e *env) configure(ns string, configs map[string]string, settings func(*sandbox.Settings), orgs ...func(*sandbox.Org)) {
	e.t.Helper()
	n, err := e.srv.Spaces.Get(ns)
	if err != nil {
		e.t.Fatal(err)
	}
	base := e.srv.Spaces.Scenario()
	s := *base
	org := *base.Org
	org.Configs = base.Org.Configs.Clone()
	for k, v := range configs {
		if err := org.Configs.Set(k, v); err != nil {
			e.t.Fatal(err)
		}
	}
	for _, f := range orgs {
		f(&org)
	}
	s.Org = &org
	s.Settings.Labels = sandbox.DefaultSettings().Labels
	if settings != nil {
		settings(&s.Settings)
	}
	if err := n.SwitchScenario(&s); err != nil {
		e.t.Fatal(err)
	}
}

// customers returns how many customers namespace ns stores.
func (e *env) customers(ns string) int {
	e.t.Helper()
	n, err := e.srv.Spaces.Get(ns)
	if err != nil {
		e.t.Fatal(err)
	}
	count := 0
	err = n.View(func(tx sandbox.Tx) error {
		for id := int64(100000001); ; id++ {
			c, err := tx.ByUserID(id)
			if err != nil || c == nil {
				return err
			}
			count++
		}
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return count
}

var schemas = schema.Default()

// checkSchema validates a JSON vendor body against the schema for its
// endpoint and status.
func checkSchema(t *testing.T, name string, w *httptest.ResponseRecorder) {
	t.Helper()
	if !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		return
	}
	if w.Code != http.StatusOK {
		name = schema.RequestError
	}
	if probs := schemas.ValidateJSON(name, w.Body.Bytes()); len(probs) > 0 {
		t.Errorf("%s: body does not match schema %s: %v\n%s", t.Name(), name, probs, w.Body.String())
	}
}

// golden compares got with testdata/golden/name (rewritten with -update).
// JSON is compared in an indented form so diffs are readable; the bytes
// on the wire are compact.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	if strings.HasSuffix(name, ".json") {
		var buf bytes.Buffer
		if err := json.Indent(&buf, got, "", "  "); err != nil {
			t.Fatalf("%s: response is not JSON: %v\n%s", name, err, got)
		}
		got = append(buf.Bytes(), '\n')
	}
	testkit.Golden(t, filepath.Join("testdata", "golden", name), got)
}

type settingsT = sandbox.Settings
