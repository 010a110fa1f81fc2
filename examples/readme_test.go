package examples

import (
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/proctest"
)

// readmeCommands returns the shell commands of README.md's indented code
// blocks, continuation lines joined.
func readmeCommands(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var cmds []string
	cur := ""
	for _, line := range strings.Split(string(data), "\n") {
		trimmed := strings.TrimSpace(line)
		if !strings.HasPrefix(line, "    ") || strings.HasPrefix(trimmed, "#") || trimmed == "" {
			continue
		}
		cur += strings.TrimSuffix(trimmed, "\\") + " "
		if !strings.HasSuffix(trimmed, "\\") {
			cmds = append(cmds, strings.TrimSpace(cur))
			cur = ""
		}
	}
	return cmds
}

// TestReadmeCommands runs every command of README.md against a built
// server: the curl examples (in order, so the quick start's register →
// update story holds), the auth-header recipe, and the start command
// itself.
func TestReadmeCommands(t *testing.T) {
	needTool(t, "curl")
	base := serve(t, nil)
	addr := strings.TrimPrefix(base, "http://")
	var ran []string
	for _, cmd := range readmeCommands(t) {
		switch {
		case strings.HasPrefix(cmd, "go "):
			continue // the two commands: `go test` is CI itself, `go run` is TestReadmeStartCommand
		case !strings.HasPrefix(cmd, "curl ") && !strings.HasPrefix(cmd, "printf "):
			t.Errorf("README command not covered by this test: %s", cmd)
			continue
		}
		cmd = strings.ReplaceAll(cmd, "127.0.0.1:8080", addr)
		times := 1
		if strings.Contains(cmd, "customer/add") && len(ran) < 3 {
			times = 2 // the quick start: "Send the same request again"
		}
		for range times {
			out, err := exec.Command("bash", "-o", "pipefail", "-c", cmd).CombinedOutput()
			if err != nil {
				t.Errorf("%s: %v\n%s", cmd, err, out)
			}
			ran = append(ran, string(out))
		}
	}
	all := strings.Join(ran, "\n")
	for _, want := range []string{
		"202cb962ac59075b964b07152d234b70",                     // printf 123 | md5sum
		"dGlsbDE6MjAyY2I5NjJhYzU5MDc1Yjk2NGIwNzE1MmQyMzRiNzA=", // the header it documents
		`"message":"Customer registration successful"`,
		`"message":"Customer successfully updated"`,
		`"user_id":"100000001"`,           // customer/get with user_id=true
		`"warnings":{"warning":["1017"]}`, // the X-Sandbox-Outcome example
		`"name":"strict-primary"`,         // the scenario switch
		`"path":"/v1.1/customer/add"`,     // the journal
	} {
		if !strings.Contains(all, want) {
			t.Errorf("README commands' output lacks %s:\n%s", want, all)
		}
	}
}

// TestReadmeStartCommand runs the README's first command (`go run
// ./cmd/capsandbox`) and checks it serves the default scenario; only the
// address and data file come from the environment, as a user may set them.
func TestReadmeStartCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("builds with go run")
	}
	addr := proctest.Addr(t)
	cmd := exec.Command("go", "run", "./cmd/capsandbox")
	cmd.Dir = ".."
	// CGO_ENABLED=0 and -trimpath are the image build's settings
	// (scripts/build-static.sh): with them `go run` finds every package
	// compiled already for the binary TestMain built, and only links,
	// instead of compiling the whole tree a second time (on a cold build
	// cache that took longer than this test's 90 s on two busy cores).
	// What a user's `go run` does is the same.
	cmd.Env = append(os.Environ(), "CAPSANDBOX_ADDR="+addr, "CAPSANDBOX_DATA="+filepath.Join(t.TempDir(), "c.db"),
		"CGO_ENABLED=0", "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -trimpath"))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var log proctest.Buffer // written by the process while the test reads it
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		cmd.Wait()
	}()
	for deadline := time.Now().Add(90 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		resp, err := http.Get("http://" + addr + "/__sandbox/health")
		if err != nil {
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK && strings.Contains(string(body), `"scenario":"default"`) {
			return
		}
	}
	t.Fatalf("go run ./cmd/capsandbox did not become healthy:\n%s", log.String())
}
