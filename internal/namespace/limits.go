package namespace

import (
	"math"
	"sync"
	"time"

	"github.com/capsandbox/capsandbox/internal/scenario"
)

// Counters returns the namespace's rule counters, for
// scenario.Scenario.Force; they reset with the namespace.
func (n *Namespace) Counters() *scenario.Counters { return &n.counters }

// limiter is a per-till token bucket: perMinute tokens, refilled evenly.
type limiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

// Allow takes one request from till's budget of perMinute requests per
// minute (0 = unlimited). When the budget is spent it returns false and
// the seconds until the next request is allowed.
func (n *Namespace) Allow(till string, perMinute int) (bool, int) {
	if perMinute <= 0 {
		return true, 0
	}
	l := &n.limits
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buckets == nil {
		l.buckets = map[string]*bucket{}
	}
	b, ok := l.buckets[till]
	if !ok {
		b = &bucket{tokens: float64(perMinute), last: now}
		l.buckets[till] = b
	}
	rate := float64(perMinute) / 60 // tokens per second
	b.tokens = math.Min(float64(perMinute), b.tokens+now.Sub(b.last).Seconds()*rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, int(math.Ceil((1 - b.tokens) / rate))
}

func (l *limiter) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buckets = nil
}
