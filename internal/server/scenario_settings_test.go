package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// settingCase flips one `sandbox:` setting (or the Q13 config) over a base
// scenario: the same requests answer differently, as expect shows.
type settingCase struct {
	key    string // the setting
	base   string // the scenario flipped
	yaml   string // the flip, under extends: base
	steps  []step
	expect string // in the flipped transcript only
}

// schemaGaps name the settings whose flipped bodies are not checked
// against schemas/, and why: the response schema does not (yet) admit the
// variant the setting produces (reported to the schema's owner).
var schemaGaps = map[string]string{}

const malformed = `{"root":{"customer":[`

func noAuth(s step) step {
	s.header = map[string]string{"Authorization": ""}
	return s
}

var settingCases = []settingCase{
	{"batch_limit", "default", "sandbox: {batch_limit: 2}",
		[]step{add(`{"root":{"customer":[{"mobile":"919800000001"},{"mobile":"919800000002"},{"mobile":"919800000003"}]}}`)},
		`"code":1060,"message":"Batch limit size exceeded."`},
	{"duplicate_policy", "default", "sandbox: {duplicate_policy: reject}",
		[]step{add(ashaBody), add(ashaBody)}, `"code":"1032"`},
	{"rate_limit_per_minute", "default", "sandbox: {rate_limit_per_minute: 2}",
		[]step{get("mobile=919800000001"), get("mobile=919800000001"), get("mobile=919800000001")}, "< HTTP 429\n< Retry-After: 30\n"},
	{"secondary_match", "default", "sandbox: {secondary_match: create}",
		[]step{add(one("919800000001", "x@example.com")), add(one("919800000002", "x@example.com"))},
		`"user_id":100000002,"firstname":"","lastname":"","mobile":"919800000002","email":null`},
	{"strict_check_code", "strict-primary", "sandbox: {strict_check_code: 1042}",
		[]step{add(takenNewMobile)}, `"code":"1042","message":"Invalid mobile no/email id/external id."`},
	{"partial_success", "default", `sandbox: {partial_success: "false"}`,
		[]step{add(`{"root":{"customer":[{"mobile":"919800000001"},{"mobile":"12"}]}}`)}, `"success":"false","code":201`},
	{"request_error_http", "default", `sandbox: {request_error_http: "200"}`,
		[]step{add(malformed)}, "< HTTP 200\n< X-Sandbox-Explain: malformed JSON: unexpected end of body\n{\"response\":{\"status\":{\"code\":400"},
	{"invalid_secondary", "default", "sandbox: {invalid_secondary: drop}",
		[]step{add(one("919800000001", "not-an-email"))}, `"mobile":"919800000001","email":null`},
	{"honour_registered_on", "default", "sandbox: {honour_registered_on: always}",
		[]step{add(`{"root":{"customer":[{"mobile":"919800000001","registered_on":"2024-01-01 10:00:00"}]}}`)},
		`"tier_expiry_date":"2124-01-01 23:59:59","points_summaries"`},
	{"response_source", "default", "sandbox: {response_source: WEB_ENGAGE}",
		[]step{add(ashaBody)}, `"source":"WEB_ENGAGE"`},
	{"block_fraud", "default", "sandbox: {block_fraud: true}",
		[]step{add(`{"root":{"customer":[{"mobile":"919800000001","fraud_status":{"status":"CONFIRMED"}}]}}`), add(`{"root":{"customer":[{"mobile":"919800000001"}]}}`)},
		`"code":"618","message":"Not allowed - customer is marked as fraud."`},
	{"invalid_till", "default", "sandbox: {invalid_till: ignore}",
		[]step{add(`{"root":{"customer":[{"mobile":"919800000001","registered_till":"nope","associated_with":"nope"}]}}`)},
		`"code":"1000","message":"Customer registration successful"`},
	{"warning_suffix", "default", "sandbox: {warning_suffix: false}",
		[]step{add(ashaBody, outcomeHeader, "warning=1017")}, `"message":"Customer registration successful","warnings":{"warning":["1017"]}`},
	{"identifier_labels", "default", "sandbox: {identifier_labels: {email: E-mail}}",
		[]step{add(ashaBody), add(one("919876543210", "other@example.com"))}, `"message":"Customer successfully updated, E-mail update is not allowed"`},
	{"update_methods", "default", "sandbox: {update_methods: [POST]}",
		[]step{add(ashaBody), {method: http.MethodPut, path: "/v1.1/customer/update?format=json", body: ashaBody}},
		"< HTTP 405\n< X-Sandbox-Explain: this scenario accepts customer/update with POST\n{\"response\":{\"status\":{\"code\":405"},
	{"auth_failure_body", "default", "sandbox: {auth_failure_body: oauth}",
		[]step{noAuth(add(ashaBody))}, `{"response":{"status":{"success":"true","code":"401","message":"Unauthorized"},"customers":null}}`},
	{"add_user_id", "default", "sandbox: {add_user_id: on_request}",
		[]step{add(ashaBody), {path: addPath + "&user_id=true", body: ashaBody}},
		`"customer":[{"firstname":"Asha"`},
	{"loyalty_downgrade", "default", "sandbox: {loyalty_downgrade: ignore}",
		[]step{add(ashaBody), add(`{"root":{"customer":[{"mobile":"919876543210","type":"NON_LOYALTY"}]}}`)},
		`"type":"LOYALTY","source":"instore","fraud_status":"NONE","reason":"","custom_fields":{"field":[]},"extended_fields":{"field":[]},"subscriptions":{"subscription":[]},"side_effects":{"effect":[]},"item_status":{"success":"true","code":"1000","message":"Customer successfully updated"`},
	{"external_id_case_sensitive", "default", "sandbox: {external_id_case_sensitive: false}",
		[]step{add(`{"root":{"customer":[{"mobile":"919800000001","external_id":"EXT-1"}]}}`), get("external_id=ext-1")},
		`"external_id":"EXT-1","lifetime_points":0,"lifetime_purchases"`},
	{"warn_dropped_secondary", "skip-secondary", "sandbox: {warn_dropped_secondary: true}",
		[]step{add(takenNewMobile)}, `"message":"Customer registration successful, Failed to register. Email already exists for some other user.","warnings":{"warning":["91007"]}`},
	{"include_fraud_status", "default", "sandbox: {include_fraud_status: never}",
		[]step{add(ashaBody)}, `"source":"instore","custom_fields"`},
	{"explain_errors", "default", "sandbox: {explain_errors: true}",
		[]step{add(malformed)}, `"message":"Invalid input. Please check request body parameters or input xml/json.: malformed JSON: unexpected end of body","success":false`},
	{"message_texts", "default", "sandbox: {message_texts: legacy}",
		[]step{add(malformed), noAuth(add(ashaBody)), add(`{"root":{"customer":[{"firstname":"x"}]}}`)},
		`"message":"Unable to register customer. No valid primary identifier mobile number, email ID, or external ID passed."`},
	{"lenient_content_type", "default", "sandbox: {lenient_content_type: true}",
		[]step{add(ashaBody, "Content-Type", "application/x-www-form-urlencoded")}, `"code":"1000","message":"Customer registration successful"`},
	{"update_warning_suffix", "default", "sandbox: {update_warning_suffix: true}",
		[]step{add(ashaBody), {path: "/v1.1/customer/update?format=json", body: ashaBody, header: map[string]string{outcomeHeader: "warning=91017"}}},
		`"message":"Customer successfully updated, WEB_ENGAGE profile is not available for the customer."`},
	{"subscription_order", "default", `sandbox: {subscription_order: ["SMS TRANS", "EMAIL BULK", "SMS BULK", "EMAIL TRANS"]}`,
		[]step{add(`{"root":{"customer":[{"mobile":"919800000001","subscriptions":{"subscription":[{"channel":"sms","priority":"BULK","is_subscribed":"0"}]}}]}}`)},
		`"subscription":[{"channel":"SMS","priority":"TRANS","scope":"ALL","status":"1"},{"channel":"EMAIL","priority":"BULK"`},
	{"failed_add_item", "default", "sandbox: {failed_add_item: empty}",
		[]step{add(`{"root":{"customer":[{"mobile":"12"}]}}`)}, `"customers":{"customer":[{}]}`},
	{"max_future_registration", "default", "sandbox: {max_future_registration: 1h}",
		[]step{add(`{"root":{"customer":[{"mobile":"919800000001"}]}}`),
			add(`{"root":{"customer":[{"mobile":"919800000001","registered_on":"2025-01-10 14:00:00"}]}}`)}, `"code":"1034"`},
	{"CONF_CLIENT_DEFAULT_COUNTRYCODE_PASSED", "default", "org: {configs: {CONF_CLIENT_DEFAULT_COUNTRYCODE_PASSED: 1}}",
		[]step{add(`{"root":{"customer":[{"mobile":"9876543210"}]}}`)}, `"mobile":"919876543210"`},
}

// TestSettingsFlipBehaviour: each setting for the vendor's open
// questions changes what the same requests get over HTTP (golden: the base
// scenario's transcript, then the flipped one's).
func TestSettingsFlipBehaviour(t *testing.T) {
	for _, c := range settingCases {
		t.Run(c.key, func(t *testing.T) {
			flipped := writeScenario(t, "flipped", fmt.Sprintf("name: flipped\nextends: %s\n%s\n", c.base, c.yaml))
			before := transcript(c.steps, newWorld(t, c.base, goldenNow, 1).run(c.steps))
			fw := newWorld(t, flipped, goldenNow, 1)
			fw.schemaGap = schemaGaps[c.key]
			after := transcript(c.steps, fw.run(c.steps))
			if bytes.Equal(before, after) {
				t.Fatalf("%s changes nothing:\n%s", c.yaml, after)
			}
			if !bytes.Contains(after, []byte(c.expect)) || bytes.Contains(before, []byte(c.expect)) {
				t.Errorf("want %s only with %s\nbase:\n%s\nflipped:\n%s", c.expect, c.yaml, before, after)
			}
			var b bytes.Buffer
			fmt.Fprintf(&b, "## base: %s\n\n%s## flipped: %s\n\n%s", c.base, before, c.yaml, after)
			golden(t, "setting-"+c.key, b.Bytes())
		})
	}
}

// TestEverySettingHasACase: every key of the schema's sandbox block is
// shown to flip behaviour.
func TestEverySettingHasACase(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "schemas", "scenario.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Properties struct {
			Sandbox struct {
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"sandbox"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, c := range settingCases {
		have[c.key] = true
	}
	var missing []string
	for k := range doc.Properties.Sandbox.Properties {
		if !have[k] {
			missing = append(missing, k)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 || len(doc.Properties.Sandbox.Properties) < 20 {
		t.Errorf("settings without a case: %v (schema lists %d)", missing, len(doc.Properties.Sandbox.Properties))
	}
}
