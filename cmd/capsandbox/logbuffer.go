package main

import (
	"io"
	"sync"
	"time"
)

// logBuffer collects log lines and writes them in batches: under load a
// write system call per request log line costs more than the line itself.
// A line reaches the underlying writer within delay, at once when the
// buffer holds size bytes, and on Flush.
type logBuffer struct {
	mu    sync.Mutex
	w     io.Writer
	buf   []byte
	size  int
	delay time.Duration
	armed bool
}

func newLogBuffer(w io.Writer, size int, delay time.Duration) *logBuffer {
	return &logBuffer{w: w, buf: make([]byte, 0, size), size: size, delay: delay}
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if len(b.buf) >= b.size {
		return len(p), b.flushLocked()
	}
	if !b.armed {
		b.armed = true
		time.AfterFunc(b.delay, func() { b.Flush() })
	}
	return len(p), nil
}

// Flush writes what the buffer holds.
func (b *logBuffer) Flush() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.armed = false
	return b.flushLocked()
}

func (b *logBuffer) flushLocked() error {
	if len(b.buf) == 0 {
		return nil
	}
	_, err := b.w.Write(b.buf)
	b.buf = b.buf[:0]
	return err
}
