package verify

import (
	"net/http"
	"strings"
	"testing"
)

func diffs(t *testing.T, rec, rep string, extra ...string) []Difference {
	t.Helper()
	ig, err := newIgnorer(extra)
	if err != nil {
		t.Fatal(err)
	}
	return compareBodies([]byte(rec), []byte(rep), ig)
}

func wantDiffs(t *testing.T, got []Difference, want ...string) {
	t.Helper()
	var lines []string
	for _, d := range got {
		lines = append(lines, d.String())
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("differences:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

// TestCompareJSON: each kind of deviation is reported at its path with
// both values; equal documents give none.
func TestCompareJSON(t *testing.T) {
	base := `{"status":{"success":"true","code":200,"total":"1"},"items":[{"a":1},{"a":2}]}`
	for _, c := range []struct {
		name, rec string
		want      []string
	}{
		{"equal", base, nil},
		{"number for string", `{"status":{"success":"true","code":200,"total":1},"items":[{"a":1},{"a":2}]}`,
			[]string{`$.status.total: type differs: recorded number 1, replayed string "1"`}},
		{"value", `{"status":{"success":"false","code":200,"total":"1"},"items":[{"a":1},{"a":2}]}`,
			[]string{`$.status.success: recorded "false", replayed "true"`}},
		{"missing key", `{"status":{"success":"true","code":200,"total":"1","x":null},"items":[{"a":1},{"a":2}]}`,
			[]string{`$.status.x: missing in the replay (recorded null)`}},
		{"extra key", `{"status":{"success":"true","code":200},"items":[{"a":1},{"a":2}]}`,
			[]string{`$.status.total: not in the recording (replayed "1")`}},
		{"order", `{"status":{"code":200,"success":"true","total":"1"},"items":[{"a":1},{"a":2}]}`,
			[]string{`$.status: keys in another order: recorded [code,success,total], replayed [success,code,total]`}},
		{"length", `{"status":{"success":"true","code":200,"total":"1"},"items":[{"a":1}]}`,
			[]string{`$.items: recorded 1 items, replayed 2`}},
		{"nested", `{"status":{"success":"true","code":200,"total":"1"},"items":[{"a":1},{"a":3}]}`,
			[]string{`$.items[1].a: recorded 3, replayed 2`}},
		{"null for object", `{"status":null,"items":[{"a":1},{"a":2}]}`,
			[]string{`$.status: type differs: recorded null, replayed object{success,code,total}`}},
	} {
		t.Run(c.name, func(t *testing.T) { wantDiffs(t, diffs(t, c.rec, base), c.want...) })
	}
}

// TestCompareIgnored: instance-specific values compare by type and format
// only: another user id or timestamp conforms, another type or layout
// does not.
func TestCompareIgnored(t *testing.T) {
	rep := `{"c":{"user_id":100000001,"registered_on":"2025-01-10 12:00:00","coupon_code":"AB12","external_id":"E1"}}`
	wantDiffs(t, diffs(t, `{"c":{"user_id":557408687,"registered_on":"2024-08-01 07:28:32","coupon_code":"1VSD3JPP","external_id":"E1"}}`, rep))
	wantDiffs(t, diffs(t, `{"c":{"user_id":"557408687","registered_on":"2024-08-01","coupon_code":"","external_id":"E2"}}`, rep),
		`$.c.user_id: type differs: recorded string "557408687", replayed number 100000001`,
		`$.c.registered_on: format differs: recorded "2024-08-01" (date YYYY-MM-DD), replayed "2025-01-10 12:00:00" (timestamp YYYY-MM-DD HH:MM:SS)`,
		`$.c.coupon_code: format differs: recorded "" (empty), replayed "AB12" (text)`,
		`$.c.external_id: recorded "E2", replayed "E1"`)
	// --ignore extends the list.
	wantDiffs(t, diffs(t, `{"c":{"user_id":1,"registered_on":"2024-08-01 07:28:32","coupon_code":"X","external_id":"E2"}}`, rep, "**.external_id"))
}

// TestCompareXML: XML bodies are compared the same way; repeated elements
// are indexed, a lone one is not, and the same ignore patterns apply.
func TestCompareXML(t *testing.T) {
	rec := `<?xml version="1.0"?><response><status><code>200</code></status><customers><customer><user_id>5</user_id><m>a</m></customer></customers></response>`
	wantDiffs(t, diffs(t, rec, `<response><status><code>200</code></status><customers><customer><user_id>9</user_id><m>a</m></customer></customers></response>`))
	wantDiffs(t, diffs(t, rec, `<response><status><code>500</code></status><customers><customer><m>a</m><user_id>x</user_id></customer><customer><m>b</m></customer></customers></response>`),
		`$.response.status.code: recorded "200", replayed "500"`,
		`$.response.customers.customer[0]: keys in another order: recorded [user_id,m], replayed [m,user_id]`,
		`$.response.customers.customer[0].user_id: format differs: recorded "5" (digits), replayed "x" (text)`,
		`$.response.customers.customer[1]: not in the recording (replayed object{m})`)
	wantDiffs(t, diffs(t, rec, `{"response":{}}`),
		`body: recorded XML document, replayed not XML (no root element: EOF): "{\"response\":{}}"`)
}

// TestCompareHeadersAndStatus: the HTTP status, the vendor headers the
// recording has (Content-Type by media type and charset, request ids by
// format) and non-document bodies byte for byte.
func TestCompareHeadersAndStatus(t *testing.T) {
	ig, _ := newIgnorer(nil)
	rec := answer{status: 200, body: []byte("plain"), header: http.Header{
		"Content-Type": {"application/json;charset=UTF-8"}, "X-Cap-Requestid": {"6f1c2f0e-8d9a-4d4b-9a0e-0b8f7c6d5e4a"},
		"Status_code": {"1000"}, "Server": {"CapWS"}, "Success": {"1"}}}
	rep := answer{status: 400, body: []byte("plain!"), header: http.Header{
		"Content-Type": {"application/json; charset=utf-8"}, "X-Cap-Requestid": {"12345"}, "Status_code": {"1001"}}}
	wantDiffs(t, compareAnswers(rec, rep, ig),
		`status: recorded 200, replayed 400`,
		`header:X-Cap-Requestid: format differs: recorded "6f1c2f0e-8d9a-4d4b-9a0e-0b8f7c6d5e4a" (UUID), replayed "12345" (digits)`,
		`header:Status_code: recorded "1000", replayed "1001"`,
		`header:Success: missing in the replay (recorded "1")`,
		`body: recorded "plain", replayed "plain!"`)
}

// TestPatterns: the ignore pattern syntax.
func TestPatterns(t *testing.T) {
	p := func(keys ...any) path {
		var pa path
		for _, k := range keys {
			if i, ok := k.(int); ok {
				pa = pa.index(i)
			} else {
				pa = pa.key(k.(string))
			}
		}
		return pa
	}
	cust := p("response", "customers", "customer", 0, "side_effects", "effect", 1, "id")
	for _, c := range []struct {
		pat  string
		pa   path
		want bool
	}{
		{"**.id", cust, true},
		{"**.side_effects.effect[*].id", cust, true},
		{"**.side_effects.effect[*].id", p("response", "customer", "side_effects", "effect", "id"), true},
		{"**.side_effects.effect[0].id", cust, false},
		{"$.response.customers.customer[0].side_effects.effect[1].id", cust, true},
		{"response.*.customer[*].side_effects.effect[*].id", cust, true},
		{"$.response.id", cust, false},
		{"**.effect", cust, false},
		{"**", cust, true},
	} {
		pat, err := parsePattern(c.pat)
		if err != nil {
			t.Fatal(err)
		}
		if got := pat.match(c.pa); got != c.want {
			t.Errorf("%s on %s: %v, want %v", c.pat, c.pa, got, c.want)
		}
	}
	for _, bad := range []string{"", "a..b", "a[x]", "a[1", "$.", "a[", "a[1]x", "a[-1]"} {
		if _, err := parsePattern(bad); err == nil {
			t.Errorf("pattern %q accepted", bad)
		}
	}
}
