package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// The contract-test checklist of docs/FIDELITY.md ("Checklist"), one
// subtest per item, over HTTP against the built-in scenarios (flipped by a
// scenario file where an item names a setting). Whole bodies are held by
// the golden files of internal/httpapi and of these tests' neighbours;
// here each item's promise is checked on its own.

// flip returns a scenario file extending base with yaml.
func flip(t *testing.T, base, yaml string) string {
	t.Helper()
	return writeScenario(t, "flipped", fmt.Sprintf("name: flipped\nextends: %s\n%s\n", base, yaml))
}

// requestError is the request-level body of code with text.
func requestError(code int, text string) string {
	return fmt.Sprintf(`{"response":{"status":{"code":%d,"message":%q,"success":false,"warnings":{"warning":[]}}}}`, code, text)
}

const (
	msg401  = "Authentication failed. Please check username and password."
	msg400  = "Invalid input. Please check request body parameters or input xml/json."
	addJSON = `{"root":{"customer":[{"mobile":"919876543210","email":"asha@example.com","firstname":"Asha"}]}}`
)

func wantReply(t *testing.T, what string, r reply, status int, body string) {
	t.Helper()
	if r.status != status || string(r.body) != body {
		t.Errorf("%s: HTTP %d\n%s\nwant HTTP %d\n%s", what, r.status, r.body, status, body)
	}
}

var checklist = []struct {
	item int
	name string
	test func(t *testing.T)
}{
	{1, "Basic auth: valid → 200; wrong hash, unknown till, missing → 401 and the request-level body", func(t *testing.T) {
		w := newWorld(t, "default", goldenNow, 1)
		for _, h := range []string{tillAuth, "Basic c3RvcmUuc2VydmVyOjhhMTZhNmI3MDUwNWViMWYxZmY3Y2RjMGNkNTU1OWE3"} { // till1/123, store.server/server123
			if r := w.do(add(addJSON, "Authorization", h)); r.status != 200 {
				t.Errorf("valid credentials %s: HTTP %d", h, r.status)
			}
		}
		for what, h := range map[string]string{
			"wrong hash":   "Basic dGlsbDE6MDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA=",
			"unknown till": "Basic bm9ib2R5OjIwMmNiOTYyYWM1OTA3NWI5NjRiMDcxNTJkMjM0Yjcw",
			"missing":      "",
		} {
			r := w.do(add(addJSON, "Authorization", h))
			wantReply(t, what, r, 401, requestError(401, msg401))
			if r.header.Get("X-Sandbox-Explain") == "" {
				t.Errorf("%s: no X-Sandbox-Explain", what)
			}
		}
	}},
	{2, "format=xml answers <response> XML, format=json (or a JSON Accept) JSON", func(t *testing.T) {
		w := newWorld(t, "default", goldenNow, 1)
		x := w.do(step{path: "/v1.1/customer/add?format=xml", body: addJSON})
		if !strings.HasPrefix(string(x.body), `<?xml version="1.0" encoding="UTF-8"?>`+"\n<response><status>") ||
			x.header.Get("Content-Type") != "application/xml;charset=UTF-8" {
			t.Errorf("xml: %s %s", x.header.Get("Content-Type"), x.body)
		}
		j := w.do(step{path: "/v1.1/customer/add", body: addJSON, header: map[string]string{"Accept": "application/json"}})
		if !strings.HasPrefix(string(j.body), `{"response":{"status":`) || j.header.Get("Content-Type") != "application/json;charset=UTF-8" {
			t.Errorf("json: %s %s", j.header.Get("Content-Type"), j.body)
		}
	}},
	{3, "one new customer: string counts, integer code, item 1000 registration, integer user_id", func(t *testing.T) {
		r := newWorld(t, "default", goldenNow, 1).do(add(addJSON))
		mustContain(t, "register", r.body, `{"response":{"status":{"success":"true","code":200,"message":"Success","total":"1","success_count":"1"}`,
			`"customer":[{"user_id":100000001,"firstname":"Asha"`, `"item_status":{"success":"true","code":"1000","message":"Customer registration successful"`)
	}},
	{4, "the same payload again: 1000 Customer successfully updated, same user_id", func(t *testing.T) {
		w := newWorld(t, "default", goldenNow, 1)
		w.do(add(addJSON))
		mustContain(t, "again", w.do(add(addJSON)).body, `"user_id":100000001,`,
			`"code":"1000","message":"Customer successfully updated","warnings":{"warning":[]}`)
	}},
	{5, "91006: the add shows the requested email, a later get the stored one", func(t *testing.T) {
		w := newWorld(t, "default", goldenNow, 1)
		w.do(add(addJSON))
		r := w.do(add(`{"root":{"customer":[{"mobile":"919876543210","email":"New@Example.com"}]}}`))
		mustContain(t, "add", r.body, `"email":"new@example.com"`,
			`"message":"Customer successfully updated, Email update is not allowed","warnings":{"warning":["91006"]}`)
		mustContain(t, "get", w.do(get("mobile=919876543210")).body, `"email":"asha@example.com"`)
	}},
	{6, "unknown custom field: 1017 with the suffix on add, the bare message on update, field not stored", func(t *testing.T) {
		w := newWorld(t, "default", goldenNow, 1)
		body := `{"root":{"customer":[{"mobile":"919876543210","custom_fields":{"field":[{"name":"shoe_size","value":"9"}]}}]}}`
		mustContain(t, "add", w.do(add(body)).body, `"custom_fields":{"field":[]}`,
			`"message":"Customer registration successful, Provided Custom Field is invalid","warnings":{"warning":["1017"]}`)
		mustContain(t, "update", w.do(step{path: "/v1.1/customer/update?format=json", body: body}).body,
			`"custom_fields":{"field":[]}`, `"message":"Customer successfully updated","warnings":{"warning":["1017"]}`)
	}},
	{7, "no identifiers: 1007 with the V1 text; one item → success false, 500, success_count 0, HTTP 200", func(t *testing.T) {
		r := newWorld(t, "default", goldenNow, 1).do(add(`{"root":{"customer":[{"firstname":"Asha"}]}}`))
		want := `{"response":{"status":{"success":"false","code":500,"message":"All requests have failed due to errors","total":"1","success_count":"0"},` +
			`"customers":{"customer":[{"mobile":"","email":"","external_id":"","item_status":{"success":"false","code":"1007",` +
			`"message":"Error in customer registration: No Valid Mobile Number or External ID or Email provided required for registration","warnings":{"warning":[]}}}]}}}`
		wantReply(t, "V1", r, 200, want)
		if e := r.header.Get("X-Sandbox-Explain"); e != "customer[0]: the customer has no mobile, email or external_id" {
			t.Errorf("X-Sandbox-Explain %q", e)
		}
	}},
	{8, "one valid item and mobile 12: 201, total 2, success_count 1, failed item 1001, HTTP 200", func(t *testing.T) {
		r := newWorld(t, "default", goldenNow, 1).do(add(`{"root":{"customer":[{"mobile":"919876543210"},{"mobile":"12"}]}}`))
		if r.status != 200 {
			t.Errorf("HTTP %d", r.status)
		}
		mustContain(t, "partial", r.body, `"status":{"success":"true","code":201,"message":"Some requests have failed due to errors","total":"2","success_count":"1"}`,
			`{"mobile":"12","email":"","external_id":"","item_status":{"success":"false","code":"1001","message":"Unable to register. Invalid mobile number."`)
	}},
	{9, "new primary, secondary of another: skip → registration; strict → 1047; neither → the owner updated", func(t *testing.T) {
		for scn, want := range map[string]string{
			"skip-secondary": `"code":"1000","message":"Customer registration successful"`,
			"strict-primary": `"code":"1047","message":"Customer's primary identifier not matching with other identifiers."`,
		} {
			mustContain(t, scn, newWorld(t, scn, goldenNow, 1).do(add(takenNewMobile)).body, want)
		}
		w := newWorld(t, "default", goldenNow, 1)
		w.do(add(`{"root":{"customer":[{"mobile":"919800000001","email":"taken@example.com"}]}}`))
		mustContain(t, "default", w.do(add(takenNewMobile)).body, `"user_id":100000001,`, `"code":"1000","message":"Customer successfully updated, Mobile is primary identifier and cannot be updated."`)
	}},
	{10, "NON_LOYALTY with only an external_id → 1045; a NON_LOYALTY customer has null slab and expiry and no summary", func(t *testing.T) {
		w := newWorld(t, "external-id-primary", goldenNow, 1)
		mustContain(t, "1045", w.do(add(`{"root":{"customer":[{"external_id":"X1","type":"NON_LOYALTY"}]}}`)).body,
			`"code":"1045","message":"No valid identifier (mobile/email) passed for non-loyalty customer."`)
		mustContain(t, "non-loyalty", newWorld(t, "default", goldenNow, 1).do(add(`{"root":{"customer":[{"mobile":"919876543210","type":"NON_LOYALTY"}]}}`)).body,
			`"current_slab":null,"tier_expiry_date":null,"points_summaries":{"points_summary":[]}`, `"type":"NON_LOYALTY"`)
	}},
	{11, "nullables: absent identifiers null, names \"\", summary values strings, nextSlabSerialNumber -1 at the top tier", func(t *testing.T) {
		r := newWorld(t, "welcome-alt-currency", goldenNow, 1).do(add(`{"root":{"customer":[{"mobile":"919876543210"}]}}`))
		mustContain(t, "nullables", r.body, `"firstname":"","lastname":"","mobile":"919876543210","email":null,"external_id":null`,
			`"currentSlab":"NONE","nextSlab":"","nextSlabSerialNumber":"-1","nextSlabDescription":"","slabSNo":"1"`, `"lifetimePoints":"0"`)
	}},
	{12, "get of an unknown mobile: 1012, overall 500, HTTP 200, mobile echoed; user_id a string only with user_id=true", func(t *testing.T) {
		w := newWorld(t, "default", goldenNow, 1)
		r := w.do(get("mobile=919000000000"))
		wantReply(t, "not found", r, 200, `{"response":{"status":{"success":"false","code":500,"message":"All requests have failed due to errors","total":"1","success_count":"0"},`+
			`"customers":{"customer":[{"mobile":"919000000000","item_status":{"success":"false","code":"1012","message":"Cannot find customer with the provided mobile number/external ID/e-mail ID.","warnings":{"warning":[]}}}]}}}`)
		w.do(add(addJSON))
		if b := w.do(get("mobile=919876543210")).body; strings.Contains(string(b), `"user_id"`) {
			t.Errorf("user_id without user_id=true: %s", b)
		}
		mustContain(t, "user_id=true", w.do(get("mobile=919876543210&user_id=true")).body, `"user_id":"100000001"`)
	}},
	{13, "malformed JSON: HTTP 400, exactly the request-level body, X-Sandbox-Explain", func(t *testing.T) {
		r := newWorld(t, "default", goldenNow, 1).do(add(malformed))
		wantReply(t, "malformed", r, 400, requestError(400, msg400))
		if e := r.header.Get("X-Sandbox-Explain"); e != "malformed JSON: unexpected end of body" {
			t.Errorf("X-Sandbox-Explain %q", e)
		}
	}},
	{14, "response headers: request id twice, uri_path, org_id, status_code, success, fail, Content-Type", checkResponseHeaders},
	{15, "form-urlencoded, text/plain or no Content-Type → 415; lenient_content_type → 200", func(t *testing.T) {
		strict, lenient := newWorld(t, "default", goldenNow, 1), newWorld(t, flip(t, "default", "sandbox: {lenient_content_type: true}"), goldenNow, 1)
		for _, ct := range []string{"application/x-www-form-urlencoded", "text/plain", ""} {
			s := add(addJSON, "Content-Type", ct)
			wantReply(t, "415 "+ct, strict.do(s), 415, requestError(415, "Unsupported media type."))
			if r := lenient.do(s); r.status != 200 {
				t.Errorf("lenient %q: HTTP %d %s", ct, r.status, r.body)
			}
		}
		mustContain(t, "nothing stored", strict.do(get("mobile=919876543210")).body, `"code":"1012"`)
	}},
	{16, "status=CODE: the current text exactly; legacy with message_texts: legacy; \"<text>: <explanation>\" with explain_errors", checkForcedStatusTexts},
}

// checkResponseHeaders is checklist item 14.
func checkResponseHeaders(t *testing.T) {
	w := newWorld(t, "default", goldenNow, 1)
	cases := []struct {
		s                                   step
		status, code, ok, fail, contentType string
	}{
		{add(`{"root":{"customer":[{"mobile":"12"},{"mobile":"919876543210"}]}}`), "200", "1001", "1", "1", "application/json;charset=UTF-8"},
		{step{path: "/v1.1/customer/add?format=xml", body: addJSON}, "200", "1000", "1", "0", "application/xml;charset=UTF-8"},
		{get("mobile=919876543210"), "200", "1000", "1", "0", "application/json;charset=UTF-8"},
		{add(malformed), "400", "400", "0", "0", "application/json;charset=UTF-8"},
		{step{method: http.MethodGet, path: "/v1.1/organization/configs?format=json"}, "200", "200", "0", "0", "application/json;charset=UTF-8"},
	}
	for _, c := range cases {
		r := w.do(c.s)
		h := r.header
		id := h.Get("X-Cap-Requestid")
		got := fmt.Sprintf("%d %s %s %s %s %s %s", r.status, h["X-CAP-REQUEST-ID"], h["uri_path"], h["org_id"], h["status_code"], h["success"], h["fail"])
		want := fmt.Sprintf("%s [%s] [%s] [146] [%s] [%s] [%s]", c.status, id, c.s.request().URL.Path, c.code, c.ok, c.fail)
		if id == "" || got != want {
			t.Errorf("%s %s:\n got %s\nwant %s", c.s.request().Method, c.s.request().URL, got, want)
		}
		if ct := h.Get("Content-Type"); ct != c.contentType {
			t.Errorf("%s: Content-Type %q, want %q", c.s.request().URL, ct, c.contentType)
		}
		if till := h["till"]; c.status == "200" && fmt.Sprint(till) != "[till1]" {
			t.Errorf("%s: till %v", c.s.request().URL, till)
		}
	}
}

// checkForcedStatusTexts is checklist item 16.
func checkForcedStatusTexts(t *testing.T) {
	current := newWorld(t, "default", goldenNow, 1)
	legacy := newWorld(t, flip(t, "default", "sandbox: {message_texts: legacy}"), goldenNow, 1)
	explained := newWorld(t, flip(t, "default", "sandbox: {explain_errors: true}"), goldenNow, 1)
	for _, code := range sandbox.RequestCodes() {
		if code == sandbox.StatusSuccess || code == sandbox.StatusPartial || code == sandbox.StatusTokenExpired {
			continue // 498 answers the OAuth body (item 16 of TestHeaderReachesEveryCode)
		}
		s := add(addJSON, outcomeHeader, "status="+code.String())
		status := sandbox.HTTPStatus(code)
		wantReply(t, "current "+code.String(), current.do(s), status, requestError(int(code), sandbox.RequestMessage(code)))
		wantReply(t, "legacy "+code.String(), legacy.do(s), status, requestError(int(code), sandbox.TextsLegacy.Request(code)))
		wantReply(t, "explained "+code.String(), explained.do(s), status,
			requestError(int(code), sandbox.RequestMessage(code)+": forced outcome status="+code.String()))
	}
	for code, want := range map[sandbox.Code]string{400: "Input is invalid, Please check request parameters or input xml/json",
		401: "Please check your username/password or authentication token", 404: "Incorrect resource", 405: "Incorrect HTTP Method",
		1060: "Batch limit exceeded", 1062: "Invalid Test & Control Status"} {
		if got := sandbox.TextsLegacy.Request(code); got != want {
			t.Errorf("legacy %d: %q, want %q", code, got, want)
		}
	}
}

func TestChecklist(t *testing.T) {
	seen := map[int]bool{}
	for _, c := range append(checklist, checklist2...) {
		seen[c.item] = true
		t.Run(fmt.Sprintf("%02d", c.item), func(t *testing.T) {
			t.Log(c.name)
			c.test(t)
		})
	}
	for i := 1; i <= 32; i++ {
		if !seen[i] {
			t.Errorf("checklist item %d has no test", i)
		}
	}
}
