package namespace

import (
	"sync"
	"time"
)

// Entry is one journalled request of a namespace.
type Entry struct {
	Seq        int64               `json:"seq"`
	RequestID  string              `json:"request_id"`
	Time       time.Time           `json:"time"`
	Method     string              `json:"method"`
	Path       string              `json:"path"`
	Query      string              `json:"query"`
	Headers    map[string][]string `json:"headers"`
	Body       string              `json:"body"`
	Status     int                 `json:"status"`            // 0: no response was sent (Outcome says why)
	Outcome    string              `json:"outcome,omitempty"` // "reset": the connection was closed unanswered
	Response   string              `json:"response"`
	DurationMS float64             `json:"duration_ms"`
	ItemCodes  []string            `json:"item_codes,omitempty"`
	Explain    string              `json:"explain,omitempty"` // the sandbox's explanation (X-Sandbox-Explain)

	// ResponseHeaders are the headers the answer was sent with.
	ResponseHeaders map[string][]string `json:"response_headers,omitempty"`
}

// Journal is a bounded ring of a namespace's most recent requests: once at
// its cap, each new entry drops the oldest, so memory stays flat.
type Journal struct {
	mu      sync.Mutex
	cap     int
	entries []Entry // ring buffer
	start   int     // index of the oldest entry
	seq     int64
	last    time.Time // time of the latest entry, kept by Clear
}

// NewJournal returns an empty journal keeping at most capacity entries.
func NewJournal(capacity int) *Journal {
	return &Journal{cap: capacity}
}

// Append records e, assigning its sequence number.
func (j *Journal) Append(e Entry) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.seq++
	e.Seq = j.seq
	j.last = e.Time
	if len(j.entries) < j.cap {
		j.entries = append(j.entries, e)
		return
	}
	j.entries[j.start] = e
	j.start = (j.start + 1) % j.cap
}

// Entries returns the entries that keep returns true for, oldest first.
func (j *Journal) Entries(keep func(*Entry) bool) []Entry {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]Entry, 0, len(j.entries))
	for i := range j.entries {
		e := &j.entries[(j.start+i)%len(j.entries)]
		if keep == nil || keep(e) {
			out = append(out, *e)
		}
	}
	return out
}

// Len returns the number of entries held.
func (j *Journal) Len() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.entries)
}

// Last returns the sequence number of the latest entry ever appended (0
// for none; Clear keeps counting) and its time (zero for none).
func (j *Journal) Last() (seq int64, at time.Time) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.seq, j.last
}

// Cap returns the most entries the journal keeps.
func (j *Journal) Cap() int { return j.cap }

// Clear drops every entry.
func (j *Journal) Clear() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.entries, j.start = nil, 0
}
