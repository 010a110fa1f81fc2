package main

import (
	"strings"
	"sync"
	"testing"
	"time"
)

type countingWriter struct {
	mu     sync.Mutex
	writes int
	data   strings.Builder
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.writes++
	return w.data.Write(p)
}

func (w *countingWriter) get() (int, string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.writes, w.data.String()
}

func TestLogBufferBatchesAndKeepsOrder(t *testing.T) {
	w := &countingWriter{}
	b := newLogBuffer(w, 1<<10, 30*time.Millisecond)
	var want strings.Builder
	for i := range 5 {
		line := strings.Repeat(string(rune('a'+i)), 9) + "\n"
		want.WriteString(line)
		b.Write([]byte(line))
	}
	if n, _ := w.get(); n != 0 {
		t.Fatalf("%d writes before the delay, want 0", n)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		n, got := w.get()
		if n == 1 && got == want.String() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the delay: %d writes of %q, want one of %q", n, got, want.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	// A full buffer is written at once; Flush writes the rest.
	b.Write([]byte(strings.Repeat("x", 1<<10)))
	if n, got := w.get(); n != 2 || len(got) != want.Len()+1<<10 {
		t.Errorf("a full buffer: %d writes, %d bytes", n, len(got))
	}
	b.Write([]byte("tail\n"))
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}
	if _, got := w.get(); !strings.HasSuffix(got, "xtail\n") {
		t.Errorf("Flush did not write the tail: %q", got[len(got)-10:])
	}
}

func TestLogBufferConcurrentLinesStayWhole(t *testing.T) {
	w := &countingWriter{}
	b := newLogBuffer(w, 256, time.Millisecond)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for range 200 {
				b.Write([]byte(strings.Repeat(string(rune('a'+g)), 20) + "\n"))
			}
		})
	}
	wg.Wait()
	b.Flush()
	_, got := w.get()
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if len(lines) != 1600 {
		t.Fatalf("%d lines, want 1600", len(lines))
	}
	for _, l := range lines {
		if len(l) != 20 || strings.Count(l, l[:1]) != 20 {
			t.Fatalf("torn line %q", l)
		}
	}
}
