package server_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/scenario"
)

// builtinCase replays the request a built-in scenario's comment block
// promises a behaviour for. The whole transcript is a golden file; expect
// names the fragments that behaviour consists of, so a careless -update
// cannot hide a regression.
type builtinCase struct {
	scenario string
	steps    []step
	expect   []string
}

const (
	takenNewMobile = `{"root":{"customer":[{"mobile":"919800000002","email":"taken@example.com"}]}}`
	ashaBody       = `{"root":{"customer":[{"mobile":"919876543210","email":"asha@example.com","firstname":"Asha"}]}}`
)

var builtinCases = []builtinCase{
	{"default", []step{add(ashaBody), add(ashaBody), get("mobile=919876543210")},
		[]string{`"message":"Customer registration successful"`, `"message":"Customer successfully updated"`,
			`"message":"Customer successfully retrieved"`}},
	{"strict-primary", []step{add(takenNewMobile)},
		[]string{`"code":"1047","message":"Customer's primary identifier not matching with other identifiers."`,
			`"code":500,"message":"All requests have failed due to errors"`}},
	{"skip-secondary", []step{add(takenNewMobile), get("email=taken@example.com")},
		[]string{`"mobile":"919800000002","email":null`, `"code":"1000","message":"Customer registration successful"`,
			`"mobile":"919800000001","email":"taken@example.com"`}},
	{"email-primary", []step{add(`{"root":{"customer":[{"email":"asha@example.com","firstname":"Asha"},{"mobile":"919876543210"}]}}`)},
		[]string{`"code":201`, `"code":"1000","message":"Customer registration successful"`,
			`"code":"1039","message":"Unable to register. Email ID is required."`}},
	{"external-id-primary", []step{add(`{"root":{"customer":[{"external_id":"123445901","registered_on":"2024-07-29 11:11:11","registered_till":"till_name","associated_with":"till_name"},{"mobile":"919876543210"}]}}`)},
		[]string{`"mobile":null,"email":null,"external_id":"123445901"`, `"current_slab":null,"tier_expiry_date":null,"points_summaries":{"points_summary":[]}`, `"registered_on":"2025-01-10 12:00:00"`,
			`"code":"1043","message":"Unable to register. Customer’s external id is required."`}},
	{"identifier-updates", []step{
		add(`{"root":{"customer":[{"mobile":"919800000001","email":"new@example.com","external_id":"EXT-NEW"}]}}`),
		{path: "/v1.1/customer/update?format=json", body: `{"root":{"customer":[{"email":"new@example.com","mobile":"919800000009"}]}}`}},
		[]string{`"mobile":"919800000001","email":"new@example.com","external_id":"EXT-NEW"`,
			`"mobile":"919800000009","email":"new@example.com"`, `"message":"Customer successfully updated","warnings":{"warning":[]}`}},
	{"required-fields", []step{add(`{"root":{"customer":[{"mobile":"919876543210"},{"mobile":"919876543211","email":"b@example.com"},{"mobile":"919876543212","email":"c@example.com","external_id":"EXT-3"}]}}`)},
		[]string{`"code":"1039"`, `"code":"1043"`, `"code":"1000","message":"Customer registration successful"`}},
	{"welcome-coupon", []step{add(seedRequest1)},
		[]string{`"external_id":"000003880203"`, `"coupon_code":"1VSD3JPP"`, `"type":"coupon"`, `"warning":["1017"]`}},
	{"welcome-points", []step{add(seedRequest2)},
		[]string{`"awarded_points":100,"total_points":100,"type":"points"`, `"loyalty_points":100`}},
	{"welcome-alt-currency", []step{add(altCurrencyRequest)},
		[]string{`"alternate_currency_identifier":"rgpws7","alternate_currency_name":"ac1","awarded_value":"110","type":"alternate_currency"`,
			`"current_slab":"NONE"`}},
	{"warning-1017", []step{add(`{"root":{"customer":[{"mobile":"919876543210","firstname":"Asha"}]}}`), get("mobile=919876543210")},
		[]string{`"message":"Customer registration successful, Provided Custom Field is invalid","warnings":{"warning":["1017"]}`,
			`"message":"Customer successfully retrieved","warnings":{"warning":[]}`}},
	{"duplicates", []step{add(`{"root":{"customer":[{"mobile":"919800000001"},{"mobile":"919800000002","email":"taken@example.com"},{"mobile":"919800000003","external_id":"EXT-TAKEN"}]}}`)},
		[]string{`"code":"1032"`, `"code":"1016"`, `"code":"1033"`, `"code":500`}},
	{"outage", []step{
		add(`{"root":{"customer":[{"mobile":"915550000001"}]}}`),
		add(`{"root":{"customer":[{"mobile":"917770000001"}]}}`),
		add(`{"root":{"customer":[{"mobile":"917770000001"}]}}`),
		add(`{"root":{"customer":[{"mobile":"917770000001"}]}}`),
		get("mobile=917770000001"),
		add(ashaBody, "X-Outage", "down")},
		[]string{"< HTTP 503", `"code":503,"message":"Authorization status unavailable!`, `"code":"1000","message":"Customer registration successful"`}},
	{"rate-limited", []step{get("mobile=919876543210"), get("mobile=919876543210"), get("mobile=919876543210"),
		get("mobile=919876543210"), get("mobile=919876543210"), get("mobile=919876543210")},
		[]string{"< HTTP 429\n< Retry-After: 12\n", `"code":429,"message":"Rate limit exceeded`}},
}

// TestBuiltinScenarios: every built-in scenario loads, and the request its
// comment block gives shows the behaviour it promises (golden transcripts,
// every body valid against schemas/).
func TestBuiltinScenarios(t *testing.T) {
	lib, err := scenario.NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	var covered []string
	for _, c := range builtinCases {
		covered = append(covered, c.scenario)
		t.Run(c.scenario, func(t *testing.T) {
			w := newWorld(t, c.scenario, goldenNow, 1)
			got := transcript(c.steps, w.run(c.steps))
			for _, f := range c.expect {
				if !bytes.Contains(got, []byte(f)) {
					t.Errorf("transcript lacks %s", f)
				}
			}
			golden(t, "builtin-"+c.scenario, got)
		})
	}
	sort.Strings(covered)
	if names := lib.Names(); !equalStrings(names, covered) {
		t.Errorf("built-in scenarios %v, cases for %v: every built-in needs a case", names, covered)
	}
}

// TestOutageSlowMobiles: mobiles 91666… answer after 1.5 s, correctly.
func TestOutageSlowMobiles(t *testing.T) {
	w := newWorld(t, "outage", goldenNow, 1)
	w.run([]step{get("mobile=919876543210"), get("mobile=919876543210")}) // the namespace's two failures
	r := w.do(add(`{"root":{"customer":[{"mobile":"916660000001"}]}}`))
	if r.status != 200 || r.elapsed < 1500*time.Millisecond {
		t.Fatalf("status %d after %v; want 200 after at least 1.5s\n%s", r.status, r.elapsed, r.body)
	}
	mustContain(t, "slow add", r.body, `"code":"1000","message":"Customer registration successful"`)
}

// TestOutageFailsTwiceForAnyClient: in outage, a client that knows no
// magic values sees the first two requests of its namespace fail with 503
// and the third succeed; another namespace, and the same one after a
// reset, see it again.
func TestOutageFailsTwiceForAnyClient(t *testing.T) {
	w := newWorld(t, "outage", goldenNow, 1)
	plain := func(ns string) step { return add(ashaBody, "X-Sandbox-Namespace", ns) }
	for _, ns := range []string{"qa-1", "qa-2"} {
		var got []int
		for _, r := range w.run([]step{plain(ns), plain(ns), plain(ns), plain(ns)}) {
			got = append(got, r.status)
		}
		if fmt.Sprint(got) != "[503 503 200 200]" {
			t.Errorf("namespace %s: HTTP %v, want [503 503 200 200]", ns, got)
		}
	}
	reset := httptest.NewRequest(http.MethodPost, "/__sandbox/reset?namespace=qa-1", nil)
	w.srv.Handler().ServeHTTP(httptest.NewRecorder(), reset)
	if r := w.do(plain("qa-1")); r.status != 503 {
		t.Errorf("after a reset: HTTP %d, want 503", r.status)
	}
}

// TestBuiltinTills: every built-in has till1 / 123 and opens with the
// schema comment.
func TestBuiltinTills(t *testing.T) {
	lib, err := scenario.NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range lib.Names() {
		s, err := lib.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		till, ok := s.Org.TillByName("till1")
		if !ok || till.Password != "123" {
			t.Errorf("%s: no till till1 with password 123", name)
		}
		if !bytes.HasPrefix(s.YAML, []byte("# yaml-language-server: $schema=../schemas/scenario.schema.json\n#\n# "+name+" ")) {
			t.Errorf("%s: must open with the schema comment and a comment block naming it", name)
		}
		if !bytes.Contains(s.YAML, []byte("# Try it")) {
			t.Errorf("%s: the comment block needs a copy-paste request (\"# Try it\")", name)
		}
	}
}

func equalStrings(a, b []string) bool {
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
