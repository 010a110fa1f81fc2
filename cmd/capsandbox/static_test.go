package main

import (
	"debug/elf"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/capsandbox/capsandbox/internal/proctest"
)

// testStaticELF checks the binary needs no loader and no shared library.
func testStaticELF(t *testing.T, bin string) {
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			t.Errorf("program header %v: the binary is dynamically linked", p.Type)
		}
	}
	if s := f.Section(".dynamic"); s != nil {
		t.Errorf("the binary has a .dynamic section")
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		t.Errorf("the binary imports %v", libs)
	}
	if s := f.Section(".symtab"); s != nil {
		t.Errorf("the binary keeps its symbol table; the build should strip it (-s -w)")
	}
}

// kolkata is a scenario whose org is in India Standard Time (UTC+5:30):
// it loads only if the binary carries the zone database.
const kolkata = `name: kolkata
description: the default org in India Standard Time
extends: default
org:
  time_zone: Asia/Kolkata
`

// testEmptyRoot runs the binary with an empty environment in a root
// directory holding nothing but the binary and a scenario file: no
// /usr/share/zoneinfo, no /etc. Without root it falls back to an empty
// environment with ZONEINFO pointing nowhere (weaker: the host's zoneinfo
// stays visible).
func testEmptyRoot(t *testing.T, bin string) {
	root := t.TempDir()
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(root, "capsandbox"), string(data))
	os.Chmod(filepath.Join(root, "capsandbox"), 0o755)
	writeFile(t, filepath.Join(root, "kolkata.yaml"), kolkata)
	addr := proctest.Addr(t)
	var cmd *exec.Cmd
	if os.Geteuid() == 0 {
		cmd = &exec.Cmd{Path: "/capsandbox", Args: []string{"capsandbox", "serve", "--addr", addr,
			"--data", "/capsandbox.db", "--scenario", "/kolkata.yaml"}, Dir: "/", Env: []string{},
			SysProcAttr: &syscall.SysProcAttr{Chroot: root}}
	} else {
		t.Log("not root: no chroot; running with an empty environment and ZONEINFO=/nonexistent")
		cmd = exec.Command(filepath.Join(root, "capsandbox"), "serve", "--addr", addr,
			"--data", filepath.Join(root, "capsandbox.db"), "--scenario", filepath.Join(root, "kolkata.yaml"))
		cmd.Env = []string{"ZONEINFO=/nonexistent"}
	}
	p := proctest.Start(t, cmd, addr)
	entries, _ := os.ReadDir(root)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != "capsandbox capsandbox.db kolkata.yaml" {
		t.Errorf("root holds %q, want only the binary, its store and the scenario", got)
	}
	status, body := p.Call(t, http.MethodPut, "/__sandbox/clock", http.Header{"Content-Type": {"application/json"}},
		`{"fixed":"2026-01-02T03:04:05Z"}`)
	if status != http.StatusOK {
		t.Fatalf("PUT clock: %d %s", status, body)
	}
	status, body = p.Call(t, http.MethodPost, "/v1.1/customer/add?format=json", till1,
		`{"root":{"customer":[{"mobile":"919876543210","firstname":"Asha"}]}}`)
	if status != http.StatusOK || !strings.Contains(body, `"registered_on":"2026-01-02 08:34:05"`) {
		t.Errorf("add at 03:04:05Z in Asia/Kolkata: %d %s\nwant registered_on 2026-01-02 08:34:05", status, body)
	}
}

// testEnvOnly starts the binary with no arguments at all, configured by
// every CAPSANDBOX_* variable, and observes each setting from outside.
func testEnvOnly(t *testing.T, bin string) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "scenarios", "env-only.yaml"),
		"name: env-only\ndescription: default plus three fake customers\nextends: default\ncustomers:\n  - fake: 3\n")
	names := func(seed string) (string, *proctest.Proc) {
		addr := proctest.Addr(t)
		cmd := exec.Command(bin)
		cmd.Env = []string{"CAPSANDBOX_ADDR=" + addr, "CAPSANDBOX_DATA=" + filepath.Join(dir, "seed"+seed+".db"),
			"CAPSANDBOX_SCENARIOS_DIR=" + filepath.Join(dir, "scenarios"), "CAPSANDBOX_SCENARIO=env-only",
			"CAPSANDBOX_SEED=" + seed, "CAPSANDBOX_ADMIN_TOKEN=tok", "CAPSANDBOX_LOG_FORMAT=json", "CAPSANDBOX_SYNC=none"}
		p := proctest.Start(t, cmd, addr)
		if status, _ := p.Call(t, http.MethodGet, "/__sandbox/customers", nil, ""); status != http.StatusUnauthorized {
			t.Errorf("CAPSANDBOX_ADMIN_TOKEN: customers without the token answered %d, want 401", status)
		}
		status, body := p.Call(t, http.MethodGet, "/__sandbox/customers", http.Header{"Authorization": {"Bearer tok"}}, "")
		var list struct {
			Total     int `json:"total"`
			Customers []struct {
				Firstname, Email string
			} `json:"customers"`
		}
		if err := json.Unmarshal([]byte(body), &list); status != http.StatusOK || err != nil || list.Total != 3 {
			t.Fatalf("CAPSANDBOX_SCENARIO(_DIR): customers %d %s, want the scenario's 3 fake customers", status, body)
		}
		return list.Customers[0].Firstname + " " + list.Customers[0].Email, p
	}
	a, p := names("42")
	b, _ := names("43")
	if a == b {
		t.Errorf("CAPSANDBOX_SEED: seeds 42 and 43 made the same fake customer %q", a)
	}
	_, health := p.Call(t, http.MethodGet, "/__sandbox/health", nil, "")
	if !strings.Contains(health, `"scenario":"env-only"`) {
		t.Errorf("health %s, want scenario env-only", health)
	}
	if _, err := os.Stat(filepath.Join(dir, "seed42.db")); err != nil {
		t.Errorf("CAPSANDBOX_DATA: %v", err)
	}
	p.Stop(t)
	for _, line := range strings.Split(strings.TrimSpace(p.Output()), "\n") {
		if !json.Valid([]byte(line)) {
			t.Errorf("CAPSANDBOX_LOG_FORMAT=json: line is not JSON: %s", line)
		}
	}
}
