package control_test

import (
	"encoding/json"
	"net/http"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/control"
	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/server"
)

// The routes the web console reads: namespace details, journal filters
// by code and identifier, the code vocabulary and the settings in effect.

func TestNamespaceDetails(t *testing.T) {
	e := newEnv(t, server.Options{})
	e.add("busy", `{"root":{"customer":[{"mobile":"919800000080"},{"mobile":"919800000081"}]}}`)
	e.call(http.MethodPut, "/__sandbox/scenario?namespace=switched&name=duplicates", "", http.StatusOK, nil)
	details := func() map[string]control.NamespaceSummary {
		var l control.NamespaceList
		e.call(http.MethodGet, "/__sandbox/namespaces", "", http.StatusOK, &l)
		if len(l.Details) != len(l.Namespaces) {
			t.Fatalf("%d details for %d namespaces", len(l.Details), len(l.Namespaces))
		}
		out := map[string]control.NamespaceSummary{}
		for i, d := range l.Details {
			if d.Name != l.Namespaces[i] {
				t.Errorf("details[%d] is %q, namespaces[%d] %q", i, d.Name, i, l.Namespaces[i])
			}
			out[d.Name] = d
		}
		return out
	}
	got := details()
	busy, sw, def := got["busy"], got["switched"], got["default"]
	if busy.Scenario != "default" || busy.Customers != 2 || busy.Requests != 1 || busy.LastSeq != 1 ||
		busy.JournalCap != 1000 || busy.LastActivity == nil {
		t.Errorf("busy = %+v", busy)
	}
	if sw.Scenario != "duplicates" || sw.Customers != 21 || sw.Requests != 0 || sw.LastActivity != nil {
		t.Errorf("switched = %+v, want duplicates with its 21 customers and no requests", sw)
	}
	if def.Name != "default" || def.LastActivity != nil {
		t.Errorf("default = %+v", def)
	}
	// Clearing the journal keeps the count going and the last activity.
	e.call(http.MethodDelete, "/__sandbox/requests?namespace=busy", "", http.StatusNoContent, nil)
	if b := details()["busy"]; b.Requests != 0 || b.LastSeq != 1 || b.LastActivity == nil || !b.LastActivity.Equal(*busy.LastActivity) {
		t.Errorf("busy after clearing its journal = %+v", b)
	}
}

func TestRequestFilterByCodeAndIdentifier(t *testing.T) {
	e := newEnv(t, server.Options{})
	auth, ns := "Authorization: "+till1Auth, "X-Sandbox-Namespace: j"
	send := func(method, target, body string, headers ...string) {
		e.do(method, target, body, append(headers, auth, ns)...)
	}
	send(http.MethodPost, "/v1.1/customer/add?format=json", `{"root":{"customer":[{"mobile":"919800000060"}]}}`) // user 100000001
	send(http.MethodPost, "/v1.1/customer/add?format=json", `{"root":{"customer":[{"mobile":"919800000061"}]}}`, "X-Sandbox-Outcome: warning=1017")
	send(http.MethodGet, "/v1.1/customer/get?format=json&user_id=true&mobile=919800000060", "")
	send(http.MethodPost, "/v1.1/customer/add?format=xml", `<root><customer><mobile>919800000062</mobile><email>Qa.Tester@Example.com</email></customer></root>`,
		"Content-Type: application/xml")
	send(http.MethodGet, "/v1.1/customer/get?format=json&email=qa.tester%40example.com", "")
	send(http.MethodPost, "/v1.1/customer/add?format=json", `{"root":{"customer":[{"mobile":"919800000063"}]}}`, "X-Sandbox-Outcome: error=1001")

	filters := map[string][]int64{
		"code=1017":                                       {}, // a warning, not an item code
		"code=1001":                                       {6},
		"code=1000,1001":                                  {1, 2, 3, 4, 5, 6},
		"code=1000":                                       {1, 2, 3, 4, 5},
		"identifier=919800000060":                         {1, 3},
		"identifier=91980000006":                          {},     // part of a value is not the value
		"identifier=qa.tester@example.com":                {4, 5}, // any case, query decoded
		"identifier=QA.TESTER@EXAMPLE.COM":                {4, 5},
		"identifier=tester@example.com":                   {},     // the tail of an e-mail is not the e-mail
		"identifier=100000001":                            {1, 3}, // the user id in the answers
		"identifier=919800000061&identifier=919800000063": {2, 6},
		"identifier=919800000060&code=1017":               {},
		"identifier=919800000062&path=/v1.1/customer/add": {4},
	}
	for q, want := range filters {
		seqs := []int64{}
		for _, en := range journal(t, e, q) {
			seqs = append(seqs, en.Seq)
		}
		if !equalSeqs(seqs, want) {
			t.Errorf("?%s = %v, want %v", q, seqs, want)
		}
	}
	var l control.RequestList
	e.call(http.MethodGet, "/__sandbox/requests?namespace=j&code=99999", "", http.StatusOK, &l)
	if len(l.Requests) != 0 || l.LastSeq != 6 {
		t.Errorf("a filter matching nothing: %d entries, last_seq %d, want 0 and 6", len(l.Requests), l.LastSeq)
	}
	many := strings.Repeat("&identifier=x", control.MaxIdentifierFilters+1)
	for target, mention := range map[string]string{
		"/__sandbox/requests?code=abc": "code must be",
		"/__sandbox/requests?" + many:  "at most 8 identifier values",
	} {
		rec := e.do(http.MethodGet, target, "")
		if rec.Code != http.StatusBadRequest || !strings.Contains(errorOf(t, rec), mention) {
			t.Errorf("GET %s: HTTP %d %s, want 400 mentioning %q", target, rec.Code, rec.Body, mention)
		}
	}
}

// The journal keeps the answer's headers: the console shows them.
func TestJournalKeepsResponseHeaders(t *testing.T) {
	e := newEnv(t, server.Options{})
	rec := e.add("j", `{"root":{"customer":[{"mobile":"919800000064"}]}}`)
	en := journal(t, e, "")
	if len(en) != 1 {
		t.Fatalf("%d entries", len(en))
	}
	for _, h := range []string{"Content-Type", "X-Cap-Requestid"} {
		if got := en[0].ResponseHeaders[h]; len(got) != 1 || got[0] != rec.Header().Get(h) {
			t.Errorf("journalled response header %s = %v, sent %q", h, got, rec.Header().Get(h))
		}
	}
}

func TestCodesAreTheVocabulary(t *testing.T) {
	e := newEnv(t, server.Options{})
	var got control.Codes
	e.call(http.MethodGet, "/__sandbox/codes", "", http.StatusOK, &got)
	check := func(directive string, list []control.CodeText, want []sandbox.Code, text func(sandbox.Code) string) {
		if len(list) != len(want) {
			t.Errorf("%s: %d codes, want %d", directive, len(list), len(want))
		}
		for _, c := range list {
			if _, err := sandbox.ParseOutcome(directive + "=" + itoa(c.Code)); err != nil {
				t.Errorf("%s=%d is listed but the header rejects it: %v", directive, c.Code, err)
			}
			if c.Message == "" || c.Message != text(sandbox.Code(c.Code)) {
				t.Errorf("%s=%d: message %q, want %q", directive, c.Code, c.Message, text(sandbox.Code(c.Code)))
			}
		}
	}
	check("warning", got.Warnings, sandbox.WarningCodes(), func(c sandbox.Code) string { return sandbox.WarningText(c, "") })
	check("error", got.Errors, sandbox.ItemErrorCodes(), sandbox.ItemMessage)
	var forcible []sandbox.Code
	for _, c := range sandbox.RequestCodes() {
		if c != sandbox.StatusSuccess && c != sandbox.StatusPartial {
			forcible = append(forcible, c)
		}
	}
	check("status", got.Statuses, forcible, sandbox.RequestMessage)
	for _, s := range got.Statuses {
		if s.HTTPStatus != sandbox.HTTPStatus(sandbox.Code(s.Code)) {
			t.Errorf("status %d: http_status %d", s.Code, s.HTTPStatus)
		}
	}
	if got.MaxDelay != "30s" {
		t.Errorf("max_delay = %q", got.MaxDelay)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestScenarioSettings(t *testing.T) {
	e := newEnv(t, server.Options{})
	var def, dup control.ScenarioSettings
	e.call(http.MethodGet, "/__sandbox/scenario/settings", "", http.StatusOK, &def)
	e.call(http.MethodPut, "/__sandbox/scenario?namespace=d&name=duplicates", "", http.StatusOK, nil)
	e.call(http.MethodGet, "/__sandbox/scenario/settings?namespace=d", "", http.StatusOK, &dup)
	if def.Name != "default" || dup.Name != "duplicates" || dup.Extends != "default" || dup.Namespace != "d" {
		t.Errorf("names: %q %q extends %q in %q", def.Name, dup.Name, dup.Extends, dup.Namespace)
	}
	if len(def.Tills) == 0 || def.Tills[0].Username != "till1" || def.Tills[0].PasswordMD5 != "202cb962ac59075b964b07152d234b70" {
		t.Errorf("tills = %+v", def.Tills)
	}
	value := func(s []control.Setting, key string) string {
		for _, x := range s {
			if x.Key == key {
				return x.Value
			}
		}
		t.Errorf("no setting %s", key)
		return ""
	}
	if value(def.Settings, "duplicate_policy") != "upsert" || value(dup.Settings, "duplicate_policy") != "reject" ||
		value(def.Settings, "batch_limit") != "100" || value(def.Settings, "max_future_registration") != "24h0m0s" ||
		value(def.Configs, "CONF_REGISTRATION_PRIMARY_KEY") != "mobile" {
		t.Errorf("values: %+v / %+v", def.Settings, def.Configs)
	}
	// Every key of the scenario schema's sandbox: block, each documented.
	var schema struct {
		Properties struct {
			Sandbox struct {
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"sandbox"`
		} `json:"properties"`
	}
	data, err := os.ReadFile("../../schemas/scenario.schema.json")
	if err != nil || json.Unmarshal(data, &schema) != nil {
		t.Fatal(err)
	}
	var want, keys []string
	for k := range schema.Properties.Sandbox.Properties {
		want = append(want, k)
	}
	for _, s := range def.Settings {
		keys = append(keys, s.Key)
		if s.Doc == "" {
			t.Errorf("setting %s has no doc", s.Key)
		}
	}
	sort.Strings(want)
	sort.Strings(keys)
	if !slices.Equal(keys, want) {
		t.Errorf("settings keys %v, schema keys %v", keys, want)
	}
	if len(def.Configs) != len(sandbox.ConfigDefs) {
		t.Errorf("%d configs, want %d", len(def.Configs), len(sandbox.ConfigDefs))
	}
	magic := 0
	for _, r := range def.Rules {
		if r.Magic && strings.HasPrefix(r.Outcome, "warning=") && r.Match["email"] != nil && strings.Contains(r.Where, "default") {
			magic++
		}
	}
	if magic != 1 {
		t.Errorf("rules of default = %+v, want its magic +w rule", def.Rules)
	}
}

// The console's files are in the OpenAPI document as UI assets, open to
// all (they hold no data).
func TestOpenAPIMarksTheConsoleAsUIAssets(t *testing.T) {
	doc := openAPIDoc(t, newEnv(t, server.Options{}))
	paths := doc["paths"].(map[string]any)
	for _, p := range []string{control.ConsolePath, control.ConsolePath + "/"} {
		op, _ := paths[p].(map[string]any)["get"].(map[string]any)
		if op == nil {
			t.Errorf("no GET %s in the document", p)
			continue
		}
		if tags, _ := op["tags"].([]any); len(tags) != 1 || !strings.Contains(tags[0].(string), "UI assets") {
			t.Errorf("GET %s: tags %v", p, op["tags"])
		}
		if sec, _ := op["security"].([]any); len(sec) != 1 || len(sec[0].(map[string]any)) != 0 {
			t.Errorf("GET %s: security %v, want none", p, op["security"])
		}
	}
}
