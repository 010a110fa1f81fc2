package main

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/proctest"
	"github.com/capsandbox/capsandbox/internal/testkit"
)

// TestBinary runs the tests that need a real process, on the binary as
// scripts/build-static.sh builds it for the image (proctest.Binary).
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	bin := proctest.Binary(t)
	t.Run("StaticELF", func(t *testing.T) { testStaticELF(t, bin) })
	t.Run("EmptyRoot", func(t *testing.T) { t.Parallel(); testEmptyRoot(t, bin) })
	t.Run("EnvOnly", func(t *testing.T) { t.Parallel(); testEnvOnly(t, bin) })
	t.Run("LogFormats", func(t *testing.T) { t.Parallel(); testLogFormats(t, bin) })
	t.Run("GOGC", func(t *testing.T) { t.Parallel(); testGOGC(t, bin) })
}

// testGOGC: serve sets the GC target to 200 unless GOGC is in the
// environment (the runtime reports the setting in /__sandbox/metrics;
// "off" as the largest uint64).
func testGOGC(t *testing.T, bin string) {
	for _, c := range []struct{ env, want string }{{"", "200"}, {"GOGC=50", "50"}, {"GOGC=off", "1.8446744073709552e+19"}} {
		addr := proctest.Addr(t)
		cmd := exec.Command(bin, "serve", "--addr", addr, "--data", ":memory:")
		cmd.Env = []string{}
		if c.env != "" {
			cmd.Env = append(cmd.Env, c.env)
		}
		p := proctest.Start(t, cmd, addr)
		_, body := p.Call(t, http.MethodGet, "/__sandbox/metrics", nil, "")
		if !strings.Contains(body, "\ngo_gc_gogc_percent "+c.want+"\n") {
			t.Errorf("env %q: want go_gc_gogc_percent %s in the metrics", c.env, c.want)
		}
		p.Stop(t)
	}
}

// till1 is the Basic header of every built-in scenario's till.
var till1 = http.Header{"Authorization": {testkit.TillAuth}, "Content-Type": {"application/json"}}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
