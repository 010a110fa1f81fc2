package namespace

import (
	"sync"
	"sync/atomic"
)

// Budget is the byte budget every namespace's journal shares: once the
// entries of all journals together are over it, the oldest entries of any
// namespace go first. It is safe for concurrent use.
type Budget struct {
	max  int64
	used atomic.Int64

	mu    sync.Mutex
	queue []budgetRef // entries in the order appended; some already gone
	head  int
}

// budgetRef names one appended entry.
type budgetRef struct {
	j   *Journal
	seq int64
}

// NewBudget returns a budget of max bytes; 0 means DefaultJournalBytes.
func NewBudget(max int64) *Budget {
	if max <= 0 {
		max = DefaultJournalBytes
	}
	return &Budget{max: max}
}

// Used returns the bytes the journals hold.
func (b *Budget) Used() int64 { return b.used.Load() }

// Max returns the budget.
func (b *Budget) Max() int64 { return b.max }

// add counts an entry journal j has just appended, then drops the oldest
// entries of all journals while the budget is overspent.
func (b *Budget) add(j *Journal, seq, size int64) {
	b.used.Add(size)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.queue = append(b.queue, budgetRef{j, seq})
	for b.used.Load() > b.max && b.head < len(b.queue) {
		r := b.queue[b.head]
		b.queue[b.head] = budgetRef{}
		b.head++
		r.j.dropThrough(r.seq)
	}
	b.compact()
}

// release uncounts entries a journal dropped by itself.
func (b *Budget) release(size int64) { b.used.Add(-size) }

// compact drops the queue's consumed head and, when most of what is left
// names entries their journals dropped by themselves (their own caps,
// Clear), those too: the queue stays within a small multiple of the
// entries held. b.mu is held.
func (b *Budget) compact() {
	live := len(b.queue) - b.head
	if b.head > 1024 && b.head > live {
		b.queue = append(b.queue[:0], b.queue[b.head:]...)
		b.head = 0
	}
	if live < 4096 || live < 2*int(b.used.Load()/entryOverhead) {
		return
	}
	kept := b.queue[:0]
	for _, r := range b.queue[b.head:] {
		if r.j.holds(r.seq) {
			kept = append(kept, r)
		}
	}
	clear(b.queue[len(kept):])
	b.queue, b.head = kept, 0
}
