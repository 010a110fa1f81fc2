package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

// runCLI runs the CLI in-process and returns its exit code and output.
func runCLI(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// TestHelpListsEveryCommand: --help, -h and help print the same list, one
// line per command with its summary, and exit 0.
func TestHelpListsEveryCommand(t *testing.T) {
	_, want, _ := runCLI("help")
	for _, args := range [][]string{{"--help"}, {"-h"}, {"-help"}, {"help"}} {
		code, out, errOut := runCLI(args...)
		if code != 0 || out != want || errOut != "" {
			t.Errorf("%q: exit %d, stderr %q, stdout:\n%s", args, code, errOut, out)
		}
	}
	for name, c := range commands {
		line := regexp.MustCompile(`(?m)^  ` + name + ` +` + regexp.QuoteMeta(c.summary) + `$`)
		if !line.MatchString(want) {
			t.Errorf("help has no line for %s:\n%s", name, want)
		}
	}
	if !strings.Contains(want, "  help ") {
		t.Errorf("help does not list itself:\n%s", want)
	}
}

// flagsWithoutEnv are the flags that have no environment variable: they
// make sense for one run only.
var flagsWithoutEnv = map[string]bool{"seed -count": true, "seed -batch": true, "seed -namespace": true,
	"healthcheck -timeout": true}

var flagLine = regexp.MustCompile(`(?m)^  -([a-z-]+)[^\n]*\n\s+([^\n]*)`)

// TestCommandHelp: `help CMD` and `CMD --help` print the same usage and
// flags on stdout and exit 0; each flag's line names its environment
// variable unless it has none.
func TestCommandHelp(t *testing.T) {
	for name := range commands {
		t.Run(name, func(t *testing.T) {
			code, want, errOut := runCLI("help", name)
			if code != 0 || errOut != "" || !strings.HasPrefix(want, "usage: capsandbox ") {
				t.Fatalf("help %s: exit %d, stderr %q, stdout:\n%s", name, code, errOut, want)
			}
			for _, flag := range []string{"--help", "-h", "-help"} {
				if code, out, _ := runCLI(name, flag); code != 0 || out != want {
					t.Errorf("%s %s: exit %d, stdout differs from help %s:\n%s", name, flag, code, name, out)
				}
			}
			for _, m := range flagLine.FindAllStringSubmatch(want, -1) {
				if !strings.Contains(m[2], "(env CAPSANDBOX_") && !flagsWithoutEnv[name+" -"+m[1]] {
					t.Errorf("%s -%s: help %q names no environment variable", name, m[1], m[2])
				}
			}
		})
	}
	_, serve, _ := runCLI("help", "serve")
	for _, env := range []string{"CAPSANDBOX_ADDR", "CAPSANDBOX_DATA", "CAPSANDBOX_SCENARIO", "CAPSANDBOX_SCENARIOS_DIR"} {
		if !strings.Contains(serve, "(env "+env+")") {
			t.Errorf("help serve does not name %s:\n%s", env, serve)
		}
	}
}

func TestVersionFlag(t *testing.T) {
	_, want, _ := runCLI("version")
	if code, out, _ := runCLI("--version"); code != 0 || out != want || !strings.HasPrefix(out, "capsandbox ") {
		t.Errorf("--version: exit %d, %q; version prints %q", code, out, want)
	}
}

// TestUnknownCommand: exit 2 with the nearest command suggested, none
// when nothing is close.
func TestUnknownCommand(t *testing.T) {
	for _, c := range []struct{ typed, suggested string }{
		{"valdate", "validate"}, {"valiadte", "validate"}, {"serv", "serve"}, {"sed", "seed"},
		{"helthcheck", "healthcheck"}, {"verison", "version"}, {"recrod", "record"}, {"xyz", ""}, {"database", ""},
	} {
		for _, args := range [][]string{{c.typed}, {"help", c.typed}} {
			code, out, errOut := runCLI(args...)
			want := `capsandbox: unknown command "` + c.typed + `"`
			if c.suggested != "" {
				want += `; did you mean "` + c.suggested + `"?`
			}
			want += "\nRun 'capsandbox help' for the list of commands.\n"
			if code != 2 || out != "" || errOut != want {
				t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2, stderr %q", args, code, out, errOut, want)
			}
		}
	}
}

// TestServeIsTheDefault: flags without a command are serve's.
func TestServeIsTheDefault(t *testing.T) {
	code, _, errOut := runCLI("--no-such-flag")
	if code != 2 || !strings.Contains(errOut, "flag provided but not defined: -no-such-flag") ||
		!strings.Contains(errOut, "usage: capsandbox [serve] [flags]") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"", "abc", 3}, {"seed", "seed", 0}, {"sed", "seed", 1}, {"kitten", "sitting", 3}, {"valiadte", "validate", 2}, {"é", "e", 1}} {
		if got := editDistance(c.a, c.b); got != c.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.d)
		}
	}
}
