package hostile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/proctest"
	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// smallDisk mounts a tmpfs of size bytes for the test (root only; the
// test skips with the reason elsewhere) and returns its directory.
func smallDisk(t *testing.T, size int) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, fmt.Sprintf("size=%d", size)); err != nil {
		t.Skipf("SKIP: mounting a %d-byte tmpfs needs root (CAP_SYS_ADMIN): %v", size, err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir
}

// batch is an add of n customers from mobile 91+first, each with a first
// name of nameBytes.
func batch(first int64, n, nameBytes int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"root":{"customer":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"mobile":"91%010d","firstname":"%s"}`, first+int64(i), strings.Repeat("n", nameBytes))
	}
	b.WriteString(`]}}`)
	return b.Bytes()
}

// count returns the number of customers of the default namespace.
func count(t *testing.T, s *server) int {
	t.Helper()
	_, _, body := call(t, http.MethodGet, s.URL+"/__sandbox/customers?limit=1", admin(), nil)
	var list struct{ Total int }
	if err := json.Unmarshal(body, &list); err != nil {
		t.Fatalf("%v: %.200s", err, body)
	}
	return list.Total
}

// TestRow4DiskFullTellsTheTruth: batches of 100 customers fill a 6 MiB
// disk. The batch that does not fit is one transaction that failed: the
// vendor's 407 (HTTP 500) whose X-Sandbox-Explain says none of its 100
// customers was stored, and none is; reads keep working; once space
// returns, the same batch is stored whole.
func TestRow4DiskFullTellsTheTruth(t *testing.T) {
	gate(t)
	dir := smallDisk(t, 6<<20)
	filler := filepath.Join(dir, "filler")
	if err := os.WriteFile(filler, make([]byte, 2<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	s := serve(t, "--data", filepath.Join(dir, "c.db"), "--sync", "always", "--admin-token", token)
	var failed []byte
	var h http.Header
	var status, stored int
	first := int64(6000000000)
	for i := 0; i < 200 && failed == nil; i++ {
		before := count(t, s)
		st, hh, body := call(t, http.MethodPost, s.URL+addPath, vendor(""), batch(first, 100, 2000))
		if st == http.StatusOK {
			first += 100
			continue
		}
		status, h, failed, stored = st, hh, body, before
	}
	if failed == nil {
		t.Fatal("200 batches of 100 customers fit in 6 MiB")
	}
	t.Logf("row 4: disk full after %d customers: HTTP %d, explain %q", stored, status, h.Get("X-Sandbox-Explain"))
	wantVendorError(t, status, h, failed, sandbox.StatusUnknownError, http.StatusInternalServerError, "none of its 100 customers was stored")
	if n := count(t, s); n != stored {
		t.Errorf("%d customers after the failed batch, want the %d there were before it", n, stored)
	}
	get := s.URL + "/v1.1/customer/get?format=json&mobile=916000000000"
	if st, _, body := call(t, http.MethodGet, get, vendor(""), nil); st != http.StatusOK || !bytes.Contains(body, []byte(`"code":200`)) {
		t.Errorf("a read on the full disk: %d %.200s", st, body)
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	st, _, body := call(t, http.MethodPost, s.URL+addPath, vendor(""), batch(first, 100, 2000))
	if st != http.StatusOK || !bytes.Contains(body, []byte(`"code":200`)) {
		t.Errorf("the same batch once space returned: %d %.300s", st, body)
	}
	if n := count(t, s); n != stored+100 {
		t.Errorf("%d customers after space returned, want %d", n, stored+100)
	}
	s.finish(t, "row 4")
}

// seededStore writes a store of n customers with the binary's seed
// command and returns its path.
func seededStore(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "c.db")
	cmd := exec.Command(proctest.Binary(t), "seed", "--count", fmt.Sprint(n), "--data", path, "--sync", "none")
	cmd.Env = []string{}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("seed: %v\n%s", err, out)
	}
	return path
}

// TestRow5And12DamagedStoresStopTheStart: a store truncated to 8 KiB,
// 16 KiB, 400 KiB or half its size, or with garbage over a page in the
// middle, stops serve at start with a non-zero exit and a message naming
// the file and `capsandbox check`, never a crash; the file is left
// untouched; `capsandbox check` reports the damage (exit 1), and the
// sound file as ok (exit 0). The truncations are caught by the header
// check, whatever the file's size; the garbage page by the full check,
// which serve waits --check-timeout for (10 s here; the default 100 ms
// covers files of a few MB, and a longer check finishes in the
// background: TestRow12BackgroundCheckReportsDamage).
func TestRow5And12DamagedStoresStopTheStart(t *testing.T) {
	gate(t)
	src := seededStore(t, 20000)
	orig, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	pages := len(orig) / 4096
	damaged := map[string][]byte{"truncated to 8 KiB": orig[:8<<10], "truncated to 16 KiB": orig[:16<<10],
		"truncated to 400 KiB": orig[:400<<10], "truncated to half": orig[:len(orig)/2]}
	for _, page := range []int{pages / 2, pages / 3} {
		bad := bytes.Clone(orig)
		for i := page * 4096; i < (page+1)*4096; i++ {
			bad[i] = byte(i*31 + 7)
		}
		damaged[fmt.Sprintf("garbage over page %d of %d", page, pages)] = bad
	}
	for name, data := range damaged {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "d.db")
			if err := os.WriteFile(path, data, 0o600); err != nil {
				t.Fatal(err)
			}
			cmd, addr := proctest.ServeCmd(t, "--data", path, "--check-timeout", "10s")
			p := proctest.Run(t, cmd, addr)
			code := p.Wait(t, 30*time.Second)
			msg := p.Output()
			if code != 1 || !strings.Contains(msg, path) || !strings.Contains(msg, "capsandbox check") ||
				strings.Contains(msg, "goroutine ") || strings.Contains(msg, "SIG") {
				t.Errorf("exit %d, output:\n%s\nwant exit 1 and one message naming %s and capsandbox check, no crash", code, msg, path)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(after, data) {
				t.Errorf("the damaged file was modified")
			}
			chk := exec.Command(proctest.Binary(t), "check", "--data", path)
			chk.Env = []string{}
			out, err := chk.CombinedOutput()
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || !strings.Contains(string(out), path) {
				t.Errorf("capsandbox check: %v\n%s\nwant exit 1 naming the file", err, out)
			}
		})
	}
	chk := exec.Command(proctest.Binary(t), "check", "--data", src)
	chk.Env = []string{}
	out, err := chk.CombinedOutput()
	t.Logf("rows 5, 12: %s", bytes.TrimSpace(out))
	if err != nil || !strings.Contains(string(out), "ok: ") || !strings.Contains(string(out), "20000 customers") {
		t.Errorf("capsandbox check on the sound file: %v\n%s", err, out)
	}
}

// TestRow12BackgroundCheckReportsDamage: a full check that outlasts
// --check-timeout lets the server start and reports the damage it finds
// in the log, naming what to do.
func TestRow12BackgroundCheckReportsDamage(t *testing.T) {
	gate(t)
	src := seededStore(t, 20000)
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	page := len(data) / 4096 / 2
	for i := page * 4096; i < (page+1)*4096; i++ {
		data[i] = byte(i*31 + 7)
	}
	if err := os.WriteFile(src, data, 0o600); err != nil {
		t.Fatal(err)
	}
	s := serve(t, "--data", src, "--check-timeout", "1ns")
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(s.Output(), "store check found damage") && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	if out := s.Output(); !strings.Contains(out, "store check found damage") || !strings.Contains(out, "capsandbox check") {
		t.Errorf("no log line reporting the damage:\n%.2000s", out)
	}
	s.finish(t, "row 12 (background check)")
}

// TestRow12APanicIsAVendor500: the store file is damaged under a running
// server (every page but the meta pages overwritten). A lookup then
// faults reading it: the client gets the vendor's 500 (code 407), the log
// a line, and the connection stays open for the next request; the health
// route keeps answering.
func TestRow12APanicIsAVendor500(t *testing.T) {
	gate(t)
	path := seededStore(t, 2000)
	s := serve(t, "--data", path, "--sync", "none", "--admin-token", token)
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := f.Stat()
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xFF}, int(fi.Size())-8192), 8192); err != nil {
		t.Fatal(err)
	}
	f.Close()
	tr := &http.Transport{MaxIdleConnsPerHost: 1}
	c := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	get := s.URL + "/v1.1/customer/get?format=json&mobile=919000000001"
	for i := range 2 {
		req, _ := http.NewRequest(http.MethodGet, get, nil)
		req.Header = vendor("")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatalf("request %d on the damaged store: %v (the connection was dropped?)", i, err)
		}
		var body bytes.Buffer
		body.ReadFrom(resp.Body)
		resp.Body.Close()
		wantVendorError(t, resp.StatusCode, resp.Header, body.Bytes(), sandbox.StatusUnknownError, http.StatusInternalServerError, "")
	}
	for deadline := time.Now().Add(2 * time.Second); !strings.Contains(s.Output(), "panic") && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond) // the log is written in batches
	}
	if !strings.Contains(s.Output(), "panic") {
		t.Errorf("no log line for the panic:\n%.2000s", s.Output())
	}
	s.finish(t, "row 12 (panic)")
}
