package boltstore

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

func TestNoSyncAlsoSkipsTheGrowSync(t *testing.T) {
	for _, opts := range []Options{{}, {NoSync: true}, {NoSync: true, SyncInterval: time.Second}, {Temporary: true}} {
		s, err := Open(filepath.Join(t.TempDir(), "s.db"), opts)
		if err != nil {
			t.Fatal(err)
		}
		noSync := opts.NoSync || opts.Temporary
		if s.db.NoSync != noSync || s.db.NoGrowSync != noSync {
			t.Errorf("%+v: bbolt NoSync %v, NoGrowSync %v", opts, s.db.NoSync, s.db.NoGrowSync)
		}
		s.Close()
	}
}

func insertOne(t *testing.T, s *Store, id int64) {
	t.Helper()
	m := fmt.Sprintf("91%010d", id)
	if err := s.Update("ns", func(tx sandbox.Tx) error {
		return tx.Insert(&sandbox.Customer{UserID: id, Mobile: m}, [3]string{m, "", ""})
	}); err != nil {
		t.Fatal(err)
	}
}

// TestSyncInterval: with SyncInterval a commit is fsynced by the
// background goroutine within about one interval; without one (--sync
// none) it waits for Close; with every commit fsynced, or a
// Temporary file, nothing is left to fsync.
func TestSyncInterval(t *testing.T) {
	t.Run("interval", func(t *testing.T) {
		s, err := Open(filepath.Join(t.TempDir(), "s.db"), Options{NoSync: true, SyncInterval: 20 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		for i := range int64(3) {
			insertOne(t, s, i+1)
			if !s.sync.dirty.Load() {
				t.Fatal("a commit is not marked for the next fsync")
			}
			deadline := time.Now().Add(5 * time.Second)
			for s.sync.dirty.Load() && time.Now().Before(deadline) {
				time.Sleep(5 * time.Millisecond)
			}
			if s.sync.dirty.Load() {
				t.Fatalf("commit %d not fsynced 5 s after it, with an interval of 20 ms", i+1)
			}
		}
	})
	t.Run("none", func(t *testing.T) {
		s, err := Open(filepath.Join(t.TempDir(), "s.db"), Options{NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		insertOne(t, s, 1)
		time.Sleep(50 * time.Millisecond)
		if !s.sync.dirty.Load() {
			t.Fatal("--sync none fsynced without being asked")
		}
		if err := s.sync.flush(); err != nil || s.sync.dirty.Load() {
			t.Fatalf("flush: %v, still marked %v", err, s.sync.dirty.Load())
		}
		insertOne(t, s, 2)
		if err := s.Close(); err != nil || s.sync.dirty.Load() {
			t.Fatalf("Close: %v, still marked %v", err, s.sync.dirty.Load())
		}
	})
	for name, opts := range map[string]Options{"always": {}, "temporary": {NoSync: true, SyncInterval: time.Millisecond, Temporary: true}} {
		t.Run(name, func(t *testing.T) {
			s, err := Open(filepath.Join(t.TempDir(), "s.db"), opts)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			insertOne(t, s, 1)
			if s.sync.dirty.Load() || s.sync.quit != nil {
				t.Errorf("%s: a commit is left for a background fsync", name)
			}
		})
	}
}

// TestSyncErrorIsReported: a failed background fsync goes to OnSyncError
// once, the commit stays marked for the next attempt, and Close returns
// the error.
func TestSyncErrorIsReported(t *testing.T) {
	reported := make(chan error, 10)
	s, err := Open(filepath.Join(t.TempDir(), "s.db"), Options{NoSync: true, SyncInterval: 5 * time.Millisecond,
		OnSyncError: func(err error) { reported <- err }})
	if err != nil {
		t.Fatal(err)
	}
	broken := errors.New("disk gone")
	s.sync.mu.Lock()
	s.sync.fsync = func() error { return broken }
	s.sync.mu.Unlock()
	insertOne(t, s, 1)
	select {
	case err := <-reported:
		if !errors.Is(err, broken) || !strings.Contains(err.Error(), s.Path()) {
			t.Errorf("reported %v, want the fsync error naming the file", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a failing background fsync was not reported")
	}
	time.Sleep(30 * time.Millisecond) // several more failing attempts
	if n := len(reported); n != 0 {
		t.Errorf("%d more reports: want the first failure only", n)
	}
	if !s.sync.dirty.Load() {
		t.Error("the commit is no longer marked after its fsync failed")
	}
	if err := s.Close(); !errors.Is(err, broken) {
		t.Errorf("Close: %v, want the fsync error", err)
	}
}
