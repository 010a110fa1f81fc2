package server_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// Forced outcomes (docs/SCENARIOS.md, "Forcing an outcome"): the
// X-Sandbox-Outcome header, the default
// scenario's magic values, scenario rules, and their precedence.

const outcomeHeader = "X-Sandbox-Outcome"

func one(mobile, email string) string {
	return fmt.Sprintf(`{"root":{"customer":[{"mobile":%q,"email":%q}]}}`, mobile, email)
}

// TestOutcomeHeader: every directive, several at once, and the 400 naming
// an unknown directive or code.
func TestOutcomeHeader(t *testing.T) {
	steps := []step{
		add(one("919800000001", "a@example.com"), outcomeHeader, "warning=1017"),
		add(one("919800000002", "b@example.com"), outcomeHeader, "warning=1017, warning=91006"),
		add(one("919800000003", "c@example.com"), outcomeHeader, "error=1001"),
		add(`{"root":{"customer":[{"mobile":"919800000004"},{"mobile":"919800000005"}]}}`, outcomeHeader, "error=1032"),
		add(one("919800000006", "d@example.com"), outcomeHeader, "status=503"),
		add(one("919800000006", "d@example.com"), outcomeHeader, "status=1060"),
		add(one("919800000006", "d@example.com"), outcomeHeader, "delay=20ms,warning=1053"),
		get("mobile=919800000001", outcomeHeader, "error=8109"),
		get("mobile=919800000001", outcomeHeader, "warning=91001"),
		{path: "/v1.1/customer/update?format=json", body: `{"root":{"customer":[{"mobile":"919800000001"}]}}`,
			header: map[string]string{outcomeHeader: "error=1024"}},
		add(one("919800000007", "e@example.com"), outcomeHeader, "explode=1"),
		add(one("919800000007", "e@example.com"), outcomeHeader, "error=1"),
		add(one("919800000007", "e@example.com"), outcomeHeader, "warning=1001"),
		add(one("919800000007", "e@example.com"), outcomeHeader, "delay=1h"),
		add(one("919800000007", "e@example.com"), outcomeHeader, "reset=now"),
	}
	w := newWorld(t, "default", goldenNow, 1)
	replies := w.run(steps)
	if replies[6].elapsed < 20*time.Millisecond {
		t.Errorf("delay=20ms answered after %v", replies[6].elapsed)
	}
	for i, want := range map[int]string{10: `\"explode\"`, 11: `\"1\" is not an item error code`,
		12: `\"1001\" is not a warning code`, 13: `delay=1h`, 14: `reset takes no value`} {
		explain := replies[i].header.Get("X-Sandbox-Explain")
		if replies[i].status != http.StatusBadRequest || !strings.Contains(strconv.Quote(explain), want) {
			t.Errorf("step %d: want HTTP 400 with X-Sandbox-Explain naming %s, got %d %q", i+1, want, replies[i].status, explain)
		}
	}
	got := transcript(steps, replies)
	mustContain(t, "header", got,
		`"message":"Customer registration successful, Provided Custom Field is invalid","warnings":{"warning":["1017"]}`,
		`"warnings":{"warning":["1017","91006"]}`,
		`"code":"1001","message":"Unable to register. Invalid mobile number."`,
		"< HTTP 503", "< HTTP 400\n< X-Sandbox-Explain: forced outcome status=1060\n{\"response\":{\"status\":{\"code\":1060",
		`"code":"8109"`, `"warning":["91001"]`, `"code":"1024"`)
	golden(t, "header", got)
}

// TestHeaderReachesEveryCode: error=CODE fails the item with that code and
// its vendor message for every item code of docs/VENDOR.md, Codes, on add, get and
// update; warning=CODE adds every warning code; status=CODE answers every
// request-level failure code with its HTTP status and body.
func TestHeaderReachesEveryCode(t *testing.T) {
	w := newWorld(t, "default", goldenNow, 1)
	w.do(add(one("919800000001", "a@example.com")))
	update := step{path: "/v1.1/customer/update?format=json", body: `{"root":{"customer":[{"mobile":"919800000001"}]}}`}
	for _, code := range sandbox.ItemErrorCodes() {
		item := fmt.Sprintf(`"success":"false","code":"%d","message":%s`, code, strconv.Quote(sandbox.ItemMessage(code)))
		for _, s := range []step{add(one("919800000002", "b@example.com")), get("mobile=919800000001"), update} {
			s.header = map[string]string{outcomeHeader: fmt.Sprintf("error=%d", code)}
			r := w.do(s)
			mustContain(t, fmt.Sprintf("error=%d on %s", code, s.request().URL.Path), r.body, item)
		}
	}
	for _, code := range sandbox.WarningCodes() {
		r := w.do(add(one("919800000001", "a@example.com"), outcomeHeader, fmt.Sprintf("warning=%d", code)))
		label := "" // a forced warning names the primary identifier, or drops the placeholder
		if code == sandbox.WarnPrimaryNoUpdate || code == sandbox.WarnUpdateNotAllow || code == sandbox.WarnOccupied {
			label = "Mobile"
		}
		mustContain(t, fmt.Sprintf("warning=%d", code), r.body, fmt.Sprintf(`"warnings":{"warning":["%d"]}`, code),
			sandbox.MsgUpdated+", "+sandbox.WarningText(code, label)+`"`)
	}
	for _, code := range sandbox.RequestCodes() {
		if code == sandbox.StatusSuccess || code == sandbox.StatusPartial {
			continue
		}
		r := w.do(add(one("919800000001", "a@example.com"), outcomeHeader, fmt.Sprintf("status=%d", code)))
		if r.status != sandbox.HTTPStatus(code) {
			t.Errorf("status=%d: HTTP %d, want %d", code, r.status, sandbox.HTTPStatus(code))
		}
		want := fmt.Sprintf(`{"response":{"status":{"code":%d,"message":%q,"success":false,"warnings":{"warning":[]}}}}`, code, sandbox.RequestMessage(code))
		if code == sandbox.StatusTokenExpired { // the OAuth gateway's body, at the namespace's clock
			want = `{"response":{"status":{"success":"true","code":"498","message":"Token expired at 2025-01-10T12:00:00.000+0000"},"customers":null}}`
		}
		if string(r.body) != want {
			t.Errorf("status=%d:\n got %s\nwant %s", code, r.body, want)
		}
		if explain := r.header.Get("X-Sandbox-Explain"); explain != fmt.Sprintf("forced outcome status=%d", code) {
			t.Errorf("status=%d: X-Sandbox-Explain %q", code, explain)
		}
	}
}

// TestResetClosesConnection: reset (header, or an outage rule on a header)
// closes the connection without a response.
func TestResetClosesConnection(t *testing.T) {
	for _, c := range []struct{ scenario, header, value string }{
		{"default", outcomeHeader, "reset"},
		{"outage", "X-Outage", "reset"},
	} {
		w := newWorld(t, c.scenario, goldenNow, 1)
		ts := httptest.NewServer(w.srv.Handler())
		req, _ := http.NewRequest(http.MethodPost, ts.URL+addPath, strings.NewReader(one("919800000001", "a@example.com")))
		req.Header.Set("Authorization", tillAuth)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(c.header, c.value)
		resp, err := ts.Client().Do(req)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			t.Errorf("%s %s: %s: got HTTP %d %s, want the connection closed", c.scenario, c.header, c.value, resp.StatusCode, body)
		} else if !errors.Is(err, io.EOF) && !strings.Contains(err.Error(), "EOF") {
			t.Logf("%s: connection error %v", c.scenario, err)
		}
		checkResetRecorded(t, ts.URL)
		ts.Close()
	}
}

// checkResetRecorded: a reset request is journalled, logged and counted as
// what it was, no response (status 0, outcome reset), not as HTTP 200.
func checkResetRecorded(t *testing.T, base string) {
	t.Helper()
	get := func(path string) string {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	j := get("/__sandbox/requests?path=/v1.1/customer/add")
	for deadline := time.Now().Add(2 * time.Second); !strings.Contains(j, `"outcome"`) && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond) // the client saw the close before the server journalled it
		j = get("/__sandbox/requests?path=/v1.1/customer/add")
	}
	if !strings.Contains(j, `"status":0,"outcome":"reset"`) {
		t.Errorf("journal: %s", j)
	}
	if m := get("/__sandbox/metrics"); !strings.Contains(m, `capsandbox_requests_total{endpoint="/v1.1/customer/add",method="POST",status="reset"} 1`) {
		t.Errorf("metrics lack the reset:\n%s", m)
	}
}

// TestMagicValues: the default scenario's email tags.
func TestMagicValues(t *testing.T) {
	steps := []step{
		add(one("919800000001", "qa+w1017@example.com")),
		add(one("919800000002", "QA+W91006@Example.com")),
		add(one("919800000003", "qa+e1001@example.com")),
		add(one("919800000004", "qa+s503@example.com")),
		add(one("919800000005", "qa+d30@example.com")),
		add(one("919800000006", "qa+w1017+d20@example.com")),
		add(one("919800000007", "john+work@example.com")),
		get("email=qa%2Be1012@example.com"),
		add(`{"root":{"customer":[{"mobile":"919800000008","email":"qa+e1002@example.com"},{"mobile":"919800000009","email":"plain@example.com"}]}}`),
	}
	w := newWorld(t, "default", goldenNow, 1)
	replies := w.run(steps)
	if replies[4].elapsed < 30*time.Millisecond || replies[5].elapsed < 20*time.Millisecond {
		t.Errorf("+d30 / +d20 answered after %v / %v", replies[4].elapsed, replies[5].elapsed)
	}
	got := transcript(steps, replies)
	mustContain(t, "magic", got,
		`"email":"qa+w1017@example.com"`, `"warning":["1017"]`, `"warning":["91006"]`,
		`"code":"1001","message":"Unable to register. Invalid mobile number."`, "< HTTP 503",
		`"email":"john+work@example.com"`, `"code":"1012"`, `"code":201,`)
	golden(t, "magic", got)
	for _, email := range []string{"qa+w99999@example.com", "qa+e1@example.com", "qa+s200@example.com"} {
		r := w.do(add(one("919800000010", email)))
		if r.status != http.StatusBadRequest || !strings.Contains(string(r.body), `"code":400`) {
			t.Errorf("%s: want HTTP 400, got %d %s", email, r.status, r.body)
		}
	}
}

// TestPrecedence: header > magic value > rule, part by part.
func TestPrecedence(t *testing.T) {
	steps := []step{
		add(one("919800000001", "rule@example.com")),
		add(one("919800000002", "p2+w1017@example.com")),
		add(one("919800000003", "p3+w1017@example.com"), outcomeHeader, "warning=91006"),
		add(one("919990000004", "plain@other.org")),
		add(one("919990000005", "p5+e1003@other.org")),
		add(one("919990000006", "p6+e1003@other.org"), outcomeHeader, "error=1001"),
		add(one("919980000007", "p7@other.org")),
		add(one("919980000008", "p8+s503@other.org")),
		add(one("919980000009", "p9+s503@other.org"), outcomeHeader, "status=401"),
		add(one("919800000010", "p10+w1017@example.com"), outcomeHeader, "delay=1ms"),
	}
	w := newWorld(t, filepath.Join("testdata", "scenarios", "precedence.yaml"), goldenNow, 1)
	got := transcript(steps, w.run(steps))
	mustContain(t, "precedence", got, `"warning":["91001"]`, `"warning":["1017"]`, `"warning":["91006"]`,
		`"code":"1002"`, `"code":"1003"`, `"code":"1001"`, "< HTTP 500", "< HTTP 503", "< HTTP 401")
	golden(t, "precedence", got)
}

// TestRules: each kind of match, item-level and request-level, times and
// nth, in the testdata rules scenario.
func TestRules(t *testing.T) {
	storeServer := "Basic c3RvcmUuc2VydmVyOjhhMTZhNmI3MDUwNWViMWYxZmY3Y2RjMGNkNTU1OWE3"
	steps := []step{
		add(one("919811111111", "a@example.com")),
		add(one("919820000099", "b@example.com")),
		add(one("919830100101", "c@example.com")),
		add(one("919876500004", "code91003@rules.example.com")),
		add(one("919876500005", "nth@example.com")),
		add(`{"root":{"customer":[{"mobile":"919876500006","external_id":"BLOCK-1"}]}}`),
		add(`{"root":{"customer":[{"mobile":"919876500007","custom_fields":{"field":[{"name":"club","value":"gold"}]}}]}}`),
		add(`{"root":{"customer":[{"mobile":"919876500008"},{"mobile":"919876500009"}]}}`, "X-Test-Case", "every-item"),
		add(`{"root":{"customer":[{"mobile":"919840000010"},{"mobile":"919850000011"}]}}`, "X-Test-Case", "combo"),
		add(`{"root":{"customer":[{"mobile":"919876500012","external_id":"FLAKY-1"}]}}`),
		add(`{"root":{"customer":[{"mobile":"919876500012","external_id":"FLAKY-1"}]}}`),
		add(`{"root":{"customer":[{"mobile":"919876500012","external_id":"FLAKY-1"}]}}`),
		get("mobile=919855555555"),
		add(one("919855555555", "f@example.com")),
		add(one("919876500015", "g@example.com"), "Authorization", storeServer),
	}
	w := newWorld(t, filepath.Join("testdata", "scenarios", "rules.yaml"), goldenNow, 1)
	got := transcript(steps, w.run(steps))
	mustContain(t, "rules", got, `"warning":["91001"]`, `"warning":["91002"]`, `"code":"1001"`,
		`"warning":["91003"]`, `"warning":["91012"]`, `"code":"1003"`, `"warning":["91004"]`,
		`"warning":["91011"]}}},{`, `"code":"1042"`, "< HTTP 503", `"code":"8109"`, `"warning":["91013"]`)
	golden(t, "rules", got)
	r := w.do(add(one("919830999901", "h@example.com")))
	if r.status != http.StatusBadRequest {
		t.Errorf("captured error=9999: want HTTP 400, got %d %s", r.status, r.body)
	}
}
