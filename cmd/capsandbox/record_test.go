package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/cassette"
	"github.com/capsandbox/capsandbox/internal/proctest"
)

// recordVars are record's flags, their environment variables and values.
var recordVars = []struct {
	flag, env, envValue, flagValue string
	get                            func(recordFlags) string
}{
	{"upstream", "CAPSANDBOX_UPSTREAM", "https://eu.api.capillarytech.com", "http://127.0.0.1:9", func(f recordFlags) string { return f.upstream }},
	{"addr", "CAPSANDBOX_ADDR", ":8080", "127.0.0.1:18400", func(f recordFlags) string { return f.addr }},
	{"cassette", "CAPSANDBOX_CASSETTE", "/rec/a.jsonl", "b.jsonl", func(f recordFlags) string { return f.cassette }},
	{"upstream-ca", "CAPSANDBOX_UPSTREAM_CA", "/ca/env.pem", "flag.pem", func(f recordFlags) string { return f.ca }},
	{"upstream-timeout", "CAPSANDBOX_UPSTREAM_TIMEOUT", "45s", "2m0s", func(f recordFlags) string { return f.timeout.String() }},
	{"max-body", "CAPSANDBOX_RECORD_MAX_BODY", "2048", "4096", func(f recordFlags) string { return fmt.Sprint(f.maxBody) }},
	{"max-response", "CAPSANDBOX_RECORD_MAX_RESPONSE", "3000", "5000", func(f recordFlags) string { return fmt.Sprint(f.maxResponse) }},
	{"max-exchanges", "CAPSANDBOX_RECORD_MAX_EXCHANGES", "7", "9", func(f recordFlags) string { return fmt.Sprint(f.maxExchanges) }},
}

// usageFlags lists the flags a usage text shows, with their help lines.
func usageFlags(usage string) map[string]string {
	out := map[string]string{}
	re := regexp.MustCompile(`(?m)^  -([a-z-]+)[^\n]*\n\s+([^\n]*)`)
	for _, m := range re.FindAllStringSubmatch(usage, -1) {
		out[m[1]] = m[2]
	}
	return out
}

// TestRecordFlagsAndEnv: every record flag names its environment variable
// and is in recordVars; each variable sets its flag, and the flag wins.
func TestRecordFlagsAndEnv(t *testing.T) {
	var usage bytes.Buffer
	parseRecordFlags([]string{"-h"}, &usage)
	flags := usageFlags(usage.String())
	if len(flags) != len(recordVars) {
		t.Errorf("record has %d flags, recordVars lists %d:\n%s", len(flags), len(recordVars), usage.String())
	}
	for _, v := range recordVars {
		if !strings.Contains(flags[v.flag], "(env "+v.env+")") {
			t.Errorf("--%s: help %q does not name %s", v.flag, flags[v.flag], v.env)
		}
		t.Setenv(v.env, v.envValue)
	}
	f, err := parseRecordFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var args []string
	for _, v := range recordVars {
		if got := v.get(f); got != v.envValue {
			t.Errorf("%s=%s: --%s is %q", v.env, v.envValue, v.flag, got)
		}
		args = append(args, "--"+v.flag, v.flagValue)
	}
	if f, err = parseRecordFlags(args, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, v := range recordVars {
		if got := v.get(f); got != v.flagValue {
			t.Errorf("--%s %s over the environment: %q", v.flag, v.flagValue, got)
		}
	}
}

// TestRecordBadFlags: each bad setting is refused with exit 2 and a message
// naming it.
func TestRecordBadFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		env  [2]string
		want string
	}{
		{nil, [2]string{}, "--upstream (CAPSANDBOX_UPSTREAM) is required"},
		{[]string{"--upstream", "http://x", "--max-body", "0"}, [2]string{}, "--max-body must be between 1 and 8388608"},
		{[]string{"--upstream", "http://x", "--max-response", "9000000"}, [2]string{}, "--max-response must be between"},
		{[]string{"--upstream", "http://x", "--max-exchanges", "-1"}, [2]string{}, "--max-exchanges must be a positive count"},
		{[]string{"--upstream", "http://x", "--upstream-timeout", "0s"}, [2]string{}, "--upstream-timeout must be positive"},
		{[]string{"--upstream", "http://x", "extra"}, [2]string{}, `unexpected argument "extra"`},
		{[]string{"--upstream", "http://x"}, [2]string{"CAPSANDBOX_UPSTREAM_TIMEOUT", "soon"}, "CAPSANDBOX_UPSTREAM_TIMEOUT must be a duration"},
		{[]string{"--upstream", "http://x"}, [2]string{"CAPSANDBOX_RECORD_MAX_BODY", "big"}, "CAPSANDBOX_RECORD_MAX_BODY must be an integer"},
	} {
		t.Run(c.want, func(t *testing.T) {
			for _, v := range recordVars {
				t.Setenv(v.env, "")
			}
			if c.env[0] != "" {
				t.Setenv(c.env[0], c.env[1])
			}
			var stderr bytes.Buffer
			if code := run(append([]string{"record"}, c.args...), io.Discard, &stderr); code != 2 || !strings.Contains(stderr.String(), c.want) {
				t.Errorf("exit %d, stderr %q, want 2 and %q", code, stderr.String(), c.want)
			}
		})
	}
}

// TestRecordSession: the command's proxy listens, records an exchange to
// the cassette, and on shutdown leaves the file complete.
func TestRecordSession(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, `{"response":{}}`) }))
	defer up.Close()
	path := filepath.Join(t.TempDir(), "c.jsonl")
	f := recordFlags{upstream: up.URL, addr: "127.0.0.1:0", cassette: path, timeout: 5 * time.Second,
		maxBody: 1 << 20, maxResponse: 1 << 20, maxExchanges: 10}
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan net.Addr, 1)
	done := make(chan error, 1)
	var logs proctest.Buffer
	go func() { done <- recordSession(ctx, f, &logs, func(a net.Addr) { addrc <- a }) }()
	addr := <-addrc
	resp, err := http.Get("http://" + addr.String() + "/v1.1/customer/get?mobile=1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	exs, err := cassette.Read(bytes.NewReader(data))
	if err != nil || len(exs) != 1 || exs[0].Response.Text != `{"response":{}}` {
		t.Fatalf("cassette: %v %+v", err, exs)
	}
	if !strings.Contains(logs.String(), "recorded") || !strings.Contains(logs.String(), "exchanges=1") {
		t.Errorf("log:\n%s", logs.String())
	}
}

// TestHelpListsRecordAndVerify: both commands are in the command list.
func TestHelpListsRecordAndVerify(t *testing.T) {
	var out bytes.Buffer
	run([]string{"help"}, &out, io.Discard)
	for _, name := range []string{"record", "verify"} {
		if !regexp.MustCompile(`(?m)^  ` + name + ` +\S`).MatchString(out.String()) {
			t.Errorf("help does not list %s:\n%s", name, out.String())
		}
	}
}
