package server_test

import (
	"io"
	"net/http"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/boltstore"
	"github.com/capsandbox/capsandbox/internal/server"
	"github.com/capsandbox/capsandbox/internal/testkit"
)

// A temporary store lives in a memory file with MemoryFile (on Linux) and
// under $TMPDIR without it; it holds what was written, and Close leaves
// nothing behind.
func TestTemporaryStore(t *testing.T) {
	for _, mem := range []bool{true, false} {
		tmp := t.TempDir()
		t.Setenv("TMPDIR", tmp)
		srv, err := server.New(server.Options{Data: server.MemoryData, MemoryFile: mem, Sync: "none", LogOutput: io.Discard})
		if err != nil {
			t.Fatal(err)
		}
		h := srv.Handler()
		auth := http.Header{"Authorization": {testkit.TillAuth}, "Content-Type": {"application/json"}}
		testkit.Do(h, http.MethodPost, "/v1.1/customer/add?format=json", `{"root":{"customer":[{"mobile":"919876543210"}]}}`, auth)
		got := testkit.Do(h, http.MethodGet, "/v1.1/customer/get?format=json&mobile=919876543210", "", auth)
		if !strings.Contains(got.Body.String(), `"mobile":"919876543210"`) {
			t.Errorf("memory file %v: customer/get after add: %s", mem, got.Body)
		}
		path := srv.Store.(*boltstore.Store).Path()
		entries, _ := os.ReadDir(tmp)
		inMemory := mem && runtime.GOOS == "linux"
		if inMemory && (!strings.HasPrefix(path, "/proc/self/fd/") || len(entries) != 0) {
			t.Errorf("memory file: store at %s, %d entries under TMPDIR", path, len(entries))
		}
		if !inMemory && (!strings.HasPrefix(path, tmp) || len(entries) != 1) {
			t.Errorf("no memory file: store at %s, %d entries under TMPDIR %s", path, len(entries), tmp)
		}
		if err := srv.Close(); err != nil {
			t.Fatal(err)
		}
		if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
			t.Errorf("memory file %v: %d entries left under TMPDIR after Close", mem, len(entries))
		}
	}
}

// Closing a server closes its memory file: the memory goes with it.
func TestMemoryFileClosed(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("memory files are Linux's")
	}
	open := func() int {
		fds, err := os.ReadDir("/proc/self/fd")
		if err != nil {
			t.Fatal(err)
		}
		return len(fds)
	}
	before := open()
	for range 10 {
		srv, err := server.New(server.Options{Data: server.MemoryData, MemoryFile: true, Sync: "none", LogOutput: io.Discard})
		if err != nil {
			t.Fatal(err)
		}
		if err := srv.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if after := open(); after > before {
		t.Errorf("%d descriptors open after 10 servers came and went, %d before", after, before)
	}
}
