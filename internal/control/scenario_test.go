package control_test

import (
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/control"
	"github.com/capsandbox/capsandbox/internal/server"
)

const smallOrgYAML = `name: small
description: a small org for control tests
org:
  id: 9
  name: small org
  time_zone: Asia/Kolkata
  user_id_start: 700
  tills:
    - {username: counter, password: pw, store_code: s1}
  country:
    base: {name: India, code: "91", lengths: [10]}
  configs:
    CONF_REGISTRATION_PRIMARY_KEY: mobile
`

func TestPutScenarioYAML(t *testing.T) {
	e := newEnv(t, server.Options{})
	var info control.ScenarioInfo
	e.call(http.MethodPut, "/__sandbox/scenario?namespace=ns1", smallOrgYAML, http.StatusOK, &info, "Content-Type: application/yaml")
	if info.Name != "small" || info.Namespace != "ns1" || len(info.Tills) != 1 || info.Tills[0].Username != "counter" {
		t.Errorf("PUT answer = %+v", info)
	}
	rec := e.do(http.MethodGet, "/__sandbox/scenario?namespace=ns1&format=yaml", "")
	if rec.Body.String() != smallOrgYAML {
		t.Errorf("GET ?format=yaml did not return the YAML sent:\n%s", rec.Body)
	}
	e.call(http.MethodGet, "/__sandbox/scenario", "", http.StatusOK, &info)
	if info.Name != "default" || info.Namespace != "default" {
		t.Errorf("the default namespace changed too: %+v", info)
	}
}

func TestPutScenarioBadYAML(t *testing.T) {
	e := newEnv(t, server.Options{})
	bad := strings.Replace(smallOrgYAML, "  time_zone: Asia/Kolkata\n", "  time_zone: Asia/Kolkata\n  colour: blue\n", 1)
	rec := e.do(http.MethodPut, "/__sandbox/scenario", bad, "Content-Type: application/yaml")
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("HTTP %d, want 400: %s", rec.Code, rec.Body)
	}
	var body control.ErrorBody
	e.call(http.MethodPut, "/__sandbox/scenario", bad, http.StatusBadRequest, &body, "Content-Type: application/yaml")
	if len(body.Problems) == 0 || !strings.HasPrefix(body.Problems[0], "PUT /__sandbox/scenario:7:3: ") || !strings.Contains(body.Problems[0], "colour") {
		t.Errorf("problems do not name line 7, column 3 and the key: %+v", body)
	}
	var info control.ScenarioInfo
	e.call(http.MethodGet, "/__sandbox/scenario", "", http.StatusOK, &info)
	if info.Name != "default" {
		t.Errorf("a rejected scenario was applied: %+v", info)
	}
}

func TestScenariosReload(t *testing.T) {
	dir := t.TempDir()
	e := newEnv(t, server.Options{ScenariosDir: dir})
	names := func() []string {
		var l control.ScenarioList
		e.call(http.MethodGet, "/__sandbox/scenarios", "", http.StatusOK, &l)
		var out []string
		for _, s := range l.Scenarios {
			out = append(out, s.Name)
		}
		return out
	}
	if slices.Contains(names(), "small") {
		t.Fatal("small listed before it exists")
	}
	if err := os.WriteFile(filepath.Join(dir, "small.yaml"), []byte(smallOrgYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	var l control.ScenarioList
	e.call(http.MethodPost, "/__sandbox/scenarios/reload", "", http.StatusOK, &l)
	if got := names(); !slices.Contains(got, "small") || !slices.Contains(got, "default") {
		t.Errorf("after reload: %v", got)
	}
	var info control.ScenarioInfo
	e.call(http.MethodPut, "/__sandbox/scenario", `{"name":"small"}`, http.StatusOK, &info)
	if info.Name != "small" || info.Tills[0].Username != "counter" {
		t.Errorf("switch by JSON name: %+v", info)
	}

	// A broken file: the reload fails naming file and line, and the
	// library keeps what it had.
	if err := os.WriteFile(filepath.Join(dir, "broken.yaml"), []byte("name: broken\norg: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var eb control.ErrorBody
	e.call(http.MethodPost, "/__sandbox/scenarios/reload", "", http.StatusBadRequest, &eb)
	if len(eb.Problems) == 0 || !strings.Contains(eb.Problems[0], "broken.yaml:") {
		t.Errorf("reload problems = %+v", eb)
	}
	if !slices.Contains(names(), "small") {
		t.Error("a failed reload dropped the scenarios loaded before")
	}
}

func TestReset(t *testing.T) {
	e := newEnv(t, server.Options{})
	for _, ns := range []string{"one", "two"} {
		e.add(ns, `{"root":{"customer":[{"mobile":"919800000020"}]}}`)
	}
	var got map[string]any
	e.call(http.MethodPost, "/__sandbox/reset?namespace=one", "", http.StatusOK, &got)
	if got["reset"] != "one" || got["customers"] != float64(0) {
		t.Errorf("reset answer = %v", got)
	}
	count := func(ns string) int {
		var l control.CustomerList
		e.call(http.MethodGet, "/__sandbox/customers?namespace="+ns, "", http.StatusOK, &l)
		return l.Total
	}
	if count("one") != 0 || count("two") != 1 {
		t.Errorf("after reset of one: one=%d two=%d, want 0 and 1", count("one"), count("two"))
	}
	e.call(http.MethodPost, "/__sandbox/reset?all=true", "", http.StatusOK, &got)
	if count("two") != 0 {
		t.Errorf("after reset all: two=%d, want 0", count("two"))
	}
	var ns struct{ Namespaces []string }
	e.call(http.MethodGet, "/__sandbox/namespaces", "", http.StatusOK, &ns)
	if !slices.Contains(ns.Namespaces, "default") {
		t.Errorf("namespaces after reset all = %v", ns.Namespaces)
	}
}
