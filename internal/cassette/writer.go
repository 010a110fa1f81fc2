package cassette

import (
	"bytes"
	"fmt"
	"os"
	"sync"
)

// Writer appends exchanges to a cassette file. Each Append is one write of
// one whole line followed by an fsync, so a crash leaves at most a last
// line without its newline, which Read reports by its line number.
type Writer struct {
	mu   sync.Mutex
	f    *os.File
	path string
	next int // Seq of the next exchange
	sync bool
	err  error // the first failed write; every later Append returns it
}

// Create opens path for appending, creating it when absent. Exchanges
// already in the file are counted so that Seq continues after them. With
// sync false, Append does not fsync (for tests on throwaway files).
func Create(path string, sync bool) (*Writer, error) {
	n, err := countLines(path)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	return &Writer{f: f, path: path, next: n + 1, sync: sync}, nil
}

func countLines(path string) (int, error) {
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		return 0, fmt.Errorf("%s: the last line is incomplete (a crash while writing?); remove it and record again", path)
	}
	n := 0
	for _, line := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(line)) > 0 {
			n++
		}
	}
	return n, nil
}

// Path is the cassette file's name.
func (w *Writer) Path() string { return w.path }

// Count is the number of exchanges the file holds.
func (w *Writer) Count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.next - 1
}

// Append stamps e with the format version and the next Seq and appends it.
// After a failed write the file may end in a partial line, so every later
// Append returns the first error instead of writing after it.
func (w *Writer) Append(e *Exchange) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return w.err
	}
	e.V, e.Seq = Version, w.next
	line, err := Marshal(e)
	if err != nil {
		return err
	}
	if _, err := w.f.Write(line); err != nil {
		w.err = fmt.Errorf("write %s: %w", w.path, err)
		return w.err
	}
	if w.sync {
		if err := w.f.Sync(); err != nil {
			w.err = fmt.Errorf("sync %s: %w", w.path, err)
			return w.err
		}
	}
	w.next++
	return nil
}

// Err returns the error that stopped the writer, or nil.
func (w *Writer) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// Close closes the file.
func (w *Writer) Close() error { return w.f.Close() }
