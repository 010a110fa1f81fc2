package boltstore

import (
	"path/filepath"
	"runtime"
	"testing"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// TestLeaderYieldsOnlyWithCompany checks when a commit's leader yields
// before taking the queue: after a commit that had company (a call queued
// while it ran), not after a lone one.
func TestLeaderYieldsOnlyWithCompany(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "c.db"), Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	shared := func() bool {
		s.group.mu.Lock()
		defer s.group.mu.Unlock()
		return s.group.shared
	}
	noop := func(sandbox.Tx) error { return nil }
	var seen []bool
	record := func(sandbox.Tx) error { seen = append(seen, shared()); return nil }

	if err := s.Update("y", noop); err != nil {
		t.Fatal(err)
	}
	if err := s.Update("y", record); err != nil { // after a lone commit
		t.Fatal(err)
	}
	done := make(chan error)
	err = s.Update("y", func(sandbox.Tx) error {
		go func() { done <- s.Update("y", record) }() // queues while this commit runs
		for {
			s.group.mu.Lock()
			n := len(s.group.queue)
			s.group.mu.Unlock()
			if n > 0 {
				return nil
			}
			runtime.Gosched()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := s.Update("y", record); err != nil { // after the follower's lone commit
		t.Fatal(err)
	}
	want := []bool{false, true, false}
	if len(seen) != len(want) {
		t.Fatalf("recorded %v, want %v", seen, want)
	}
	for i := range want {
		if seen[i] != want[i] {
			t.Fatalf("company of the previous commit as each write saw it: %v, want %v", seen, want)
		}
	}
}
