package httpapi

import (
	"reflect"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/schema"
	"pgregory.net/rapid"
)

// genericAdd is the generic path of a JSON customer/add body: decode,
// schema check, conversion.
func genericAdd(body string) ([]sandbox.ItemInput, error) {
	return (&API{Schemas: schema.Default()}).genericItems("json", body, schema.AddRequest)
}

// checkFastAdd fails when fastAddItems accepts a body the generic path
// refuses or reads differently.
func checkFastAdd(t interface{ Fatalf(string, ...any) }, body string) bool {
	fast, ok := fastAddItems(body)
	if !ok {
		return false
	}
	want, err := genericAdd(body)
	if err != nil {
		t.Fatalf("fast path accepted what the generic path refuses (%v):\n%s", err, body)
	}
	if !reflect.DeepEqual(fast, want) {
		t.Fatalf("fast path read\n%+v\nthe generic path\n%+v\nfrom\n%s", fast, want, body)
	}
	return true
}

// fastAddSeeds are bodies of the fast path's shape and near misses.
var fastAddSeeds = []string{
	`{"root":{"customer":[{"mobile":"919876543210","email":"u1@example.com","firstname":"Asha","lastname":"Rao","type":"LOYALTY","custom_fields":{"field":[{"name":"City_name","value":"Bangalore"},{"name":"pincode","value":"54321"}]}}]}}`,
	` { "root" : { "customer" : { "mobile" : "919876543210" , "extended_fields" : { "field" : { "name" : "gender" , "value" : "Male" } } } } } `,
	`{"root":{"customer":[{},{"mobile":"1","mobile":"2","custom_fields":{"field":[]},"custom_fields":{"field":[{"name":"a"}]}}]}}`,
	`{"root":{"customer":[]}}`,
	`{"root":{"customer":[{"mobile":919876543210}]}}`,
	`{"root":{"customer":[{"mobile":null}]}}`,
	`{"root":{"customer":[{"mobile":"9\u0031"}]}}`,
	`{"root":{"customer":[{"firstname":"Zoë"}]}}`,
	`{"root":{"customer":[{"subscriptions":{}}]}}`,
	`{"root":{"customer":[{"nickname":"x"}]}}`,
	`{"root":{"customer":[{"mobile":"1"}]},"root":{}}`,
	`{"root":{"customer":[{"mobile":"1"}],"customer":[]}}`,
	`{"root":{"customer":[{"mobile":"1"}]}} x`,
	`{"root":{"customer":[{"custom_fields":""}]}}`,
	`{"root":{"customer":[{"custom_fields":{"field":[{"name":"a","value":1}]}}]}}`,
	`{"root":{"customer":[{"custom_fields":{"field":[{"name":"a","other":"b"}]}}]}}`,
	`{"root":{"customer":[{"mobile":"1",}]}}`,
	`{"root":{"customer":[{"mobile":"1"}`,
}

// TestFastAddAgrees holds fastAddItems to the generic path: whatever it
// accepts, the generic path accepts too and reads into the same inputs;
// bodies outside its shape go to the generic path.
func TestFastAddAgrees(t *testing.T) {
	accepted := 0
	for _, body := range fastAddSeeds {
		if checkFastAdd(t, body) {
			accepted++
		}
	}
	if accepted != 3 {
		t.Errorf("the fast path took %d of the seeds, want the first 3", accepted)
	}
	keys := []string{"mobile", "email", "external_id", "id", "firstname", "lastname", "registered_on", "updated_on",
		"registered_till", "associated_with", "type", "source", "accountId", "card_number", "series_code", "referral_code",
		"custom_fields", "extended_fields", "fraud_status", "subscriptions", "unknown"}
	str := rapid.StringMatching(`[ -~]{0,6}|[a\\"é\n]{0,3}`)
	val := func(t *rapid.T, key string) string {
		switch rapid.IntRange(0, 6).Draw(t, "kind") {
		case 0:
			return "null"
		case 1:
			return "12"
		case 2:
			return `{"status":"NONE"}`
		}
		if key == "custom_fields" || key == "extended_fields" {
			n := rapid.IntRange(0, 3).Draw(t, "fields")
			fs := make([]string, n)
			for i := range fs {
				fs[i] = `{"name":` + quote(str.Draw(t, "name")) + `,"value":` + quote(str.Draw(t, "value")) + `}`
			}
			if n == 1 && rapid.Bool().Draw(t, "one") {
				return `{"field":` + fs[0] + `}`
			}
			return `{"field":[` + strings.Join(fs, ",") + `]}`
		}
		return quote(str.Draw(t, "value"))
	}
	fastOnes := 0
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 3).Draw(t, "customers")
		custs := make([]string, n)
		for i := range custs {
			var members []string
			for range rapid.IntRange(0, 5).Draw(t, "members") {
				k := rapid.SampledFrom(keys).Draw(t, "key")
				members = append(members, quote(k)+":"+val(t, k))
			}
			custs[i] = "{" + strings.Join(members, ",") + "}"
		}
		list := "[" + strings.Join(custs, ",") + "]"
		if n == 1 && rapid.Bool().Draw(t, "single") {
			list = custs[0]
		}
		if checkFastAdd(t, `{"root":{"customer":`+list+`}}`) {
			fastOnes++
		}
	})
	if fastOnes == 0 {
		t.Errorf("no generated body took the fast path")
	}
}

// quote writes s as a JSON string the way a client would.
func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

// FuzzFastAdd is TestFastAddAgrees on any body.
//
//	go test -run - -fuzz FuzzFastAdd -fuzztime 20s ./internal/httpapi
func FuzzFastAdd(f *testing.F) {
	for _, s := range fastAddSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) { checkFastAdd(t, body) })
}
