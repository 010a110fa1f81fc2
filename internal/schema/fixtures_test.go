package schema

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// seedDir holds the vendor's sample documents (testdata/seed-samples).
const seedDir = "../../testdata/seed-samples"

// Valid documents beyond the seed samples. Values follow the vendor's
// examples (docs/VENDOR.md, Response; customer/get; the v1.1 OpenAPI file for get and the org
// endpoints); the sandbox-only shapes follow docs/VENDOR.md.
const (
	// A 201 batch: a customer with every side-effect variant and the four
	// stored subscriptions, then a failed item (docs/VENDOR.md, Response).
	addPartial = `{"response":{"status":{"success":"true","code":201,"message":"Some requests have failed due to errors","total":"2","success_count":"1"},
 "customers":{"customer":[{
  "user_id":553639618,"firstname":"Asha","lastname":"Rao","mobile":"919876543210","email":"asha@example.com","external_id":null,
  "lifetime_points":100,"loyalty_points":100,"current_slab":"Base","tier_expiry_date":"2125-01-10 23:59:59",
  "points_summaries":{"points_summary":[{"programId":"469","redeemed":"0","expired":"0","returned":"0","adjusted":"0",
    "lifetimePoints":"100","loyaltyPoints":"100","cumulativePurchases":"0","currentSlab":"Base","nextSlab":"Silver",
    "nextSlabSerialNumber":"2","nextSlabDescription":"Tier 2","slabSNo":"1","slabExpiryDate":"2125-01-10 23:59:59","totalPoints":""}]},
  "lifetime_purchases":0,"registered_on":"2025-01-10 12:00:00","updated_on":"2025-01-10 12:00:00",
  "type":"LOYALTY","source":"instore","fraud_status":"NONE","reason":"",
  "custom_fields":{"field":[{"name":"address","value":"Bangalore1234"}]},"extended_fields":{"field":[{"name":"gender","value":"Female"}]},
  "subscriptions":{"subscription":[{"channel":"SMS","priority":"TRANS","scope":"ALL","status":"1"},{"channel":"SMS","priority":"BULK","scope":"ALL","status":"0"},
    {"channel":"EMAIL","priority":"TRANS","scope":"ALL","status":"1"},{"channel":"EMAIL","priority":"BULK","scope":"ALL","status":"1"}]},
  "side_effects":{"effect":[
    {"awarded_points":100,"total_points":100,"customer_id":"424133043","type":"points"},
    {"awarded_points":100,"customer_id":"424133021","is_referrer":"true","type":"points"},
    {"type":"coupon","coupon_code":"AB12CD","description":"Welcome","coupon_type":"CAMPAIGN/DVS","id":"4411"},
    {"previous_slab_name":"Base","previous_slab_number":"1","upgraded_slab_name":"Silver","upgraded_slab_number":"2","type":"slab"}]},
  "item_status":{"success":"true","code":"1000","message":"Customer registration successful","warnings":{"warning":[]}}
 },{
  "mobile":"12","email":"","external_id":"",
  "item_status":{"success":"false","code":"1001","message":"Unable to register. Invalid mobile number.","warnings":{"warning":[]}}
 }]}}}`

	// A 500 batch: its only item failed (no identifier, 1007).
	addAllFailed = `{"response":{"status":{"success":"false","code":500,"message":"All requests have failed due to errors","total":"1","success_count":"0"},
 "customers":{"customer":[{"mobile":"","email":"","external_id":"",
  "item_status":{"success":"false","code":"1007","message":"Error in customer registration: No Valid Mobile Number or External ID or Email provided. Required for registration","warnings":{"warning":[]}}}]}}}`

	// An upsert onto a NON_LOYALTY customer whose email change was blocked:
	// null tier fields, an empty summary, warning 91006.
	addNonLoyalty = `{"response":{"status":{"success":"true","code":200,"message":"Success","total":"1","success_count":"1"},
 "customers":{"customer":[{
  "user_id":566364775,"firstname":"Raj","lastname":"Loyal","mobile":"919177000000","email":"old@example.com","external_id":null,
  "lifetime_points":0,"loyalty_points":0,"current_slab":null,"tier_expiry_date":null,
  "points_summaries":{"points_summary":[]},"lifetime_purchases":0,
  "registered_on":"2025-08-12 06:46:47","updated_on":"2025-05-29 09:10:00",
  "type":"NON_LOYALTY","source":"instore","fraud_status":"NONE","reason":"",
  "custom_fields":{"field":[]},"extended_fields":{"field":[]},"subscriptions":{"subscription":[]},"side_effects":{"effect":[]},
  "item_status":{"success":"true","code":"1000","message":"Customer successfully updated, Email update is not allowed","warnings":{"warning":["91006"]}}
 }]}}}`

	getFound = `{"response":{"status":{"success":"true","code":200,"message":"Success","total":"1","success_count":"1"},
 "customers":{"customer":[{
  "firstname":"Rita","lastname":"John","mobile":"44700900999","email":"rita.john@example.com","external_id":"XYPZ006",
  "lifetime_points":500,"lifetime_purchases":0,"loyalty_points":500,"current_slab":"Member Tier ",
  "registered_on":"2012-09-11 11:11:15","updated_on":"2022-02-18 08:22:34","type":"LOYALTY","source":"instore",
  "identifiers":[],"gender":null,"registered_by":"Hamilton",
  "registered_store":{"code":"webstore","name":"Hamilton"},"registered_till":{"code":"Mobile App","name":"bukl.ind.solution"},
  "user_groups2":[],"fraud_details":{"status":"NONE","marked_by":"","modified_on":"","reason":""},
  "trackers":"","current_nps_status":null,
  "custom_fields":{"field":[]},"extended_fields":{"field":[{"name":"gender","value":"Female"},{"name":"dob","value":"1998-09-01 00:00:00"}]},
  "transactions":{"transaction":[]},"coupons":{"coupon":[]},"notes":[],"points_summaries":{"points_summary":[]},
  "item_status":{"success":"true","code":"1000","message":"Customer successfully retrieved","warnings":{"warning":[]}}
 }]}}}`

	// user_id=true, a 201 with one not-found identifier.
	getPartial = `{"response":{"status":{"success":"true","code":201,"message":"Some requests have failed due to errors","total":"2","success_count":"1"},
 "customers":{"customer":[{
  "firstname":"Tom","lastname":"Sawyer","mobile":"9988776655","email":"tom.sawyer@example.com","external_id":null,
  "lifetime_points":26447.104,"lifetime_purchases":183159,"loyalty_points":12869,"current_slab":"Platinum",
  "registered_on":"2019-04-14 11:32:30","updated_on":"2023-09-11 08:28:08","type":"LOYALTY","source":"instore",
  "identifiers":[],"gender":null,"registered_by":"FG","user_groups2":[],
  "trackers":"","user_id":"98662653","current_nps_status":null,
  "custom_fields":{"field":[{"name":"tnc","value":"yes"}]},"extended_fields":{"field":[]},
  "transactions":{"transaction":[{"id":"373930882","number":"numtest-1239","type":"REGULAR","created_date":"2023-04-05 17:07:23","store":"Mobile App"}]},
  "coupons":{"coupon":[{"id":"483792674","series_id":"249170","code":"X2Y7AP5MWG","description":"Offer3","created_date":"2023-01-04 19:47:12","valid_till":"2023-02-28 23:59:59","redeemed":"false","same_user_multiple_redeem":"false"}]},
  "notes":[],
  "points_summaries":{"points_summary":[{"programId":"469","redeemed":"0","expired":"0","returned":"0","adjusted":"0",
    "lifetimePoints":"26447","loyaltyPoints":"12869","cumulativePurchases":"183159","currentSlab":"Platinum","nextSlab":"",
    "nextSlabSerialNumber":"-1","nextSlabDescription":"","slabSNo":"3","slabExpiryDate":"2124-08-01 23:59:59","totalPoints":"",
    "currentSlabDescription":"Top tier"}]},
  "item_status":{"success":"true","code":"1000","message":"Customer successfully retrieved","warnings":{"warning":[]}}
 },{
  "mobile":"919999999999",
  "item_status":{"success":"false","code":"1012","message":"Cannot find customer with the provided mobile number/external ID/e-mail ID.","warnings":{"warning":[]}}
 }]}}}`

	error400  = `{"response":{"status":{"code":400,"message":"Input is invalid, Please check request parameters or input xml/json","success":false,"warnings":{"warning":[]}}}}`
	error401  = `{"response":{"status":{"code":401,"message":"Authentication failed. Please check username and password.","success":false,"warnings":{"warning":[]}}}}`
	error1060 = `{"response":{"status":{"code":1060,"message":"Batch limit exceeded","success":false,"warnings":{"warning":[]}}}}`

	orgConfigs = `{"response":{"status":{"success":"true","code":"200","message":"SUCCESS"},
 "organization":{"configs":{"config":[
  {"key":"CONF_USERS_IS_EMAIL_REQUIRED","scopes":"ORG","value_type":"NUMERIC","modules":"LOYALTY","entity_id":"146","value":"0"},
  {"key":"CONF_USERS_IS_EMAIL_UNIQUE","scopes":"ORG","value_type":"NUMERIC","modules":"LOYALTY","entity_id":"146","value":"0"}]}}}}`

	// One definition, collapsed to an object as in the vendor's example.
	orgCustomFields = `{"response":{"status":{"success":"true","code":"200","message":"SUCCESS"},
 "organization":{"custom_fields":{"field":{"name":"addresstwo","label":"Address","type":"text","datatype":"String",
  "default":"[\"1\"]","phase":"2","position":"2","rule":"","regex":"","error":"","options":"",
  "scope":"loyalty_transaction","is_mandatory":"0","is_disabled":"0"}}}}}`

	orgCustomFieldsList = `{"response":{"status":{"success":"true","code":"200","message":"SUCCESS"},
 "organization":{"custom_fields":{"field":[{"name":"City_name","label":"City","type":"text","datatype":"String",
  "default":"","phase":"1","position":"1","rule":"","regex":"","error":"","options":"",
  "scope":"loyalty_registration","is_mandatory":"1","is_disabled":"0"}]}}}}`

	// What wire.DecodeXML makes of an XML add: every leaf a string,
	// one-element lists collapsed, empty elements as "".
	addRequestXML = `{"root":{"customer":{"mobile":"919876543210","firstname":"Asha","fraud_status":"",
  "custom_fields":{"field":{"name":"address","value":"Bangalore"}},"extended_fields":"",
  "subscriptions":{"subscription":[{"priority":"TRANS","scope":"all","is_subscribed":"1","channel":"sms"},
    {"priority":"BULK","scope":"all","is_subscribed":"0","channel":"email"}]},
  "commChannels":{"type":"mobile","value":"919876543210","primary":"true","verified":"false","meta":{"residence":"true"}},
  "card_details":{"card_number":"","series_code":"S1"}}}}`

	// JSON clients: a bare-number mobile, typed values, unknown keys.
	addRequestTyped = `{"root":{"customer":[{"mobile":919876543210,"email":"a@example.com","referral_code":"R1","shoe_size":42,
  "custom_fields":{"field":[{"name":"kids","value":2},{"name":"vip","value":true}]},
  "subscriptions":{"subscription":{"priority":"TRANS","scope":"all","is_subscribed":1,"channel":"sms"}},
  "commChannels":[{"type":"email","value":"a@example.com","primary":true,"verified":false,"meta":{"residence":false}}]}],"extra":1}}`

	updateRequest = `{"root":{"customer":[{"id":84230513,"firstname":"Tom","fraud_status":{"status":"CONFIRMED"},
  "extended_fields":{"field":[{"name":"dob","value":"1998/12/01"}]}}]}}`
)

// fixture is a document that must be valid against schema.
type fixture struct {
	name   string
	schema string
	doc    any
}

// validFixtures returns every valid document the tests know.
func validFixtures(t *testing.T) []fixture {
	t.Helper()
	list := []fixture{
		{"addPartial", AddResponse, decode(t, addPartial)},
		{"addAllFailed", AddResponse, decode(t, addAllFailed)},
		{"addNonLoyalty", AddResponse, decode(t, addNonLoyalty)},
		{"getFound", GetResponse, decode(t, getFound)},
		{"getPartial", GetResponse, decode(t, getPartial)},
		{"error400", RequestError, decode(t, error400)},
		{"error401", RequestError, decode(t, error401)},
		{"error1060", RequestError, decode(t, error1060)},
		{"orgConfigs", OrgConfigs, decode(t, orgConfigs)},
		{"orgCustomFields", OrgCustomFields, decode(t, orgCustomFields)},
		{"orgCustomFieldsList", OrgCustomFields, decode(t, orgCustomFieldsList)},
		{"addRequestXML", AddRequest, decode(t, addRequestXML)},
		{"addRequestTyped", AddRequest, decode(t, addRequestTyped)},
		{"updateRequest", UpdateRequest, decode(t, updateRequest)},
		{"addRequestXML as update", UpdateRequest, decode(t, addRequestXML)},
	}
	for _, name := range seedNames(t) {
		schema := AddResponse
		if strings.HasPrefix(name, "request-") {
			schema = AddRequest
		}
		list = append(list, fixture{"seed " + name, schema, seed(t, name)})
	}
	return list
}

func seedNames(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(seedDir, "*.json"))
	if err != nil || len(files) != 5 {
		t.Fatalf("want the 5 seed samples in %s, found %d (%v)", seedDir, len(files), err)
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = filepath.Base(f)
	}
	return names
}

func seed(t *testing.T, name string) any {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(seedDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, string(raw))
}

// decode parses JSON the way the server does: numbers stay json.Number.
func decode(t *testing.T, s string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("fixture is not JSON: %v", err)
	}
	return v
}

func clone(t *testing.T, v any) any {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, string(bytes.TrimSpace(raw)))
}

// remove is the value mutate stores to delete a key.
var remove = &struct{}{}

// mutate returns a copy of doc with the value at a dotted path (numeric
// parts index arrays) set to val, or deleted when val is remove.
func mutate(t *testing.T, doc any, path string, val any) any {
	t.Helper()
	out := clone(t, doc)
	parts := strings.Split(path, ".")
	node := out
	for _, p := range parts[:len(parts)-1] {
		node = child(t, node, p)
	}
	last := parts[len(parts)-1]
	switch n := node.(type) {
	case map[string]any:
		if val == remove {
			delete(n, last)
		} else {
			n[last] = val
		}
	case []any:
		n[index(t, last)] = val
	default:
		t.Fatalf("mutate %s: parent is %T", path, node)
	}
	return out
}

func child(t *testing.T, node any, part string) any {
	t.Helper()
	switch n := node.(type) {
	case map[string]any:
		return n[part]
	case []any:
		return n[index(t, part)]
	}
	t.Fatalf("cannot step into %T with %q", node, part)
	return nil
}

func index(t *testing.T, s string) int {
	t.Helper()
	i, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return i
}
