// Package proctest is the harness of the tests that run the capsandbox
// binary as a process (cmd/capsandbox's binary tests, tests/reliability,
// examples/): the binary, built once for all of them; loopback addresses
// that parallel test processes never share; and a started process with its
// output, health wait, requests and shutdown.
package proctest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// Version and Commit are stamped into the binary Build returns.
const (
	Version = "v0.0.0-test"
	Commit  = "testcommit"
)

var (
	buildOnce sync.Once
	buildPath string
	buildErr  error
)

// Build returns the path of the capsandbox binary as the image ships it
// (scripts/build-static.sh, stamped with Version and Commit). The binary
// lives in Go's build cache (the script's --cached mode), so one
// `go test ./...` compiles and links it once for every test package that
// asks, and a later run with the same sources reuses it: test processes
// take a file lock around the build, so while one builds the others wait
// and then find it cached. Build runs at most once per process.
func Build() (string, error) {
	buildOnce.Do(func() { buildPath, buildErr = build() })
	return buildPath, buildErr
}

// Binary returns Build's path, failing the test when the build failed.
func Binary(tb testing.TB) string {
	tb.Helper()
	path, err := Build()
	if err != nil {
		tb.Fatal(err)
	}
	return path
}

func build() (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	unlock, err := lockFile(filepath.Join(os.TempDir(), "capsandbox-proctest-build.lock"))
	if err != nil {
		return "", err
	}
	defer unlock()
	cmd := exec.Command("bash", filepath.Join(root, "scripts", "build-static.sh"), "--cached", Version, Commit)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("scripts/build-static.sh --cached: %v\n%s", err, stderr.Bytes())
	}
	path := strings.TrimSpace(string(out))
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("scripts/build-static.sh --cached printed %q: %v", path, err)
	}
	return path, nil
}

// moduleRoot returns the directory of the go.mod of the package under test.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	gomod := strings.TrimSpace(string(out))
	if err != nil || gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("proctest: no go.mod found (go env GOMOD: %q, %v)", gomod, err)
	}
	return filepath.Dir(gomod), nil
}

// lockFile takes an exclusive lock on path, waiting for other processes,
// and returns its release.
func lockFile(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return func() { f.Close() }, nil
}
