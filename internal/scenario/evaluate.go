package scenario

import (
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// RuleRequest is what scenario rules match on: the request and its items
// (for customer/get, each queried value as an item).
type RuleRequest struct {
	Method string
	Path   string
	Header http.Header
	Till   string
	Items  []sandbox.ItemInput
}

// Counters are a namespace's rule state: how many requests it has seen and
// how often each rule has fired. They reset with the namespace. The zero
// value is ready to use; Counters are safe for concurrent use.
type Counters struct {
	mu       sync.Mutex
	requests int
	fired    map[*Rule]int
}

// Reset zeroes the counters.
func (c *Counters) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.requests, c.fired = 0, nil
}

// Requests returns how many requests the counters have seen.
func (c *Counters) Requests() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.requests
}

// Forced is what a request is forced to do: the request-level part
// (status, delay, reset) and one item-level part (warnings, error) per
// item.
type Forced struct {
	Request sandbox.Outcome
	Items   []sandbox.Outcome
}

// Force decides every outcome forced on req, the namespace's next request;
// it is the one place that does. Sources rank header (the parsed
// X-Sandbox-Outcome directives) over magic values (rules with Magic set)
// over plain rules, part by part (sandbox.Outcome.Over). Within a rank,
// rules apply in file order: warnings accumulate, the first rule to set an
// error, status or delay wins, any reset resets. The header's item part
// goes on every item, its request part on the request; a request-level
// rule puts its item part on every item, an item-level rule on the items
// it matches (and its request part, from the first of them, on the
// request).
//
// Force counts the request in c, and each rule that fires, also when the
// header overrides all it forces; a rule with times: N stops after the
// first N requests it matched.
//
// The error reports a rule whose captured value is not a valid directive
// (e.g. email qa+w99999@example.com): the request should be rejected with
// HTTP 400 and this message, as for an invalid X-Sandbox-Outcome header.
func (s *Scenario) Force(c *Counters, header sandbox.Outcome, req *RuleRequest) (Forced, error) {
	ranks, err := s.fire(c, req)
	if err != nil {
		return Forced{Items: make([]sandbox.Outcome, len(req.Items))}, err
	}
	item, request := header.Split()
	f := Forced{Request: request.Over(ranks[0].Request.Over(ranks[1].Request)),
		Items: make([]sandbox.Outcome, len(req.Items))}
	for i := range f.Items {
		f.Items[i] = item.Over(ranks[0].Items[i].Over(ranks[1].Items[i]))
	}
	return f, nil
}

// fire counts req and returns what the scenario's rules force on it, by
// rank: magic rules first, plain rules second.
func (s *Scenario) fire(c *Counters, req *RuleRequest) ([2]Forced, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.requests++
	var ranks [2]Forced
	for i := range ranks {
		ranks[i].Items = make([]sandbox.Outcome, len(req.Items))
	}
	for i := range s.Rules {
		r := &s.Rules[i]
		if r.Times > 0 && c.fired[r] >= r.Times {
			continue
		}
		f, hit, err := r.apply(req, c.requests)
		if err != nil {
			return ranks, fmt.Errorf("scenario %s, rule %q: %w", s.Name, r.Name, err)
		}
		if !hit {
			continue
		}
		if c.fired == nil {
			c.fired = map[*Rule]int{}
		}
		c.fired[r]++
		rank := 1
		if r.Magic {
			rank = 0
		}
		ranks[rank].add(f)
	}
	return ranks, nil
}

// add combines the outcome of another rule of the same rank.
func (f *Forced) add(g Forced) {
	also(&f.Request, g.Request)
	for i := range f.Items {
		also(&f.Items[i], g.Items[i])
	}
}

// also combines two rules of the same rank: warnings accumulate, the
// first error, status and delay win, any reset resets.
func also(dst *sandbox.Outcome, o sandbox.Outcome) {
	for _, w := range o.Warnings {
		if !hasCode(dst.Warnings, w) {
			dst.Warnings = append(dst.Warnings, w)
		}
	}
	if dst.Error == 0 {
		dst.Error = o.Error
	}
	if dst.Status == 0 {
		dst.Status = o.Status
	}
	if dst.Delay == 0 {
		dst.Delay = o.Delay
	}
	dst.Reset = dst.Reset || o.Reset
}

func hasCode(list []sandbox.Code, c sandbox.Code) bool {
	for _, x := range list {
		if x == c {
			return true
		}
	}
	return false
}

// apply matches the rule against request number n. A request-level rule
// puts its item directives on every item; an item-level rule puts them on
// the items it matches, and its request directives (from the first
// matching item) on the request.
func (r *Rule) apply(req *RuleRequest, n int) (Forced, bool, error) {
	f := Forced{Items: make([]sandbox.Outcome, len(req.Items))}
	var reqCaps captures
	if !r.match.request(req, n, &reqCaps) {
		return f, false, nil
	}
	if !r.match.itemLevel() {
		o, err := r.outcome.expand(reqCaps)
		item, rq := o.Split()
		f.Request = rq
		for i := range f.Items {
			f.Items[i] = item
		}
		return f, true, err
	}
	hit := false
	for i := range req.Items {
		var caps captures
		if !r.match.item(&req.Items[i], &caps) {
			continue
		}
		o, err := r.outcome.expand(caps.then(reqCaps))
		if err != nil {
			return f, false, err
		}
		item, rq := o.Split()
		f.Items[i] = item
		if !hit {
			f.Request = rq
		}
		hit = true
	}
	return f, hit, nil
}

// request checks the request conditions of request number n.
func (m *ruleMatch) request(req *RuleRequest, n int, cs *captures) bool {
	if m.nth != nil && !m.nth.matches(n) {
		return false
	}
	for _, h := range m.header {
		if !h.m.match(req.Header.Get(h.name), cs) {
			return false
		}
	}
	if m.path != nil && !m.path.match(req.Path, cs) {
		return false
	}
	return m.till == nil || m.till.match(req.Till, cs)
}

// item checks the item conditions; identifiers are compared trimmed, the
// email lower-cased (as the vendor stores it).
func (m *ruleMatch) item(in *sandbox.ItemInput, cs *captures) bool {
	values := [3]string{strings.TrimSpace(in.Mobile), strings.ToLower(strings.TrimSpace(in.Email)), strings.TrimSpace(in.ExternalID)}
	for id, t := range m.ids {
		if t != nil && !t.match(values[id], cs) {
			return false
		}
	}
	for _, f := range m.custom {
		if !f.m.match(customField(in, f.name), cs) {
			return false
		}
	}
	return true
}

func customField(in *sandbox.ItemInput, name string) string {
	for _, f := range in.CustomFields {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// match reports whether v (absent when "") meets every part of t, adding
// the regex's groups to cs.
func (t *textMatch) match(v string, cs *captures) bool {
	switch {
	case v == "":
		return false
	case t.equals != nil && v != *t.equals:
		return false
	case !strings.HasPrefix(v, t.prefix) || !strings.HasSuffix(v, t.suffix):
		return false
	case t.re == nil:
		return true
	}
	sub := t.re.FindStringSubmatch(v)
	if sub == nil {
		return false
	}
	cs.add(t.re, sub)
	return true
}

// matches reports whether request number n is in the range and period.
func (d *nthDoc) matches(n int) bool {
	return n >= d.From && (d.To == 0 || n <= d.To) && (d.Every == 0 || n%d.Every == 0)
}
