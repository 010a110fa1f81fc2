package verify_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox"
	"github.com/capsandbox/capsandbox/internal/cassette"
	"github.com/capsandbox/capsandbox/internal/record"
	"github.com/capsandbox/capsandbox/internal/verify"
)

// recording is a record proxy in front of an upstream handler, on
// loopback, writing a temporary cassette.
type recording struct {
	proxy *httptest.Server
	path  string
	w     *cassette.Writer
}

func newRecording(t *testing.T, upstream http.Handler) *recording {
	t.Helper()
	up := httptest.NewServer(upstream)
	t.Cleanup(up.Close)
	u, _ := url.Parse(up.URL)
	path := filepath.Join(t.TempDir(), "session.jsonl")
	w, err := cassette.Create(path, false)
	if err != nil {
		t.Fatal(err)
	}
	p, err := record.New(record.Options{Upstream: u, Cassette: w, Timeout: 5 * time.Second,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	rc := &recording{proxy: httptest.NewServer(p), path: path, w: w}
	t.Cleanup(rc.proxy.Close)
	return rc
}

// till1 / md5("123"), the default scenario's till.
const auth = "Basic dGlsbDE6MjAyY2I5NjJhYzU5MDc1Yjk2NGIwNzE1MmQyMzRiNzA="

func (rc *recording) send(t *testing.T, method, uri, ctype, body string, h ...string) {
	t.Helper()
	req, _ := http.NewRequest(method, rc.proxy.URL+uri, strings.NewReader(body))
	req.Header.Set("Authorization", auth)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for i := 0; i+1 < len(h); i += 2 {
		req.Header.Set(h[i], h[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

func (rc *recording) exchanges(t *testing.T) []cassette.Exchange {
	t.Helper()
	rc.w.Close()
	data, err := os.ReadFile(rc.path)
	if err != nil {
		t.Fatal(err)
	}
	exs, err := cassette.Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return exs
}

func add(customers string) string { return `{"root":{"customer":[` + customers + `]}}` }

// session drives a QA session through the proxy: registration, re-add
// (an update), a blocked email change, an invalid mobile, get found and
// not found, an XML registration, customer/update, a malformed body and a
// wrong password.
func session(t *testing.T, rc *recording) {
	const j = "application/json"
	rc.send(t, "POST", "/v1.1/customer/add?format=json", j, add(`{"mobile":"919876543210","email":"asha@example.com","firstname":"Asha"}`))
	rc.send(t, "POST", "/v1.1/customer/add?format=json", j, add(`{"mobile":"919876543210","email":"asha@example.com","firstname":"Asha"}`))
	rc.send(t, "POST", "/v1.1/customer/add?format=json", j, add(`{"mobile":"919876543210","email":"other@example.com"}`))
	rc.send(t, "POST", "/v1.1/customer/add?format=json", j, add(`{"mobile":"12"}`))
	rc.send(t, "GET", "/v1.1/customer/get?format=json&mobile=919876543210", "", "")
	rc.send(t, "GET", "/v1.1/customer/get?format=json&mobile=919999999999", "", "")
	rc.send(t, "POST", "/v1.1/customer/add?format=xml", "application/xml",
		`<root><customer><mobile>919812345678</mobile><firstname>Ravi</firstname></customer></root>`)
	rc.send(t, "POST", "/v1.1/customer/update?format=json", j, add(`{"mobile":"919876543210","lastname":"Rao"}`))
	rc.send(t, "POST", "/v1.1/customer/add?format=json", j, `{"root":`)
	req := "Basic " + "dGlsbDE6MDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA=" // till1, a wrong hash
	rc.send(t, "POST", "/v1.1/customer/add?format=json", j, add(`{"mobile":"919876543211"}`), "Authorization", req)
}

func newSandbox(t *testing.T, scenario string) http.Handler {
	t.Helper()
	sb, err := capsandbox.New(capsandbox.Options{Scenario: scenario, LogOutput: io.Discard, Sync: "none"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	return sb.Handler()
}

func run(t *testing.T, exs []cassette.Exchange, opts verify.Options) *verify.Report {
	t.Helper()
	rep, err := verify.Run(exs, opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func text(t *testing.T, rep *verify.Report) string {
	var b bytes.Buffer
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestRecordSandboxThenVerify: a session recorded against a second
// capsandbox conforms 100 % when verified against the same scenario; the
// credentials never reach the cassette.
func TestRecordSandboxThenVerify(t *testing.T) {
	rc := newRecording(t, newSandbox(t, "default"))
	session(t, rc)
	exs := rc.exchanges(t)
	if len(exs) != 10 {
		t.Fatalf("%d exchanges recorded, want 10", len(exs))
	}
	if data, _ := os.ReadFile(rc.path); bytes.Contains(data, []byte(strings.TrimPrefix(auth, "Basic "))) {
		t.Fatal("the cassette holds the Basic credential")
	}
	rep := run(t, exs, verify.Options{Scenario: "default", Seed: 1})
	if rep.Exchanges != 10 || rep.Conform != 10 || rep.Differ != 0 {
		t.Fatalf("%s", text(t, rep))
	}
	if got := text(t, rep); got != "10 exchanges: 10 conform, 0 differ\n" {
		t.Errorf("report %q", got)
	}
}

// TestVerifyAgainstAnotherScenario: the same session verified against a
// scenario that warns 1017 on every add reports each add, at the message
// and warning paths, with both values.
func TestVerifyAgainstAnotherScenario(t *testing.T) {
	rc := newRecording(t, newSandbox(t, "default"))
	session(t, rc)
	rep := run(t, rc.exchanges(t), verify.Options{Scenario: "warning-1017", Seed: 1})
	out := text(t, rep)
	for _, want := range []string{
		`#1 POST /v1.1/customer/add?format=json [scenario warning-1017] 2 differences: ` +
			`$.response.customers.customer[0].item_status.message: recorded "Customer registration successful", replayed "Customer registration successful, Provided Custom Field is invalid"; ` +
			`$.response.customers.customer[0].item_status.warnings.warning: recorded 0 items, replayed 1`,
		`#3 POST /v1.1/customer/add?format=json [scenario warning-1017] 2 differences: ` +
			`$.response.customers.customer[0].item_status.message: recorded "Customer successfully updated, Email update is not allowed", replayed "Customer successfully updated, Email update is not allowed, Provided Custom Field is invalid"; ` +
			`$.response.customers.customer[0].item_status.warnings.warning: recorded 1 items, replayed 2`,
		`#7 POST /v1.1/customer/add?format=xml [scenario warning-1017] 2 differences: ` +
			`$.response.customers.customer.item_status.message: recorded "Customer registration successful", replayed "Customer registration successful, Provided Custom Field is invalid"; ` +
			`$.response.customers.customer.item_status.warnings: type differs: recorded string "", replayed object{warning}`,
		"10 exchanges: 6 conform, 4 differ\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks\n%s\nreport:\n%s", want, out)
		}
	}
}

// deviate answers like the sandbox, except where the request's
// X-Deviation header asks for one deliberate deviation of the "vendor".
func deviate(inner http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		dev := r.Header.Get("X-Deviation")
		if dev == "drop" {
			c, _, _ := http.NewResponseController(w).Hijack()
			c.Close()
			return
		}
		rec := httptest.NewRecorder()
		inner.ServeHTTP(rec, r)
		body, status := rec.Body.String(), rec.Code
		switch dev {
		case "number":
			body = strings.Replace(body, `"total":"1"`, `"total":1`, 1)
		case "missing":
			body = strings.Replace(body, `"reason":""`, `"reason":"","nps_status":null`, 1)
		case "dropped-key":
			body = strings.Replace(body, `,"reason":""`, ``, 1)
		case "reorder":
			body = strings.Replace(body, `"success":"true","code":200`, `"code":200,"success":"true"`, 1)
		case "message":
			body = strings.Replace(body, "Customer registration successful", "Customer registered successfully.", 1)
		case "500":
			status = http.StatusInternalServerError
		}
		for k, vs := range rec.Header() {
			w.Header()[k] = vs
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	})
}

// TestDeviationsReportedPrecisely: an upstream with deliberate deviations
// (a number where the sandbox has a string, a key the sandbox lacks, a key
// the vendor lacks, reordered keys, another message, a 500, a dropped
// connection) gets each reported at its path with both values.
func TestDeviationsReportedPrecisely(t *testing.T) {
	rc := newRecording(t, deviate(newSandbox(t, "default")))
	mobiles := []string{"919800000001", "919800000002", "919800000003", "919800000004", "919800000005", "919800000006", "919800000007", "919800000008"}
	for i, dev := range []string{"", "number", "missing", "dropped-key", "reorder", "message", "500", "drop"} {
		rc.send(t, "POST", "/v1.1/customer/add?format=json", "application/json", add(`{"mobile":"`+mobiles[i]+`"}`), "X-Deviation", dev)
	}
	rep := run(t, rc.exchanges(t), verify.Options{Scenario: "default", Seed: 1})
	c := `$.response.customers.customer[0]`
	want := []string{
		`#2 POST /v1.1/customer/add?format=json [scenario default] 1 difference: $.response.status.total: type differs: recorded number 1, replayed string "1"`,
		`#3 POST /v1.1/customer/add?format=json [scenario default] 1 difference: ` + c + `.nps_status: missing in the replay (recorded null)`,
		`#4 POST /v1.1/customer/add?format=json [scenario default] 1 difference: ` + c + `.reason: not in the recording (replayed "")`,
		`#5 POST /v1.1/customer/add?format=json [scenario default] 1 difference: $.response.status: keys in another order: recorded [code,success,message,total,success_count], replayed [success,code,message,total,success_count]`,
		`#6 POST /v1.1/customer/add?format=json [scenario default] 1 difference: ` + c + `.item_status.message: recorded "Customer registered successfully.", replayed "Customer registration successful"`,
		`#7 POST /v1.1/customer/add?format=json [scenario default] 1 difference: status: recorded 500, replayed 200`,
		`#8 POST /v1.1/customer/add?format=json [scenario default]: not replayed: the upstream gave no answer when it was recorded (dropped: `,
		"8 exchanges: 1 conform, 7 differ\n",
	}
	out := text(t, rep)
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("report lacks\n%s\nreport:\n%s", w, out)
		}
	}
	if lines := strings.Count(out, "\n"); lines != len(want) {
		t.Errorf("report has %d lines, want %d:\n%s", lines, len(want), out)
	}
	var js bytes.Buffer
	rep.WriteJSON(&js)
	var back verify.Report
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || back.Differ != 7 || back.Results[1].Differences[0].Path != "$.response.status.total" ||
		back.Results[1].Differences[0].Kind != "type" {
		t.Errorf("JSON report: %v\n%s", err, js.String())
	}
}

// TestSessionsAndSetup: a setup step conforms when accepted and is
// reported when refused; a session naming two scenarios, an unknown
// scenario and a bad ignore pattern stop the verification.
func TestSessionsAndSetup(t *testing.T) {
	reg := `{"response":{"status":{"success":"true","code":200,"message":"Success","total":"1","success_count":"1"}}}`
	mk := func(seq int, session string, setup bool, body string) cassette.Exchange {
		e := cassette.Exchange{V: 1, Seq: seq, Session: session, Scenario: "default", Setup: setup,
			Request: cassette.Request{Method: "POST", Path: "/v1.1/customer/add", Query: "format=json",
				Headers: http.Header{"Authorization": {"Basic <till1>:<redacted>"}, "Content-Type": {"application/json"}},
				Body:    cassette.Body{Text: add(body)}}}
		if !setup {
			e.Response = &cassette.Response{Status: 200, Body: cassette.Body{Text: reg}}
		}
		return e
	}
	exs := []cassette.Exchange{
		mk(1, "a", true, `{"mobile":"919800000001"}`),
		mk(2, "b", true, `{"mobile":"12"}`), // an item failure is HTTP 200: accepted
		mk(3, "c", true, `{"mobile":`),      // a malformed body: HTTP 400, refused
	}
	rep := run(t, exs, verify.Options{})
	if rep.Conform != 2 || rep.Differ != 1 || !strings.Contains(rep.Results[2].Reason, "setup step refused: HTTP 400") {
		t.Errorf("%s", text(t, rep))
	}
	bad := []cassette.Exchange{mk(1, "a", true, `{}`), mk(2, "a", true, `{}`)}
	bad[1].Scenario = "strict-primary"
	if _, err := verify.Run(bad, verify.Options{}); err == nil || !strings.Contains(err.Error(), `names scenario "strict-primary"`) {
		t.Errorf("two scenarios in a session: %v", err)
	}
	bad[1].Scenario = "no-such-scenario"
	bad[1].Session = "b"
	if _, err := verify.Run(bad, verify.Options{}); err == nil || !strings.Contains(err.Error(), "no-such-scenario") {
		t.Errorf("unknown scenario: %v", err)
	}
	if _, err := verify.Run(exs, verify.Options{Ignore: []string{"a[x]"}}); err == nil {
		t.Error("a bad ignore pattern was accepted")
	}
}

// TestStatePerSession: a registration replayed twice in one session is an
// update the second time (state builds up as it did upstream), so the
// second copy differs; in two sessions both conform.
func TestStatePerSession(t *testing.T) {
	rc := newRecording(t, newSandbox(t, "default"))
	rc.send(t, "POST", "/v1.1/customer/add?format=json", "application/json", add(`{"mobile":"919876543210"}`))
	one := rc.exchanges(t)[0]
	two := one
	two.Seq = 2
	rep := run(t, []cassette.Exchange{one, two}, verify.Options{})
	if rep.Differ != 1 || !strings.Contains(text(t, rep), `recorded "Customer registration successful", replayed "Customer successfully updated"`) {
		t.Errorf("one session:\n%s", text(t, rep))
	}
	one.Session, two.Session = "a", "b"
	if rep := run(t, []cassette.Exchange{one, two}, verify.Options{}); rep.Conform != 2 {
		t.Errorf("two sessions:\n%s", text(t, rep))
	}
}
