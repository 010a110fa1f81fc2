package scenario

import (
	"crypto/sha256"
	"os"
	"sort"
)

// This file keeps a library up to date with its directory file by file,
// for a server that watches the directory: a file that loads replaces its
// scenario, a file with problems leaves the last good version in place.

// fileState is what a directory file last loaded as.
type fileState struct {
	name  string
	print [sha256.Size]byte // of the file and every file it extends
}

// Refreshed is what a Refresh changed.
type Refreshed struct {
	// Changed are the scenarios replaced by a new version: their file, or
	// a file they extend, changed and loads.
	Changed []*Scenario
	// Problems are those of the files that do not load; each such file's
	// scenario keeps its last good version.
	Problems Errors
	// Removed are the files gone from the directory; their scenarios keep
	// serving their last version until the next Reload or restart.
	Removed []string
}

// Refresh re-reads every file of the library's directory and replaces the
// scenario of each file that changed and loads; the others stay as they
// are. Unlike Reload it is not all or nothing.
func (l *Library) Refresh() (Refreshed, error) {
	var r Refreshed
	if l.dir == "" {
		return r, nil
	}
	files, err := scenarioFiles(l.dir)
	if err != nil {
		return r, err
	}
	l.refreshMu.Lock()
	defer l.refreshMu.Unlock()
	present := map[string]bool{}
	for _, f := range files {
		present[f] = true
		l.refreshFile(f, &r)
	}
	l.forget(present, &r)
	return r, nil
}

// refreshFile loads file f again when its content changed.
func (l *Library) refreshFile(f string, r *Refreshed) {
	data, err := os.ReadFile(f)
	if err != nil {
		return // gone since the listing: the next event says so
	}
	if l.failed[f] == sha256.Sum256(data) {
		return // these problems were reported already
	}
	s, err := Parse(f, data)
	if err != nil {
		l.failed[f] = sha256.Sum256(data)
		r.Problems = append(r.Problems, asErrors(err)...)
		return
	}
	delete(l.failed, f)
	st := fileState{name: s.Name, print: fingerprint(s)}
	if old, ok := l.files[f]; ok && old == st {
		return
	}
	l.mu.Lock()
	l.byName[s.Name] = parsed(s)
	l.files[f] = st
	l.mu.Unlock()
	r.Changed = append(r.Changed, s)
}

// forget drops the files no longer present, reporting the removed ones;
// their scenarios stay in the library.
func (l *Library) forget(present map[string]bool, r *Refreshed) {
	for f := range l.failed {
		if !present[f] {
			delete(l.failed, f)
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for f := range l.files {
		if !present[f] {
			r.Removed = append(r.Removed, f)
			delete(l.files, f)
		}
	}
	sort.Strings(r.Removed)
}

// fingerprint identifies a scenario's text: its file's and those of the
// files it extends that are on disk (the built-ins never change).
func fingerprint(s *Scenario) [sha256.Size]byte {
	h := sha256.New()
	h.Write(s.YAML)
	for _, f := range s.chain {
		if data, err := os.ReadFile(f); err == nil {
			h.Write([]byte{0})
			h.Write(data)
		}
	}
	var out [sha256.Size]byte
	h.Sum(out[:0])
	return out
}
