package console_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/server"
	"github.com/chromedp/chromedp"
)

// The console in a real browser (headless Chromium): what a developer
// does with it, each against a capsandbox of its own.

func ui(s *testServer, route string) string { return s.URL + "/__sandbox/ui/" + route }

// entryRow is a JavaScript expression: the journal row whose path cell
// holds path, or null.
func entryRow(path string) string {
	return fmt.Sprintf(`[...document.querySelectorAll('tr.entry')].find((r) => r.querySelector('td.path').textContent.startsWith(%s))`, js(path))
}

func TestJournalShowsARegistrationWithinASecond(t *testing.T) {
	s := startSandbox(t, server.Options{})
	tb := openTab(t, ui(s, "#/ns/default/journal"))
	tb.waitFor("the empty journal", `document.querySelector('p.empty') && !document.querySelector('p.empty').hidden`, 10*time.Second)

	status, _ := s.add(t, `{"root":{"customer":[{"mobile":"919876543210","firstname":"Asha"}]}}`)
	if status != http.StatusOK {
		t.Fatalf("customer/add: HTTP %d", status)
	}
	took := tb.waitFor("the registration in the journal", entryRow("/v1.1/customer/add"), time.Second)
	t.Logf("the registration appeared in the journal view %v after its answer", took.Round(time.Millisecond))
	if got := eval[string](tb, entryRow("/v1.1/customer/add")+`.querySelector('td.codes').textContent`); got != "1000" {
		t.Errorf("item codes cell = %q, want 1000", got)
	}

	tb.click("tr.entry button.expand")
	tb.waitFor("the expanded entry", `document.querySelector('tr.detail:not([hidden]) pre.body')`, 2*time.Second)
	detail := tb.text("tr.detail")
	for _, want := range []string{`"code": "1000"`, `"message": "Customer registration successful"`, "Item codes: 1000",
		"Authorization", "Basic till1:***", "X-Cap-Requestid", `"firstname": "Asha"`} {
		if !strings.Contains(detail, want) {
			t.Errorf("the expanded entry does not show %q:\n%s", want, detail)
		}
	}
	tb.click("tr.detail button.copy-curl")
	tb.waitFor("the curl command", `!document.querySelector('tr.detail pre.curl').hidden`, 2*time.Second)
	curl := tb.text("tr.detail pre.curl")
	for _, want := range []string{"curl -s", "-X POST", "-u 'till1:***'", "--data-binary", s.URL + "/v1.1/customer/add?format=json"} {
		if !strings.Contains(curl, want) {
			t.Errorf("copy as curl = %s\nwant it to hold %q", curl, want)
		}
	}
	if strings.Contains(curl, "202cb962") {
		t.Errorf("copy as curl shows the password: %s", curl)
	}
}

func TestSwitchingTheScenarioChangesTheNextAdd(t *testing.T) {
	s := startSandbox(t, server.Options{})
	ns := "X-Sandbox-Namespace: qa-switch"
	body := `{"root":{"customer":[{"mobile":"919800000001"}]}}`
	if _, resp := s.add(t, body, ns); !strings.Contains(resp, `"code":"1000"`) {
		t.Fatalf("before the switch: %s", resp)
	}
	tb := openTab(t, ui(s, "#/ns/qa-switch/scenario"))
	tb.waitFor("the scenario list", `document.querySelector('button[data-scenario="duplicates"]')`, 10*time.Second)
	if got := tb.text("#sc-active .scenario-name"); got != "default" {
		t.Errorf("active scenario shown = %q, want default", got)
	}
	tb.click(`button[data-scenario="duplicates"]`)
	tb.waitFor("the switch", `document.querySelector('#sc-active .scenario-name').textContent === 'duplicates'`, 5*time.Second)

	_, resp := s.add(t, body, ns)
	if !strings.Contains(resp, `"code":"1032"`) || !strings.Contains(resp, "A customer already exists with the same mobile number.") {
		t.Errorf("after switching to duplicates in the console, the same add answered %s, want item 1032", resp)
	}
	if _, other := s.add(t, body); !strings.Contains(other, `"code":"1000"`) {
		t.Errorf("the default namespace changed too: %s", other)
	}
}

func TestOutcomeFormHeaderProducesThatOutcome(t *testing.T) {
	s := startSandbox(t, server.Options{})
	tb := openTab(t, ui(s, "#/ns/qa-outcome/outcome"))
	tb.waitFor("the outcome form", `document.querySelector('#o-warning option[value="1017"]')`, 10*time.Second)
	if got := tb.text(`#o-warning option[value="1017"]`); got != "1017 — Provided Custom Field is invalid" {
		t.Errorf("warning option = %q, want the vendor's text", got)
	}

	tb.setValue("#o-warning", "1017")
	tb.click("#o-warning + button")
	header := outcomeHeader(t, tb, "X-Sandbox-Outcome: warning=1017")
	_, resp := s.add(t, `{"root":{"customer":[{"mobile":"919800000071"}]}}`, header, "X-Sandbox-Namespace: qa-outcome")
	if !strings.Contains(resp, `"warnings":{"warning":["1017"]}`) {
		t.Errorf("with %s the add answered %s, want warning 1017", header, resp)
	}

	tb.setValue("#o-status", "503")
	header = outcomeHeader(t, tb, "X-Sandbox-Outcome: warning=1017, status=503")
	status, resp := s.add(t, `{"root":{"customer":[{"mobile":"919800000072"}]}}`, header)
	if status != http.StatusServiceUnavailable || !strings.Contains(resp, `"code":503`) {
		t.Errorf("with %s: HTTP %d %s, want the vendor's 503", header, status, resp)
	}
	curl := tb.text("#outcome-curl")
	for _, want := range []string{"-u 'till1:202cb962ac59075b964b07152d234b70'", "'X-Sandbox-Outcome: warning=1017, status=503'",
		"'X-Sandbox-Namespace: qa-outcome'", "'Content-Type: application/json'", s.URL + "/v1.1/customer/add?format=json"} {
		if !strings.Contains(curl, want) {
			t.Errorf("curl command %s\nwant it to hold %q", curl, want)
		}
	}
	// The magic e-mail it explains gives the same outcome without a header.
	email := tb.text("#outcome-magic .email")
	if email != "qa+w1017+s503@example.com" {
		t.Fatalf("magic e-mail = %q", email)
	}
	status, _ = s.add(t, `{"root":{"customer":[{"mobile":"919800000073","email":"`+email+`"}]}}`)
	if status != http.StatusServiceUnavailable {
		t.Errorf("the magic e-mail %s: HTTP %d, want 503", email, status)
	}
}

// outcomeHeader reads the outcome form's header and checks it is want.
func outcomeHeader(t *testing.T, tb *tab, want string) string {
	t.Helper()
	tb.waitFor("the header "+want, `document.querySelector('#outcome-header').textContent === `+js(want), 2*time.Second)
	return tb.text("#outcome-header")
}

const xss = `<img src=x onerror=alert(1)>`

func TestClientValuesAreShownAsText(t *testing.T) {
	s := startSandbox(t, server.Options{})
	s.add(t, `{"root":{"customer":[{"mobile":"919800000090","firstname":"`+strings.ReplaceAll(xss, `"`, `\"`)+`","lastname":"<b>bold</b>"}]}}`)
	tb := openTab(t, ui(s, "#/ns/default/customers"))
	tb.waitFor("the customer", `document.querySelector('table.customers td.name')`, 10*time.Second)
	if got := tb.text("table.customers td.name"); got != xss+" <b>bold</b>" {
		t.Errorf("name cell = %q, want the payload as text", got)
	}
	noMarkup := `!document.querySelector('main img, main b, main [onerror]')`
	if !eval[bool](tb, noMarkup) {
		t.Error("the customers table turned the payload into elements")
	}
	tb.click("table.customers td a") // the customer's page
	tb.waitFor("the customer's requests", `document.querySelector('tr.entry')`, 5*time.Second)
	if got := tb.text(".head .name"); got != xss+" <b>bold</b>" {
		t.Errorf("customer page heading = %q", got)
	}
	tb.click("tr.entry button.expand")
	tb.waitFor("the request", `document.querySelector('tr.detail:not([hidden]) pre.body')`, 2*time.Second)
	if !strings.Contains(tb.text("tr.detail pre.body"), xss) {
		t.Errorf("the request body does not show the payload: %s", tb.text("tr.detail pre.body"))
	}
	if !eval[bool](tb, noMarkup) {
		t.Error("the customer page turned the payload into elements")
	}
	time.Sleep(300 * time.Millisecond) // an onerror would fire by now; finish checks no dialog opened
}

func TestAdminTokenAskedOnceAndSent(t *testing.T) {
	s := startSandbox(t, server.Options{AdminToken: "s3cret-token"})
	s.add(t, `{"root":{"customer":[{"mobile":"919800000095"}]}}`)
	tb := openTab(t, ui(s, "#/ns/default/journal"))
	// The page loaded without the token; its data calls did not.
	tb.waitFor("the token dialog", `document.querySelector('#token-dialog').open`, 10*time.Second)
	if n := eval[int](tb, `document.querySelectorAll('tr.entry').length`); n != 0 {
		t.Errorf("%d journal rows shown without the token", n)
	}
	if st := eval[int](tb, `fetch('../requests').then((r) => r.status)`); st != http.StatusUnauthorized {
		t.Errorf("a data call without the token: HTTP %d, want 401", st)
	}

	tb.setValue("#token-input", "wrong")
	tb.click("#token-form button[type=submit]")
	tb.waitFor("the refusal", `document.querySelector('#token-dialog').open && document.querySelector('#token-error').textContent.includes('refused')`, 5*time.Second)

	tb.setValue("#token-input", "s3cret-token")
	tb.click("#token-form button[type=submit]")
	tb.waitFor("the journal with the token", entryRow("/v1.1/customer/add"), 5*time.Second)
	if eval[bool](tb, `document.querySelector('#token-dialog').open`) {
		t.Error("the dialog stayed open")
	}
	if got := eval[string](tb, `sessionStorage.getItem('capsandbox.adminToken')`); got != "s3cret-token" {
		t.Errorf("session storage holds %q", got)
	}
	// Once entered, other views use it too, without asking again.
	tb.run("opening the customers", chromedp.Navigate(ui(s, "#/ns/default/customers")))
	tb.waitFor("the customers with the token", `document.querySelector('table.customers td a')`, 5*time.Second)
	if eval[bool](tb, `document.querySelector('#token-dialog').open`) {
		t.Error("the token was asked again")
	}
}

func TestJournalPrettyPrintsXML(t *testing.T) {
	s := startSandbox(t, server.Options{})
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/v1.1/customer/add?format=xml",
		strings.NewReader(`<root><customer><mobile>919800000097</mobile><firstname>Ada &amp; Co</firstname></customer></root>`))
	req.Header.Set("Authorization", till1)
	req.Header.Set("Content-Type", "application/xml")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	tb := openTab(t, ui(s, "#/ns/default/journal"))
	tb.waitFor("the XML request", entryRow("/v1.1/customer/add"), 10*time.Second)
	tb.click("tr.entry button.expand")
	tb.waitFor("the expanded entry", `document.querySelectorAll('tr.detail:not([hidden]) pre.body').length === 2`, 2*time.Second)
	bodies := eval[[]string](tb, `[...document.querySelectorAll('tr.detail pre.body')].map((p) => p.textContent)`)
	if want := "<root>\n  <customer>\n    <mobile>919800000097</mobile>\n    <firstname>Ada &amp; Co</firstname>\n  </customer>\n</root>"; bodies[0] != want {
		t.Errorf("request body shown as\n%s\nwant\n%s", bodies[0], want)
	}
	if !strings.Contains(bodies[1], "\n      <item_status>\n") || !strings.Contains(bodies[1], "<code>1000</code>") {
		t.Errorf("response body not indented XML:\n%s", bodies[1])
	}
	tb.click("tr.detail .pane button.small") // the request's exact bytes
	if got := tb.text("tr.detail pre.body"); !strings.HasPrefix(got, "<root><customer><mobile>") {
		t.Errorf("exact bytes = %q", got)
	}
}
