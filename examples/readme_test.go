package examples

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/proctest"
)

// readmeCommands returns the shell commands of README.md's indented code
// blocks, in order, continuation lines kept.
func readmeCommands(t *testing.T) []string {
	t.Helper()
	var cmds []string
	for _, b := range docBlocks(t, "README.md") {
		if b.lang != "indented" || b.marker != "" {
			continue
		}
		cmd := ""
		for _, line := range strings.Split(b.text, "\n") {
			trimmed := strings.TrimSpace(line)
			if trimmed == "" || strings.HasPrefix(trimmed, "#") && cmd == "" {
				continue
			}
			cmd += trimmed + "\n"
			if !strings.HasSuffix(trimmed, "\\") {
				cmds = append(cmds, strings.TrimSpace(cmd))
				cmd = ""
			}
		}
	}
	return cmds
}

// readmeTestCommand stands for the README's `go test -race ./...`, which
// would run this test again: one cheap test, the README's Go block
// (sandbox/sandboxtest/readme_test.go; -race needs cgo, which the reader's
// build settings here turn off).
const readmeTestCommand = "go test -count=1 -run '^TestSignUpRegistersTheCustomer$' ./sandbox/sandboxtest"

// TestReadmeFollowed follows README.md step by step as a new user on a
// fresh copy of the repository, with a PATH that has no capsandbox on it:
// every indented command runs, in order, in one shell — `go install`, the
// PATH line, the start command (in the background, until healthy), the
// quick start's curls, validate, seed and the test command (see
// readmeTestCommand). Only the address changes: 127.0.0.1:8080 becomes a
// free port (CAPSANDBOX_ADDR for the start command).
func TestReadmeFollowed(t *testing.T) {
	if testing.Short() {
		t.Skip("installs capsandbox with go install")
	}
	needTool(t, "curl")
	r := newReader(t)
	addr := proctest.Addr(t)
	var script strings.Builder
	// Job control puts the background server in a process group of its own,
	// so the trap stops go run's child too (go run does not pass SIGTERM on).
	script.WriteString("set -m\ntrap 'kill -- -$server 2>/dev/null; wait $server 2>/dev/null || true' EXIT\nserver=\n")
	seen := map[string]bool{}
	for _, cmd := range readmeCommands(t) {
		seen[strings.Fields(cmd)[0]] = true
		switch {
		case cmd == "capsandbox" || cmd == "go run ./cmd/capsandbox":
			// The start command runs in the background until healthy (go run
			// may compile first: up to a minute).
			fmt.Fprintf(&script, "echo '$ %s &'\n%s >server.log 2>&1 & server=$!\n"+
				"for i in $(seq 600); do capsandbox healthcheck --addr %s >/dev/null 2>&1 && break; sleep 0.1; done\n"+
				"capsandbox healthcheck --addr %s || { cat server.log; exit 1; }\n", cmd, cmd, addr, addr)
			continue
		case cmd == "go test -race ./...":
			cmd = readmeTestCommand
		}
		cmd = strings.ReplaceAll(cmd, "127.0.0.1:8080", addr)
		fmt.Fprintf(&script, "echo %s\n%s\necho\n", shellQuote("$ "+strings.SplitN(cmd, "\n", 2)[0]), cmd)
		if strings.Contains(cmd, "customer/add") && !seen["again"] {
			seen["again"] = true // the quick start: "Send the same request again"
			fmt.Fprintf(&script, "%s\necho\n", cmd)
		}
	}
	for _, first := range []string{"go", "export", "capsandbox", "curl", "printf"} {
		if !seen[first] {
			t.Errorf("README.md has no %s command", first)
		}
	}
	out, err := r.run(t, script.String(), 5*time.Minute, "CAPSANDBOX_ADDR="+addr)
	if err != nil {
		t.Fatalf("following README.md failed: %v\n%s", err, out)
	}
	for _, want := range []string{
		"capsandbox dev",                                       // capsandbox --version, from the installed binary
		"202cb962ac59075b964b07152d234b70",                     // printf 123 | md5sum
		"dGlsbDE6MjAyY2I5NjJhYzU5MDc1Yjk2NGIwNzE1MmQyMzRiNzA=", // the header it documents
		`"message":"Customer registration successful"`,
		`"message":"Customer successfully updated"`,
		`"user_id":"100000001"`,           // customer/get with user_id=true
		`"warnings":{"warning":["1017"]}`, // the X-Sandbox-Outcome example
		`"name":"strict-primary"`,         // the scenario switch
		`"path":"/v1.1/customer/add"`,     // the journal
		"my-org.yaml: ok: scenario my-org (extends default)",
		"seeded 1000 customers into namespace default of seeded.db",
		"ok  \tgithub.com/capsandbox/capsandbox/sandbox/sandboxtest",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("following README.md, the output lacks %q:\n%s", want, out)
		}
	}
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// TestReadmeTestCommand: the README's test command is the one .ci/run runs.
func TestReadmeTestCommand(t *testing.T) {
	ci, err := os.ReadFile("../.ci/run")
	if err != nil {
		t.Fatal(err)
	}
	cmds := readmeCommands(t)
	if !regexp.MustCompile(`(?m)^go test -race \./\.\.\.$`).Match(ci) || !slices.Contains(cmds, "go test -race ./...") {
		t.Errorf("README.md's test command and .ci/run's differ (README commands: %q)", cmds)
	}
}
