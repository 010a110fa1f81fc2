package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// The Go benchmark of sandboxtest.Run(t)'s cost (Start + Close), run by
// the harness with go test.
const (
	sbtestBench = "BenchmarkRun"
	sbtestPkg   = "./sandbox/sandboxtest"
)

// sbtestArgs is the go test command line of the sandboxtest timing.
var sbtestArgs = []string{"test", "-run", "^$", "-bench", sbtestBench + "$", "-benchtime", "200x", "-count", "5", sbtestPkg}

// sbtestResult is what the sandboxtest timing measured: ns/op of each
// -count run, or why there are none.
type sbtestResult struct {
	nsPerOp []float64
	note    string // set when nsPerOp is empty
}

func (r sbtestResult) median() float64 { return median(r.nsPerOp) }

// sandboxtestTiming runs the sandboxtest benchmark; out receives go test's
// whole output. A missing benchmark or a failed go test is a note in the
// report, not an error of the run.
func (h *harness) sandboxtestTiming() {
	say("go %s", strings.Join(sbtestArgs, " "))
	out := filepath.Join(h.c.work, "sandboxtest-bench.txt")
	raw, err := exec.Command("go", sbtestArgs...).CombinedOutput()
	_ = os.WriteFile(out, raw, 0o644)
	res := parseBench(string(raw), sbtestBench)
	if err != nil {
		os.Stderr.Write(raw)
		res = sbtestResult{note: fmt.Sprintf("go test failed (%v): %s", err, firstError(string(raw)))}
	}
	if res.note == "" {
		say("  %s: median %.3f ms of %d runs", sbtestBench, res.median()/1e6, len(res.nsPerOp))
	} else {
		say("  %s", res.note)
	}
	h.rep.sbtest = &res
}

// firstError is the first line of go test's output that is not a package
// header, shortened to fit a table cell.
func firstError(out string) string {
	for _, line := range strings.Split(out, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			if len(line) > 160 {
				line = line[:160] + "…"
			}
			return strings.ReplaceAll(line, "|", "/")
		}
	}
	return "no output"
}

// benchLine is one result line of go test -bench: name, optional
// -GOMAXPROCS, iterations, ns/op.
var benchLine = regexp.MustCompile(`^(Benchmark\S*?)(?:-\d+)?\s+\d+\s+([0-9.]+) ns/op`)

// parseBench returns the ns/op of every result line of the benchmark
// named name (not of its sub-benchmarks or of others sharing its prefix).
func parseBench(out, name string) sbtestResult {
	var r sbtestResult
	for _, line := range strings.Split(out, "\n") {
		m := benchLine.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil || m[1] != name {
			continue
		}
		if ns, err := strconv.ParseFloat(m[2], 64); err == nil {
			r.nsPerOp = append(r.nsPerOp, ns)
		}
	}
	if len(r.nsPerOp) == 0 {
		r.note = fmt.Sprintf("benchmark not found: no %s in %s", name, sbtestPkg)
	}
	return r
}

// defaultSync reads the --sync default from `capsandbox serve --help`
// (flag's "(default "X")" on the line after "-sync string").
func defaultSync(help string) string {
	lines := strings.Split(help, "\n")
	for i, line := range lines {
		if strings.TrimSpace(line) != "-sync string" || i+1 == len(lines) {
			continue
		}
		_, def, ok := strings.Cut(lines[i+1], `(default "`)
		if def, _, closed := strings.Cut(def, `")`); ok && closed {
			return def
		}
	}
	return "unknown"
}
