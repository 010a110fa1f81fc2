package namespace

import (
	"strings"
	"sync"
	"time"
	"unicode/utf8"
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

	// BodyCut and ResponseCut say that Body or Response holds only the
	// first JournalLimits.EntryBytes of it; BodySize and ResponseSize
	// are then the sizes of the whole.
	BodyCut      bool `json:"body_cut,omitempty"`
	BodySize     int  `json:"body_size,omitempty"`
	ResponseCut  bool `json:"response_cut,omitempty"`
	ResponseSize int  `json:"response_size,omitempty"`

	size int64 // bytes counted against the budgets
}

// JournalLimits bound one namespace's journal.
type JournalLimits struct {
	Entries        int   // most entries kept; 0 means DefaultJournalCap
	EntryBytes     int   // most bytes kept of a body or response; 0 means DefaultEntryBytes
	NamespaceBytes int64 // most bytes of entries kept; 0 means DefaultNamespaceJournalBytes
}

// Journal defaults.
const (
	DefaultJournalCap            = 1000
	DefaultEntryBytes            = 64 << 10
	DefaultNamespaceJournalBytes = 8 << 20
	DefaultJournalBytes          = 64 << 20 // all namespaces together
)

func (l JournalLimits) withDefaults() JournalLimits {
	if l.Entries <= 0 {
		l.Entries = DefaultJournalCap
	}
	if l.EntryBytes <= 0 {
		l.EntryBytes = DefaultEntryBytes
	}
	if l.NamespaceBytes <= 0 {
		l.NamespaceBytes = DefaultNamespaceJournalBytes
	}
	return l
}

// entryOverhead is what an entry costs besides its strings: the struct,
// its maps and slices.
const entryOverhead = 512

// Journal is a bounded ring of a namespace's most recent requests: once at
// its cap in entries or bytes, or when the budget shared by every
// namespace is spent, each new entry drops the oldest, so memory stays
// flat.
type Journal struct {
	mu      sync.Mutex
	limits  JournalLimits
	budget  *Budget
	entries []Entry // ring buffer
	start   int     // index of the oldest entry
	n       int     // entries held
	bytes   int64   // their size
	seq     int64
	last    time.Time // time of the latest entry, kept by Clear
}

// NewJournal returns an empty journal keeping at most capacity entries,
// with the default byte limits and a budget of its own.
func NewJournal(capacity int) *Journal {
	return newJournal(JournalLimits{Entries: capacity}, NewBudget(0))
}

func newJournal(l JournalLimits, b *Budget) *Journal {
	return &Journal{limits: l.withDefaults(), budget: b}
}

// Append records e, assigning its sequence number. A body or response
// longer than the entry limit is cut to its first bytes (BodyCut,
// BodySize); the oldest entries go when the journal is over a limit.
func (j *Journal) Append(e Entry) {
	max := j.limits.EntryBytes
	e.Body, e.BodyCut, e.BodySize = cut(e.Body, max)
	e.Response, e.ResponseCut, e.ResponseSize = cut(e.Response, max)
	e.size = entrySize(&e)
	j.mu.Lock()
	j.seq++
	e.Seq = j.seq
	j.last = e.Time
	if j.entries == nil {
		j.entries = make([]Entry, 0, min(j.limits.Entries, 16))
	}
	for j.n > 0 && (j.n >= j.limits.Entries || j.bytes+e.size > j.limits.NamespaceBytes) {
		j.dropOldest()
	}
	j.push(e)
	j.mu.Unlock()
	j.budget.add(j, e.Seq, e.size)
}

// push adds e after the newest entry, growing the ring while below the
// entry cap.
func (j *Journal) push(e Entry) {
	switch {
	case j.n < len(j.entries):
		j.entries[(j.start+j.n)%len(j.entries)] = e
	case j.start == 0:
		j.entries = append(j.entries, e)
	default: // full ring not at index 0: unroll it, then append
		j.entries = append(append(j.entries[j.start:len(j.entries):len(j.entries)], j.entries[:j.start]...), e)
		j.start = 0
	}
	j.n++
	j.bytes += e.size
}

// dropOldest removes the oldest entry; j.mu is held.
func (j *Journal) dropOldest() {
	e := &j.entries[j.start]
	j.bytes -= e.size
	j.budget.release(e.size)
	*e = Entry{}
	j.start = (j.start + 1) % len(j.entries)
	j.n--
	if j.n == 0 {
		j.start = 0
	}
}

// dropThrough removes the entries up to sequence number seq, for the
// shared budget.
func (j *Journal) dropThrough(seq int64) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for j.n > 0 && j.entries[j.start].Seq <= seq {
		j.dropOldest()
	}
}

// holds reports whether the entry with sequence number seq is still kept.
func (j *Journal) holds(seq int64) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.n > 0 && j.entries[j.start].Seq <= seq && seq <= j.seq
}

// cut returns s whole, or a copy of its first max bytes (ending on a
// character boundary), whether it was cut, and the whole size when cut.
func cut(s string, max int) (string, bool, int) {
	if len(s) <= max {
		return s, false, 0
	}
	n := max
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return strings.Clone(s[:n]), true, len(s)
}

func entrySize(e *Entry) int64 {
	n := entryOverhead + len(e.RequestID) + len(e.Method) + len(e.Path) + len(e.Query) + len(e.Body) +
		len(e.Outcome) + len(e.Response) + len(e.Explain) + headerSize(e.Headers) + headerSize(e.ResponseHeaders)
	for _, c := range e.ItemCodes {
		n += len(c) + 16
	}
	return int64(n)
}

func headerSize(h map[string][]string) int {
	n := 0
	for k, vs := range h {
		n += len(k) + 48
		for _, v := range vs {
			n += len(v) + 16
		}
	}
	return n
}

// Entries returns the entries that keep returns true for, oldest first.
func (j *Journal) Entries(keep func(*Entry) bool) []Entry {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]Entry, 0, j.n)
	for i := 0; i < j.n; i++ {
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
	return j.n
}

// Bytes returns the bytes the entries held count against the budgets.
func (j *Journal) Bytes() int64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.bytes
}

// Last returns the sequence number of the latest entry ever appended (0
// for none; Clear keeps counting) and its time (zero for none).
func (j *Journal) Last() (seq int64, at time.Time) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.seq, j.last
}

// Cap returns the most entries the journal keeps.
func (j *Journal) Cap() int { return j.limits.Entries }

// Clear drops every entry.
func (j *Journal) Clear() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.budget.release(j.bytes)
	j.entries, j.start, j.n, j.bytes = nil, 0, 0, 0
}
