package metrics

import (
	"sync"
	"sync/atomic"
)

// maxSeries bounds the distinct keys one cache holds; later keys share the
// overflow entry.
const maxSeries = 256

// cache maps a key to a value built once. Reads are lock-free (an atomic
// load and a map lookup); a miss copies the map under a lock.
type cache[K comparable, V any] struct {
	mu sync.Mutex
	m  atomic.Pointer[map[K]V]
}

// get returns the value for k, building it with mk on first use. When the
// cache is full, it returns the value for overflow instead.
func (c *cache[K, V]) get(k, overflow K, mk func(K) V) V {
	if m := c.m.Load(); m != nil {
		if v, ok := (*m)[k]; ok {
			return v
		}
	}
	return c.add(k, overflow, mk)
}

func (c *cache[K, V]) add(k, overflow K, mk func(K) V) V {
	c.mu.Lock()
	defer c.mu.Unlock()
	var old map[K]V
	if p := c.m.Load(); p != nil {
		old = *p
	}
	if v, ok := old[k]; ok {
		return v
	}
	if len(old) >= maxSeries-1 && k != overflow {
		if v, ok := old[overflow]; ok {
			return v
		}
		k = overflow
	}
	next := make(map[K]V, len(old)+1)
	for key, v := range old {
		next[key] = v
	}
	v := mk(k)
	next[k] = v
	c.m.Store(&next)
	return v
}
