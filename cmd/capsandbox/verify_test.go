package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/cassette"
	"github.com/capsandbox/capsandbox/internal/verify"
)

var verifyEnv = []string{"CAPSANDBOX_VERIFY_DOCS", "CAPSANDBOX_VERIFY_JSON", "CAPSANDBOX_VERIFY_REAL_CLOCK",
	"CAPSANDBOX_VERIFY_IGNORE", "CAPSANDBOX_VERIFY_SCENARIO", "CAPSANDBOX_SCENARIOS_DIR", "CAPSANDBOX_SEED", "CAPSANDBOX_CASSETTE"}

func clearVerifyEnv(t *testing.T) {
	for _, k := range verifyEnv {
		t.Setenv(k, "")
	}
}

// TestEveryVerifyFlagHasEnv: every verify flag names its variable.
func TestEveryVerifyFlagHasEnv(t *testing.T) {
	var usage bytes.Buffer
	parseVerifyFlags([]string{"-h"}, &usage)
	flags := usageFlags(usage.String())
	if len(flags) != 7 {
		t.Errorf("verify has %d flags, want 7:\n%s", len(flags), usage.String())
	}
	for name, help := range flags {
		if !regexp.MustCompile(`\(env CAPSANDBOX_[A-Z_]+`).MatchString(help) {
			t.Errorf("--%s: help %q names no environment variable", name, help)
		}
	}
}

// TestVerifyEnv: each variable sets its flag; flags win; serve's
// CAPSANDBOX_SCENARIO does not change what verify replays against.
func TestVerifyEnv(t *testing.T) {
	clearVerifyEnv(t)
	t.Setenv("CAPSANDBOX_SCENARIO", "outage") // serve's: not verify's
	if f, err := parseVerifyFlags([]string{"c.jsonl"}, io.Discard); err != nil || f.opts.Scenario != "" {
		t.Errorf("CAPSANDBOX_SCENARIO leaked into verify: %q %v", f.opts.Scenario, err)
	}
	for k, v := range map[string]string{"CAPSANDBOX_VERIFY_DOCS": "true", "CAPSANDBOX_VERIFY_JSON": "1", "CAPSANDBOX_VERIFY_REAL_CLOCK": "yes",
		"CAPSANDBOX_VERIFY_IGNORE": "**.a,header:X-B", "CAPSANDBOX_VERIFY_SCENARIO": "outage", "CAPSANDBOX_SCENARIOS_DIR": "/s", "CAPSANDBOX_SEED": "9"} {
		t.Setenv(k, v)
	}
	f, err := parseVerifyFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !f.docs || !f.json || !f.opts.RealClock || strings.Join(f.opts.Ignore, "|") != "**.a|header:X-B" ||
		f.opts.Scenario != "outage" || f.opts.ScenariosDir != "/s" || f.opts.Seed != 9 {
		t.Errorf("from the environment: %+v", f)
	}
	f, err = parseVerifyFlags([]string{"--docs=false", "--json=false", "--real-clock=false", "--scenario", "default", "--seed", "3", "--ignore", "**.c", "x.jsonl"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if f.docs || f.json || f.opts.RealClock || f.opts.Scenario != "default" || f.opts.Seed != 3 || f.cassette != "x.jsonl" ||
		strings.Join(f.opts.Ignore, "|") != "**.a|header:X-B|**.c" {
		t.Errorf("flags over the environment: %+v", f)
	}
	t.Setenv("CAPSANDBOX_VERIFY_JSON", "maybe")
	if _, err := parseVerifyFlags(nil, io.Discard); err == nil || !strings.Contains(err.Error(), "CAPSANDBOX_VERIFY_JSON must be true or false") {
		t.Errorf("bad boolean: %v", err)
	}
}

func writeCassette(t *testing.T, exs []cassette.Exchange) string {
	t.Helper()
	var b bytes.Buffer
	for i := range exs {
		line, err := cassette.Marshal(&exs[i])
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
	}
	path := filepath.Join(t.TempDir(), "c.jsonl")
	os.WriteFile(path, b.Bytes(), 0o600)
	return path
}

// TestVerifyExitCodes: 0 when every exchange conforms, 1 on a difference,
// 2 for bad usage or an unreadable cassette; the cassette may come from
// CAPSANDBOX_CASSETTE.
func TestVerifyExitCodes(t *testing.T) {
	clearVerifyEnv(t)
	docs, err := verify.Docs()
	if err != nil {
		t.Fatal(err)
	}
	good := writeCassette(t, docs[:1]) // the coupon sample, reproduced exactly by welcome-coupon
	changed := docs[0]
	resp := *changed.Response
	resp.Text = strings.Replace(resp.Text, `"firstname":"testuwser"`, `"firstname":"other"`, 1)
	changed.Response = &resp
	bad := writeCassette(t, []cassette.Exchange{changed})
	garbage := filepath.Join(t.TempDir(), "g.jsonl")
	os.WriteFile(garbage, []byte("{not json\n"), 0o600)
	for _, c := range []struct {
		args       []string
		code       int
		out, error string
	}{
		{[]string{good}, 0, "1 exchanges: 1 conform, 0 differ\n", ""},
		{[]string{bad}, 1, `firstname: recorded "other", replayed "testuwser"`, ""},
		{[]string{garbage}, 2, "", "line 1: not a cassette exchange"},
		{[]string{filepath.Join(t.TempDir(), "none")}, 2, "", "no such file"},
		{[]string{"--docs", good}, 2, "", "a cassette or --docs, not both"},
		{[]string{good, bad}, 2, "", "verify takes one cassette"},
		{nil, 2, "", "name a cassette file"},
		{[]string{"--ignore", "a[", good}, 2, "", "unclosed ["},
	} {
		var stdout, stderr bytes.Buffer
		code := run(append([]string{"verify"}, c.args...), &stdout, &stderr)
		if code != c.code || !strings.Contains(stdout.String(), c.out) || !strings.Contains(stderr.String(), c.error) {
			t.Errorf("verify %q: exit %d\nstdout %s\nstderr %s", c.args, code, stdout.String(), stderr.String())
		}
	}
	t.Setenv("CAPSANDBOX_CASSETTE", good)
	if code := run([]string{"verify"}, io.Discard, io.Discard); code != 0 {
		t.Errorf("CAPSANDBOX_CASSETTE: exit %d", code)
	}
}

// TestVerifyDocsOutput: --docs prints a line per differing exchange and
// the summary last; --json prints the same verdicts as JSON.
func TestVerifyDocsOutput(t *testing.T) {
	clearVerifyEnv(t)
	var out bytes.Buffer
	code := run([]string{"verify", "--docs"}, &out, io.Discard)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	summary := regexp.MustCompile(`^(\d+) exchanges: (\d+) conform, (\d+) differ$`).FindStringSubmatch(lines[len(lines)-1])
	if summary == nil || (code == 0) != (summary[3] == "0") || len(lines)-1 != atoi(summary[3]) {
		t.Fatalf("exit %d, output:\n%s", code, out.String())
	}
	var js bytes.Buffer
	run([]string{"verify", "--docs", "--json"}, &js, io.Discard)
	var rep verify.Report
	if err := json.Unmarshal(js.Bytes(), &rep); err != nil || rep.Summary() != lines[len(lines)-1] {
		t.Errorf("JSON report %v: %q vs %q", err, rep.Summary(), lines[len(lines)-1])
	}
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}
