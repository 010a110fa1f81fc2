package server_test

import (
	"strings"
	"testing"
	"time"
)

// Checklist items 17–32 (see checklist_test.go).

const (
	updatePath = "/v1.1/customer/update?format=json"
	sha256Auth = "Basic dGlsbDE6YTY2NWE0NTkyMDQyMmY5ZDQxN2U0ODY3ZWZkYzRmYjhhMDRhMWYzZmZmMWZhMDdlOTk4ZTg2ZjdmN2EyN2FlMw=="
)

func update(body string, header ...string) step {
	s := add(body, header...)
	s.path = updatePath
	return s
}

var checklist2 = []struct {
	item int
	name string
	test func(t *testing.T)
}{
	{17, "base 974 with CONF_CLIENT_DEFAULT_COUNTRYCODE_PASSED: 55123456 is stored as 97455123456 and found by it; get normalises the email", func(t *testing.T) {
		w := newWorld(t, flip(t, "default", `org: {country: {base: {name: Qatar, code: "974", lengths: [8]}, supported: []}, configs: {CONF_CLIENT_DEFAULT_COUNTRYCODE_PASSED: 1}}`), goldenNow, 1)
		mustContain(t, "add", w.do(add(`{"root":{"customer":[{"mobile":"55123456","email":"asha@example.com"}]}}`)).body, `"mobile":"97455123456"`)
		for _, q := range []string{"mobile=55123456", "mobile=97455123456", "email=ASHA@EXAMPLE.COM"} {
			mustContain(t, q, w.do(get(q)).body, `"mobile":"97455123456"`, `"code":"1000","message":"Customer successfully retrieved"`)
		}
		mustContain(t, "an invalid mobile is looked up as given", w.do(get("mobile=5512")).body, `"mobile":"5512","item_status":{"success":"false","code":"1012"`)
	}},
	{18, "a till with password_hash: sha256 takes the SHA-256 hex of 123, not the MD5", func(t *testing.T) {
		w := newWorld(t, flip(t, "default", `org: {tills: [{username: till1, password: "123", password_hash: sha256, store_code: store1, store_name: Demo Store}]}`), goldenNow, 1)
		if r := w.do(add(addJSON, "Authorization", sha256Auth)); r.status != 200 {
			t.Errorf("SHA-256 hex: HTTP %d %s", r.status, r.body)
		}
		r := w.do(add(addJSON)) // the MD5 hex
		wantReply(t, "MD5 hex", r, 401, requestError(401, msg401))
		if e := r.header.Get("X-Sandbox-Explain"); !strings.Contains(e, "SHA-256") {
			t.Errorf("X-Sandbox-Explain %q", e)
		}
		if r := newWorld(t, "default", goldenNow, 1).do(add(addJSON, "Authorization", sha256Auth)); r.status != 401 {
			t.Errorf("an md5 till took the SHA-256 hex: HTTP %d", r.status)
		}
	}},
	{19, "null in every optional field of an item is as if absent", func(t *testing.T) {
		nulls := `{"root":{"customer":[{"mobile":"919876543210","email":null,"external_id":null,"firstname":null,"lastname":null,` +
			`"registered_on":null,"updated_on":null,"registered_till":null,"associated_with":null,"type":null,"source":null,` +
			`"accountId":null,"fraud_status":null,"custom_fields":null,"extended_fields":null,"subscriptions":null,` +
			`"commChannels":null,"card_details":null,"card_number":null,"series_code":null,"referral_code":null}]}}`
		a := newWorld(t, "default", goldenNow, 1).do(add(nulls))
		b := newWorld(t, "default", goldenNow, 1).do(add(`{"root":{"customer":[{"mobile":"919876543210"}]}}`))
		if a.status != 200 || string(a.body) != string(b.body) {
			t.Errorf("nulls:\n%s\nabsent:\n%s", a.body, b.body)
		}
	}},
	{20, "update: updated_on is the namespace's clock; fraud_status present, reason absent", func(t *testing.T) {
		w := newWorld(t, "default", goldenNow, 1)
		w.do(add(addJSON))
		r := w.do(update(`{"root":{"customer":[{"mobile":"919876543210","lastname":"Rao","updated_on":"2019-09-11 10:12:00"}]}}`))
		mustContain(t, "update", r.body, `"updated_on":"2025-01-10 12:00:00"`, `"fraud_status":"NONE","custom_fields"`)
	}},
	{21, "update changing the primary of a customer found by email → 91005, body 500, nothing stored", func(t *testing.T) {
		w := newWorld(t, "default", goldenNow, 1)
		w.do(add(addJSON))
		r := w.do(update(`{"root":{"customer":[{"email":"asha@example.com","mobile":"919812345678","lastname":"Rao"}]}}`))
		mustContain(t, "91005", r.body, `"code":500,"message":"All requests have failed due to errors"`,
			`"code":"91005","message":"Mobile is primary identifier and cannot be updated."`)
		mustContain(t, "unchanged", w.do(get("email=asha@example.com")).body, `"lastname":"","mobile":"919876543210"`)
	}},
	{22, "update changing a filled email: config 0 → 91006, body 500; config 1 and an unused value → replaced", func(t *testing.T) {
		w := newWorld(t, "default", goldenNow, 1)
		w.do(add(addJSON))
		mustContain(t, "config 0", w.do(update(`{"root":{"customer":[{"mobile":"919876543210","email":"new@example.com"}]}}`)).body,
			`"code":500`, `"code":"91006","message":"Email update is not allowed"`)
		w = newWorld(t, "identifier-updates", goldenNow, 1)
		mustContain(t, "config 1", w.do(update(`{"root":{"customer":[{"mobile":"919800000001","email":"new@example.com"}]}}`)).body,
			`"email":"new@example.com"`, `"code":"1000","message":"Customer successfully updated"`)
	}},
	{23, "update without identifier → item 400", func(t *testing.T) {
		r := newWorld(t, "default", goldenNow, 1).do(update(`{"root":{"customer":[{"firstname":"Asha"}]}}`))
		mustContain(t, "U1", r.body, `"code":"400","message":"Input is invalid, Please check request parameters or input xml/json"`)
	}},
	{24, "subscriptions in any order answer SMS BULK, SMS TRANS, EMAIL BULK, EMAIL TRANS", func(t *testing.T) {
		body := `{"root":{"customer":[{"mobile":"919876543210","subscriptions":{"subscription":[` +
			`{"priority":"TRANS","scope":"all","is_subscribed":"1","channel":"email"},{"priority":"BULK","scope":"all","is_subscribed":"0","channel":"email"},` +
			`{"priority":"TRANS","scope":"all","is_subscribed":"1","channel":"sms"},{"priority":"BULK","scope":"all","is_subscribed":"0","channel":"sms"}]}}]}}`
		want := `"subscription":[{"channel":"SMS","priority":"BULK","scope":"ALL","status":"0"},{"channel":"SMS","priority":"TRANS","scope":"ALL","status":"1"},` +
			`{"channel":"EMAIL","priority":"BULK","scope":"ALL","status":"0"},{"channel":"EMAIL","priority":"TRANS","scope":"ALL","status":"1"}]`
		w := newWorld(t, "default", goldenNow, 1)
		mustContain(t, "add", w.do(add(body)).body, want)
		mustContain(t, "update", w.do(update(body)).body, want)
	}},
	{25, "registered_on: server time for a new customer, applied when sent again, always applied with honour_registered_on: always", func(t *testing.T) {
		clock := time.Date(2019, 12, 9, 14, 59, 49, 0, time.UTC)
		body := `{"root":{"customer":[{"mobile":"919876543210","registered_on":"2012-09-11 10:00:00"}]}}`
		w := newWorld(t, "default", clock, 1)
		mustContain(t, "new", w.do(add(body)).body, `"tier_expiry_date":"2119-12-09 23:59:59"`, `"registered_on":"2019-12-09 14:59:49"`)
		mustContain(t, "again", w.do(add(body)).body, `"tier_expiry_date":"2119-12-09 23:59:59"`, `"registered_on":"2012-09-11 10:00:00"`)
		always := newWorld(t, flip(t, "default", "sandbox: {honour_registered_on: always}"), clock, 1)
		mustContain(t, "always", always.do(add(body)).body, `"tier_expiry_date":"2112-09-11 23:59:59"`, `"registered_on":"2012-09-11 10:00:00"`)
	}},
	{26, "an external-id-only registration has no fraud_status or reason; with a mobile both", func(t *testing.T) {
		w := newWorld(t, "external-id-primary", goldenNow, 1)
		r := w.do(add(`{"root":{"customer":[{"external_id":"E1"},{"external_id":"E2","mobile":"919876543210"}]}}`))
		mustContain(t, "both", r.body, `"type":"LOYALTY","source":"instore","custom_fields"`, `"source":"instore","fraud_status":"NONE","reason":"","custom_fields"`)
	}},
	{27, "get of a LOYALTY customer with points and extended gender: gender null, registered_by the store name, points_summary [] (one entry with points_summary=true)", func(t *testing.T) {
		w := newWorld(t, "welcome-points", goldenNow, 1)
		w.do(add(`{"root":{"customer":[{"external_id":"E1","extended_fields":{"field":[{"name":"gender","value":"Female"}]}}]}}`))
		r := w.do(get("external_id=E1"))
		mustContain(t, "get", r.body, `"loyalty_points":100`, `"gender":null,"registered_by":"Demo Store","registered_store":{"code":"store1","name":"Demo Store"}`,
			`"points_summaries":{"points_summary":[]}`, `{"name":"gender","value":"Female"}`)
		mustContain(t, "points_summary=true", w.do(get("external_id=E1&points_summary=true")).body,
			`"points_summaries":{"points_summary":[{"programId":"1204","redeemed":"0","expired":"0","returned":"0","adjusted":"0","lifetimePoints":"100","loyaltyPoints":"100"`)
	}},
	{28, "get XML keeps empty lists as empty elements", func(t *testing.T) {
		w := newWorld(t, "default", goldenNow, 1)
		w.do(add(addJSON))
		r := w.do(step{method: "GET", path: "/v1.1/customer/get?format=xml&mobile=919876543210"})
		mustContain(t, "xml", r.body, "<identifiers />", "<user_groups2 />", "<notes />", "<extended_fields><field /></extended_fields>", "<gender />")
		mustContain(t, "add keeps open-close", w.do(step{path: "/v1.1/customer/add?format=xml", body: addJSON}).body, "<custom_fields></custom_fields>")
	}},
	{29, "get without identifier → HTTP 400 and the status page's text; get?id=abc → item 400 without id", func(t *testing.T) {
		w := newWorld(t, "default", goldenNow, 1)
		wantReply(t, "no identifier", w.do(get("")), 400,
			requestError(400, "Input is invalid. Please check request parameters or input xml/json; No identifier provided to get loyalty users."))
		mustContain(t, "id=abc", w.do(get("id=abc")).body,
			`"customer":[{"item_status":{"success":"false","code":"400","message":"Input is invalid, Please check request parameters or input xml/json"`)
	}},
	{30, "organization/customfields: one field is an object, two an array", func(t *testing.T) {
		one := newWorld(t, flip(t, "default", "org: {custom_fields: [{name: club, label: Club}]}"), goldenNow, 1)
		cf := step{method: "GET", path: "/v1.1/organization/customfields?format=json"}
		mustContain(t, "one", one.do(cf).body, `"custom_fields":{"field":{"name":"club","label":"Club"`)
		mustContain(t, "two", newWorld(t, "default", goldenNow, 1).do(cf).body, `"custom_fields":{"field":[{"name":"City_name"`)
	}},
	{31, "forced 91015 without extended field drops the field name; forced 1043, 1048, 1049 carry U+2019", func(t *testing.T) {
		w := newWorld(t, "default", goldenNow, 1)
		mustContain(t, "91015", w.do(add(addJSON, outcomeHeader, "warning=91015")).body,
			`"message":"Customer registration successful, Failed to update extended fields; or field length too long."`)
		for code, text := range map[string]string{"1043": "Unable to register. Customer\u2019s external id is required.",
			"1048": "Customer\u2019s email id is required to convert to loyalty customer.", "1049": "Customer\u2019s external id is required to convert to loyalty customer."} {
			mustContain(t, code, w.do(add(addJSON, outcomeHeader, "error="+code)).body, `"code":"`+code+`","message":"`+text+`"`)
		}
	}},
	{32, "org.program: null → a LOYALTY customer with null slab and expiry and an empty summary", func(t *testing.T) {
		w := newWorld(t, flip(t, "default", "org: {program: null}"), goldenNow, 1)
		mustContain(t, "no program", w.do(add(addJSON)).body,
			`"current_slab":null,"tier_expiry_date":null,"points_summaries":{"points_summary":[]}`, `"type":"LOYALTY"`)
		b := newWorld(t, "external-id-primary", goldenNow, 1).do(add(`{"root":{"customer":[{"external_id":"E1"}]}}`))
		mustContain(t, "external-id-primary", b.body, `"current_slab":null,"tier_expiry_date":null,"points_summaries":{"points_summary":[]}`, `"type":"LOYALTY"`)
	}},
}

// TestTokenExpiredAtTheOrgsClock: the 498 body of the vendor's
// authorization-flows page, byte for byte, from an org in India at the
// sample's moment.
func TestTokenExpiredAtTheOrgsClock(t *testing.T) {
	ist := time.FixedZone("IST", 19800)
	w := newWorld(t, flip(t, "default", "org: {time_zone: Asia/Kolkata}"), time.Date(2019, 12, 2, 12, 31, 15, 0, ist), 1)
	wantReply(t, "498", w.do(add(addJSON, outcomeHeader, "status=498")), 498,
		`{"response":{"status":{"success":"true","code":"498","message":"Token expired at 2019-12-02T12:31:15.000+0530"},"customers":null}}`)
}
