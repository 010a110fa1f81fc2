package server_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/server"
)

// lockedBuffer is a log output the watcher writes while the test reads.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// call sends one request to srv in namespace ns and returns the body.
func call(t *testing.T, srv *server.Server, method, path, ns, body string) string {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", tillAuth)
	req.Header.Set("Content-Type", "application/json")
	if ns != "" {
		req.Header.Set("X-Sandbox-Namespace", ns)
	}
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, req)
	return rec.Body.String()
}

// eventually polls cond every 20 ms until it holds or 10 s have passed;
// then the test fails, showing the server's log.
func eventually(t *testing.T, logs *lockedBuffer, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("not within 10s: %s; log:\n%s", what, logs)
}

const (
	mineV1 = "name: mine\nextends: default\nrules:\n  - match: {mobile: {prefix: \"9199\"}}\n    outcome: warning=1017\n"
	// mineV2 changes the rule and a setting.
	mineV2  = "name: mine\nextends: default\nsandbox: {batch_limit: 1}\nrules:\n  - match: {mobile: {prefix: \"9199\"}}\n    outcome: error=1047\n"
	mineBad = "name: mine\nextends: default\nrules:\n  - match: {mobile: {regex: \"([\"}}\n    outcome: warning=1017\n"
)

func addOne(mobile string) string {
	return `{"root":{"customer":[{"mobile":"` + mobile + `"}]}}`
}

// TestWatchReloadsScenarioFiles edits a watched scenario file as editors
// do (write a temporary file, rename it over the old one): namespaces
// running it see the new rules and settings without a reset; an invalid
// version is logged at its line and column and the last good one keeps
// serving; a removed file's scenario keeps serving; a new file is found.
func TestWatchReloadsScenarioFiles(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "mine.yaml")
	replace := func(content string) {
		tmp := filepath.Join(dir, ".mine.yaml.swp")
		if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, file); err != nil {
			t.Fatal(err)
		}
	}
	replace(mineV1)
	logs := &lockedBuffer{}
	srv, err := server.New(server.Options{Data: server.MemoryData, Sync: "none", ScenariosDir: dir, Scenario: "mine",
		Watch: true, LogOutput: logs})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	const warned, failed = `"warnings":{"warning":["1017"]}`, `"code":"1047"`
	for _, ns := range []string{"", "qa"} {
		if out := call(t, srv, http.MethodPost, addPath, ns, addOne("919900000001")); !strings.Contains(out, warned) {
			t.Fatalf("namespace %q on mine v1: %s", ns, out)
		}
	}
	call(t, srv, http.MethodPut, "/__sandbox/scenario?name=mine", "switched", "")
	call(t, srv, http.MethodPost, addPath, "switched", addOne("919900000001"))

	replace(mineV2)
	eventually(t, logs, "mine v2 serves the default namespace", func() bool {
		return strings.Contains(call(t, srv, http.MethodPost, addPath, "", addOne("919900000002")), failed)
	})
	for _, ns := range []string{"", "qa", "switched"} {
		if out := call(t, srv, http.MethodPost, addPath, ns, addOne("919900000003")); !strings.Contains(out, failed) {
			t.Errorf("namespace %q: the new rule does not apply: %s", ns, out)
		}
		batch := `{"root":{"customer":[{"mobile":"919800000001"},{"mobile":"919800000002"}]}}`
		if out := call(t, srv, http.MethodPost, addPath, ns, batch); !strings.Contains(out, `"code":1060`) {
			t.Errorf("namespace %q: the new batch_limit does not apply: %s", ns, out)
		}
		if out := call(t, srv, http.MethodGet, "/__sandbox/customers?mobile=919900000001", ns, ""); !strings.Contains(out, `"mobile":"919900000001"`) {
			t.Errorf("namespace %q lost its stored customer: %s", ns, out)
		}
	}

	replace(mineBad)
	eventually(t, logs, "the invalid version is logged", func() bool {
		return strings.Contains(logs.String(), file+":4:22: bad regex")
	})
	if out := call(t, srv, http.MethodPost, addPath, "", addOne("919900000004")); !strings.Contains(out, failed) {
		t.Errorf("after an invalid edit, the last good version must keep serving: %s", out)
	}

	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	eventually(t, logs, "the removal is logged", func() bool { return strings.Contains(logs.String(), "scenario file removed") })
	if out := call(t, srv, http.MethodPost, addPath, "qa", addOne("919900000005")); !strings.Contains(out, failed) {
		t.Errorf("after the file is removed, its last version must keep serving: %s", out)
	}

	if err := os.WriteFile(filepath.Join(dir, "other.yml"), []byte("name: other\nextends: default\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	eventually(t, logs, "a new file's scenario is listed", func() bool {
		return strings.Contains(call(t, srv, http.MethodGet, "/__sandbox/scenarios", "", ""), `"name":"other"`)
	})
}

// TestWatchOff: without Options.Watch nothing watches the directory.
func TestWatchOff(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "mine.yaml"), []byte(mineV1), 0o644); err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	srv, err := server.New(server.Options{Data: server.MemoryData, Sync: "none", ScenariosDir: dir, LogOutput: logs})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if strings.Contains(logs.String(), "watching") {
		t.Errorf("a watcher started without Watch:\n%s", logs)
	}
	_ = io.Discard
}
