// Package testkit is the in-process helper of capsandbox's own tests: a
// server built by server.New on a temporary store, requests sent straight
// to its handler, and golden files rewritten with -update. (Tests that run
// the binary use package proctest; users' tests use sandboxtest.)
package testkit

import (
	"bytes"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/server"
)

var update = flag.Bool("update", false, "rewrite the golden files instead of comparing with them")

// TillAuth is the Basic header of till1 with the MD5 of password "123":
// valid in every built-in scenario.
const TillAuth = "Basic dGlsbDE6MjAyY2I5NjJhYzU5MDc1Yjk2NGIwNzE1MmQyMzRiNzA="

// Server builds a server with opts, closed when the test ends. Unset
// options take the test defaults: a temporary store without fsync
// (Data server.MemoryData, in a memory file, Sync "none") and no request
// log.
func Server(tb testing.TB, opts server.Options) *server.Server {
	tb.Helper()
	if opts.Data == "" {
		opts.Data = server.MemoryData
	}
	if opts.Data == server.MemoryData {
		opts.MemoryFile = true
	}
	if opts.Sync == "" {
		opts.Sync = "none"
	}
	if opts.LogOutput == nil {
		opts.LogOutput = io.Discard
	}
	srv, err := server.New(opts)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { srv.Close() })
	return srv
}

// Do sends one request straight to h and returns the recorded answer.
func Do(h http.Handler, method, target, body string, header http.Header) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// Golden compares got with the file at path, or writes got there when the
// test runs with -update.
func Golden(tb testing.TB, path string, got []byte) {
	tb.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (go test -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		tb.Errorf("%s differs from the golden file (go test -update rewrites it)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
