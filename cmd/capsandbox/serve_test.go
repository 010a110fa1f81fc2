package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/server"
)

// serveVar is one serve flag, its environment variable, its default and
// two other values; get reads it back from the parsed options.
type serveVar struct {
	flag, env, def, envValue, flagValue string
	get                                 func(server.Options) string
}

var serveVars = []serveVar{
	{"addr", "CAPSANDBOX_ADDR", "127.0.0.1:8080", ":8080", "127.0.0.1:18399", func(o server.Options) string { return o.Addr }},
	{"data", "CAPSANDBOX_DATA", "capsandbox.db", "/data/capsandbox.db", ":memory:", func(o server.Options) string { return o.Data }},
	{"scenario", "CAPSANDBOX_SCENARIO", "default", "warning-1017", "outage", func(o server.Options) string { return o.Scenario }},
	{"scenarios-dir", "CAPSANDBOX_SCENARIOS_DIR", "", "/scenarios", "./more", func(o server.Options) string { return o.ScenariosDir }},
	{"seed", "CAPSANDBOX_SEED", "1", "42", "-7", func(o server.Options) string { return strconv.FormatInt(o.Seed, 10) }},
	{"admin-token", "CAPSANDBOX_ADMIN_TOKEN", "", "from-env", "from-flag", func(o server.Options) string { return o.AdminToken }},
	{"log-format", "CAPSANDBOX_LOG_FORMAT", "text", "json", "text", func(o server.Options) string { return o.LogFormat }},
	{"sync", "CAPSANDBOX_SYNC", "interval", "none", "always", func(o server.Options) string { return o.Sync }},
	{"sync-interval", "CAPSANDBOX_SYNC_INTERVAL", "100ms", "1s", "250ms", func(o server.Options) string { return o.SyncInterval.String() }},
	{"watch", "CAPSANDBOX_WATCH", "true", "false", "true", func(o server.Options) string { return strconv.FormatBool(o.Watch) }},
	{"body-limit", "CAPSANDBOX_BODY_LIMIT", "1048576", "2048", "4096", func(o server.Options) string { return itoa(o.BodyLimit) }},
	{"header-limit", "CAPSANDBOX_HEADER_LIMIT", "65536", "8192", "16384", func(o server.Options) string { return itoa(o.HeaderLimit) }},
	{"max-namespaces", "CAPSANDBOX_MAX_NAMESPACES", "10000", "50", "-1", func(o server.Options) string { return itoa(o.Limits.MaxNamespaces) }},
	{"namespace-ttl", "CAPSANDBOX_NAMESPACE_TTL", "0s", "1h0m0s", "30m0s", func(o server.Options) string { return o.Limits.NamespaceTTL.String() }},
	{"journal-entries", "CAPSANDBOX_JOURNAL_ENTRIES", "1000", "10", "20", func(o server.Options) string { return itoa(o.JournalCap) }},
	{"journal-entry-bytes", "CAPSANDBOX_JOURNAL_ENTRY_BYTES", "65536", "1024", "2048", func(o server.Options) string { return itoa(o.Limits.JournalEntryBytes) }},
	{"journal-namespace-bytes", "CAPSANDBOX_JOURNAL_NAMESPACE_BYTES", "8388608", "1000000", "2000000", func(o server.Options) string { return itoa(o.Limits.JournalNSBytes) }},
	{"journal-bytes", "CAPSANDBOX_JOURNAL_BYTES", "67108864", "10000000", "20000000", func(o server.Options) string { return itoa(o.Limits.JournalBytes) }},
	{"max-initial-customers", "CAPSANDBOX_MAX_INITIAL_CUSTOMERS", "10000", "100", "200", func(o server.Options) string { return itoa(o.Limits.MaxInitialCustomers) }},
	{"max-scenario-bytes", "CAPSANDBOX_MAX_SCENARIO_BYTES", "262144", "1000", "2000", func(o server.Options) string { return itoa(o.Limits.MaxScenarioBytes) }},
	{"max-description-bytes", "CAPSANDBOX_MAX_DESCRIPTION_BYTES", "4096", "100", "200", func(o server.Options) string { return itoa(o.Limits.MaxDescription) }},
	{"max-conns", "CAPSANDBOX_MAX_CONNS", "1024", "64", "128", func(o server.Options) string { return itoa(o.Limits.MaxConns) }},
	{"idle-timeout", "CAPSANDBOX_IDLE_TIMEOUT", "15s", "5s", "1m0s", func(o server.Options) string { return o.Limits.IdleTimeout.String() }},
	{"check-timeout", "CAPSANDBOX_CHECK_TIMEOUT", "100ms", "1s", "1m0s", func(o server.Options) string { return o.CheckTimeout.String() }},
}

func itoa[T int | int64](n T) string { return strconv.FormatInt(int64(n), 10) }

// unsetServeEnv removes every serve variable for the test (restored after).
func unsetServeEnv(t *testing.T) {
	t.Helper()
	for _, v := range serveVars {
		t.Setenv(v.env, "")
		os.Unsetenv(v.env)
	}
}

func mustServeOptions(t *testing.T, args ...string) server.Options {
	t.Helper()
	var stderr bytes.Buffer
	o, err := serveOptions(args, &stderr)
	if err != nil {
		t.Fatalf("serveOptions(%q): %v\n%s", args, err, stderr.String())
	}
	return o
}

// TestEveryServeFlagIsTested lists serve's flags from its usage text: each
// must be in serveVars and name its variable, so a new flag cannot ship
// without an env var and this test.
func TestEveryServeFlagIsTested(t *testing.T) {
	var usage bytes.Buffer
	serveOptions([]string{"-h"}, &usage)
	flags := regexp.MustCompile(`(?m)^  -([a-z-]+)(?: |$)`).FindAllStringSubmatch(usage.String(), -1)
	var got []string
	for _, f := range flags {
		got = append(got, f[1])
	}
	var want []string
	for _, v := range serveVars {
		want = append(want, v.flag)
		if !strings.Contains(usage.String(), "(env "+v.env+")") {
			t.Errorf("usage of -%s does not name its variable %s", v.flag, v.env)
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("serve flags %q, tested flags %q", got, want)
	}
}

func TestServeDefaultsEnvAndFlags(t *testing.T) {
	for _, v := range serveVars {
		t.Run(v.flag, func(t *testing.T) {
			unsetServeEnv(t)
			if got := v.get(mustServeOptions(t)); got != v.def {
				t.Errorf("default: %q, want %q", got, v.def)
			}
			t.Setenv(v.env, v.envValue)
			if got := v.get(mustServeOptions(t)); got != v.envValue {
				t.Errorf("%s=%s alone: %q, want the variable's value", v.env, v.envValue, got)
			}
			isBool := v.def == "true" || v.def == "false" // a bool flag takes its value as -flag=value only
			if !isBool {
				if got := v.get(mustServeOptions(t, "--"+v.flag, v.flagValue)); got != v.flagValue {
					t.Errorf("%s=%s and --%s %s: %q, want the flag to win", v.env, v.envValue, v.flag, v.flagValue, got)
				}
			}
			if got := v.get(mustServeOptions(t, "-"+v.flag+"="+v.flagValue)); got != v.flagValue {
				t.Errorf("-%s=%s: %q, want the flag to win", v.flag, v.flagValue, got)
			}
		})
	}
}

// TestServeBadValues runs serve in-process with one bad setting at a time,
// from the environment or a flag: it must exit non-zero, before serving,
// with a message naming the problem.
func TestServeBadValues(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name     string
		env      map[string]string
		args     []string
		wantCode int
		wantMsg  string
	}{
		{"seed env", map[string]string{"CAPSANDBOX_SEED": "abc"}, nil, 2, `CAPSANDBOX_SEED must be an integer, not "abc"`},
		{"seed flag", nil, []string{"--seed", "1.5"}, 2, `invalid value "1.5" for flag -seed`},
		{"sync env", map[string]string{"CAPSANDBOX_SYNC": "sometimes"}, nil, 1, `--sync (CAPSANDBOX_SYNC) must be interval, always or none, not "sometimes"`},
		{"sync flag", nil, []string{"--sync=never"}, 1, `--sync (CAPSANDBOX_SYNC) must be interval, always or none, not "never"`},
		{"sync interval env", map[string]string{"CAPSANDBOX_SYNC_INTERVAL": "soon"}, nil, 2, `CAPSANDBOX_SYNC_INTERVAL`},
		{"sync interval flag", nil, []string{"--sync-interval=-1s"}, 1, `--sync-interval (CAPSANDBOX_SYNC_INTERVAL) must be positive, not -1s`},
		{"log format env", map[string]string{"CAPSANDBOX_LOG_FORMAT": "yaml"}, nil, 1, `--log-format (CAPSANDBOX_LOG_FORMAT) must be text or json, not "yaml"`},
		{"scenario env", map[string]string{"CAPSANDBOX_SCENARIO": "no-such-scenario"}, nil, 1, `unknown scenario "no-such-scenario"`},
		{"scenario file", nil, []string{"--scenario", filepath.Join(dir, "missing.yaml")}, 1, "missing.yaml"},
		{"scenarios dir env", map[string]string{"CAPSANDBOX_SCENARIOS_DIR": filepath.Join(dir, "nope")}, nil, 1, "scenarios directory"},
		{"data env is a directory", map[string]string{"CAPSANDBOX_DATA": dir}, nil, 1, "is a directory"},
		{"addr env", map[string]string{"CAPSANDBOX_ADDR": "no-port"}, nil, 1, "listen on no-port"},
		{"addr flag", nil, []string{"--addr", "127.0.0.1:99999"}, 1, "listen on 127.0.0.1:99999"},
		{"unknown flag", nil, []string{"--colour"}, 2, "flag provided but not defined: -colour"},
		{"stray argument", nil, []string{"extra"}, 2, `unexpected argument "extra"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			unsetServeEnv(t)
			t.Setenv("CAPSANDBOX_DATA", ":memory:")
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			var stdout, stderr bytes.Buffer
			code := run(append([]string{"serve"}, tc.args...), &stdout, &stderr)
			if code != tc.wantCode {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tc.wantCode, stderr.String())
			}
			if !strings.Contains(stderr.String(), "capsandbox serve: ") || !strings.Contains(stderr.String(), tc.wantMsg) {
				t.Errorf("stderr does not name the problem %q:\n%s", tc.wantMsg, stderr.String())
			}
		})
	}
}

// TestEmptyServeEnvMeansDefault: a variable set to "" (common in service
// definitions) keeps the default instead of configuring an empty value.
func TestEmptyServeEnvMeansDefault(t *testing.T) {
	unsetServeEnv(t)
	for _, v := range serveVars {
		t.Setenv(v.env, "")
	}
	o := mustServeOptions(t)
	for _, v := range serveVars {
		if got := v.get(o); got != v.def {
			t.Errorf("%s=\"\": %s = %q, want the default %q", v.env, v.flag, got, v.def)
		}
	}
}
