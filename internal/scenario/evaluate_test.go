package scenario

import (
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

const ruleScenario = `name: r
extends: default
rules:
  - name: plain warning on example.com
    match: {email: {suffix: "@example.com"}}
    outcome: warning=91001
  - name: plain second warning on example.com
    match: {email: {suffix: "@example.com"}}
    outcome: warning=91002, error=1002
  - name: plain error on mobile 91999
    match: {mobile: {prefix: "91999"}}
    outcome: error=1001, delay=5ms
  - name: header on every item
    match: {header: {x-case: all}}
    outcome: warning=91003, status=503
  - name: twice
    match: {external_id: {regex: '^T(?P<n>\d)$'}}
    outcome: warning=9100${n}
    times: 2
  - name: every third request
    match: {nth: {every: 3}}
    outcome: delay=1ms
  - name: combined
    match: {mobile: {regex: '^(91)'}, email: {regex: '^c(1\d{3})@'}, header: {X-Code: {regex: '^(\d+)$'}}}
    outcome: error=$2, status=$3
`

func items(in ...sandbox.ItemInput) *RuleRequest {
	return &RuleRequest{Method: "POST", Path: "/v1.1/customer/add", Header: http.Header{}, Till: "till1", Items: in}
}

func w(codes ...sandbox.Code) []sandbox.Code { return codes }

// rules is Force with no X-Sandbox-Outcome header: what the rules alone
// force.
func rules(s *Scenario, c *Counters, req *RuleRequest) (sandbox.Outcome, []sandbox.Outcome, error) {
	f, err := s.Force(c, sandbox.Outcome{}, req)
	return f.Request, f.Items, err
}

// TestForceRules: item-level rules put item directives on their items and
// request directives on the request; request-level rules on every item;
// magic rules rank above plain ones; within a rank warnings accumulate and
// the first error wins.
func TestForceRules(t *testing.T) {
	s := mustParse(t, ruleScenario)
	cases := []struct {
		name  string
		req   *RuleRequest
		wantR sandbox.Outcome
		wantI []sandbox.Outcome
	}{
		{"no match", items(sandbox.ItemInput{Mobile: "919800000001"}), sandbox.Outcome{}, []sandbox.Outcome{{}}},
		{"two plain rules accumulate", items(sandbox.ItemInput{Email: "A@Example.com"}, sandbox.ItemInput{Email: "b@other.org"}),
			sandbox.Outcome{}, []sandbox.Outcome{{Warnings: w(91001, 91002), Error: 1002}, {}}},
		{"magic ranks above plain", items(sandbox.ItemInput{Email: "qa+w1017+e1003@example.com"}),
			sandbox.Outcome{}, []sandbox.Outcome{{Warnings: w(1017), Error: 1003}}},
		{"item rule, request part", items(sandbox.ItemInput{Mobile: "919990000001"}, sandbox.ItemInput{Mobile: "919800000001"}),
			sandbox.Outcome{Delay: 5 * time.Millisecond}, []sandbox.Outcome{{Error: 1001}, {}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var counters Counters
			r, its, err := rules(s, &counters, c.req)
			if err != nil || !reflect.DeepEqual(r, c.wantR) || !reflect.DeepEqual(its, c.wantI) {
				t.Errorf("got %+v %+v %v\nwant %+v %+v", r, its, err, c.wantR, c.wantI)
			}
		})
	}
	var counters Counters
	req := items(sandbox.ItemInput{Mobile: "919800000001"}, sandbox.ItemInput{Mobile: "919800000002"})
	req.Header.Set("X-Case", "all")
	r, its, _ := rules(s, &counters, req)
	if r.Status != 503 || !reflect.DeepEqual(its, []sandbox.Outcome{{Warnings: w(91003)}, {Warnings: w(91003)}}) {
		t.Errorf("request-level rule: %+v %+v", r, its)
	}
}

// TestForceCaptures: groups are numbered across the rule's regexes in the
// documented order; named groups work; an invalid captured value is an
// error naming it.
func TestForceCaptures(t *testing.T) {
	s := mustParse(t, ruleScenario)
	var counters Counters
	req := items(sandbox.ItemInput{Mobile: "919800000001", Email: "c1001@other.org"})
	req.Header.Set("X-Code", "500")
	r, its, err := rules(s, &counters, req)
	if err != nil || r.Status != 500 || its[0].Error != 1001 {
		t.Errorf("combined captures: %+v %+v %v", r, its, err)
	}
	req.Header.Set("X-Code", "999")
	_, _, err = rules(s, &counters, req)
	if err == nil || !strings.Contains(err.Error(), `rule "combined"`) || !strings.Contains(err.Error(), `"999" is not a request-level failure code`) {
		t.Errorf("invalid capture: %v", err)
	}
	if _, _, err := rules(s, &counters, items(sandbox.ItemInput{Email: "qa+w99999@x.org"})); err == nil ||
		!strings.Contains(err.Error(), `warning=99999: "99999" is not a warning code`) {
		t.Errorf("magic +w99999: %v", err)
	}
}

// TestTimesAndNth: times: N fires for the first N matching requests only;
// nth counts every request; Reset starts over.
func TestTimesAndNth(t *testing.T) {
	s := mustParse(t, ruleScenario)
	var counters Counters
	var got []string
	for i := 1; i <= 6; i++ {
		req := items(sandbox.ItemInput{ExternalID: "T7"})
		if i%2 == 0 {
			req = items(sandbox.ItemInput{ExternalID: "other"})
		}
		r, its, _ := rules(s, &counters, req)
		got = append(got, its[0].String()+"|"+r.String())
	}
	want := []string{"warning=91007|", "|", "warning=91007|delay=1ms", "|", "|", "|delay=1ms"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	counters.Reset()
	if _, its, _ := rules(s, &counters, items(sandbox.ItemInput{ExternalID: "T7"})); len(its[0].Warnings) != 1 || counters.Requests() != 1 {
		t.Errorf("after Reset: %+v, %d requests", its, counters.Requests())
	}
}

// TestCountersConcurrent: under concurrent requests a times: 2 rule fires
// exactly twice and every request is counted once.
func TestCountersConcurrent(t *testing.T) {
	s := mustParse(t, ruleScenario)
	var counters Counters
	var mu sync.Mutex
	fired := 0
	var wg sync.WaitGroup
	for i := 0; i < 64; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, its, _ := rules(s, &counters, items(sandbox.ItemInput{ExternalID: "T1"}))
			if len(its[0].Warnings) > 0 {
				mu.Lock()
				fired++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if fired != 2 || counters.Requests() != 64 {
		t.Errorf("fired %d times over %d requests; want 2 over 64", fired, counters.Requests())
	}
}

// TestForceHeader: the header ranks above magic values and rules part by
// part; its item part goes on every item and its request part on the
// request; rules it overrides are still counted.
func TestForceHeader(t *testing.T) {
	s := mustParse(t, ruleScenario)
	cases := []struct {
		name, header string
		req          *RuleRequest
		want         Forced
	}{
		{"header warnings over magic, magic error over plain", "warning=91006",
			items(sandbox.ItemInput{Email: "qa+w1017+e1003@example.com"}),
			Forced{Items: []sandbox.Outcome{{Warnings: w(91006), Error: 1003}}}},
		{"item part on every item, request part on the request", "error=1002, delay=1ms",
			items(sandbox.ItemInput{Mobile: "919990000001"}, sandbox.ItemInput{Mobile: "919800000001"}),
			Forced{Request: sandbox.Outcome{Delay: time.Millisecond}, Items: []sandbox.Outcome{{Error: 1002}, {Error: 1002}}}},
		{"header status over a rule's, rule warnings kept", "status=401, reset",
			withHeader(items(sandbox.ItemInput{Mobile: "919800000001"}), "X-Case", "all"),
			Forced{Request: sandbox.Outcome{Status: 401, Reset: true}, Items: []sandbox.Outcome{{Warnings: w(91003)}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			header, err := sandbox.ParseOutcome(c.header)
			if err != nil {
				t.Fatal(err)
			}
			var counters Counters
			got, err := s.Force(&counters, header, c.req)
			if err != nil || !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %+v %v\nwant %+v", got, err, c.want)
			}
		})
	}
	var counters Counters
	header := sandbox.Outcome{Warnings: w(91006)}
	for i := 0; i < 2; i++ { // times: 2 is spent under the header
		if f, _ := s.Force(&counters, header, items(sandbox.ItemInput{ExternalID: "T7"})); !reflect.DeepEqual(f.Items[0].Warnings, w(91006)) {
			t.Errorf("request %d: warnings %v, want the header's", i+1, f.Items[0].Warnings)
		}
	}
	if f, _ := s.Force(&counters, sandbox.Outcome{}, items(sandbox.ItemInput{ExternalID: "T7"})); len(f.Items[0].Warnings) != 0 || counters.Requests() != 3 {
		t.Errorf("third request: %+v after %d requests; the rule fired twice under the header and must be spent", f, counters.Requests())
	}
	req := withHeader(items(sandbox.ItemInput{Mobile: "919800000001", Email: "c1001@other.org"}), "X-Code", "999")
	if _, err := s.Force(&counters, sandbox.Outcome{Status: 503}, req); err == nil {
		t.Error("an invalid captured value must be an error even when the header forces a status")
	}
}

func withHeader(req *RuleRequest, name, value string) *RuleRequest {
	req.Header.Set(name, value)
	return req
}
