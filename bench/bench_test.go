package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseResult(t *testing.T) {
	out := "Running 10s test\nRESULT requests=1200 duration_s=10.010 rps=119.9 p50_ms=1.250 p99_ms=9.500 max_ms=20.0 non2xx=3 errors=2\n"
	r, err := parseResult(out)
	if err != nil || r.requests != 1200 || r.rps != 119.9 || r.p50ms != 1.25 || r.p99ms != 9.5 || r.non2xx != 3 || r.errors != 2 {
		t.Fatalf("%+v %v", r, err)
	}
	if _, err := parseResult("wrk: connection refused\n"); err == nil {
		t.Error("output without a RESULT line accepted")
	}
	if _, err := parseResult("RESULT rps=fast\n"); err == nil {
		t.Error("a RESULT line with a non-number accepted")
	}
}

func TestMedianAndThousands(t *testing.T) {
	if m := median([]float64{3, 1, 2}); m != 2 {
		t.Errorf("median of 3,1,2 = %v", m)
	}
	if m := median([]time.Duration{4, 1, 3, 2}); m != 2 {
		t.Errorf("median of 4,1,3,2 = %v (integer halves round down)", m)
	}
	for in, want := range map[float64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", 92498.4: "92,498"} {
		if got := thousands(in); got != want {
			t.Errorf("thousands(%v) = %q, want %q", in, got, want)
		}
	}
}

func TestQuickKeepsExplicitFlags(t *testing.T) {
	c, err := parseFlags([]string{"-quick", "-runs", "3", "-sizes", "500"})
	if err != nil {
		t.Fatal(err)
	}
	if c.runs != 3 || c.sizes[0] != 500 || c.duration != 3*time.Second {
		t.Errorf("runs %d sizes %v duration %v", c.runs, c.sizes, c.duration)
	}
	if _, err := parseFlags([]string{"-workloads", "nope"}); err == nil {
		t.Error("unknown workload accepted")
	}
}

// wrkSeqOutput is wrk -t1 -c1 --latency output against goref, with the
// RESULT line of lua/common.lua.
const wrkSeqOutput = `Running 2s test @ http://127.0.0.1:18650/v1.1/customer/add?format=json
  1 threads and 1 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   135.29us  165.15us   3.83ms   97.48%
    Req/Sec     7.63k     1.55k   10.34k    71.43%
  Latency Distribution
     50%  121.00us
     75%  176.00us
     90%  229.00us
     99%  512.00us
  15913 requests in 2.10s, 1.75MB read
Requests/sec:   7576.34
Transfer/sec:    850.86KB
RESULT requests=15913 duration_s=2.100 rps=7576.3 p50_ms=0.121 p99_ms=0.512 max_ms=3.830 non2xx=0 errors=0
`

func TestParseResultKeepsMicroseconds(t *testing.T) {
	r, err := parseResult(wrkSeqOutput)
	if err != nil || r.requests != 15913 || r.rps != 7576.3 || r.p50ms != 0.121 || r.p99ms != 0.512 {
		t.Fatalf("%+v %v", r, err)
	}
}

func TestWrkArgsOfSequentialWorkloads(t *testing.T) {
	c := &config{threads: 2, conns: 50}
	for _, tc := range []struct {
		name string
		want string
	}{
		{"add-new", "-t2 -c50 -d10s --latency -s s.lua URL -- 7"},
		{"seq-add", "-t1 -c1 -d10s --latency -s s.lua URL -- 7"},
		{"seq-get", "-t1 -c1 -d10s --latency -s s.lua URL -- 7"},
	} {
		w, ok := workloadByName(tc.name)
		if !ok {
			t.Fatalf("no workload %s", tc.name)
		}
		if got := strings.Join(wrkArgs(c, w, 10*time.Second, "s.lua", "URL", "7"), " "); got != tc.want {
			t.Errorf("%s: wrk %s, want %s", tc.name, got, tc.want)
		}
	}
	if got := strings.Join(wrkArgs(c, gorefSeq, time.Second, "s.lua", "URL"), " "); got != "-t1 -c1 -d1s --latency -s s.lua URL" {
		t.Errorf("goref-seq: wrk %s", got)
	}
}

func TestSyncArgsPerWorkload(t *testing.T) {
	want := map[string]string{"seq-add": "", "seq-get": "", "seq-add-always": "--sync always",
		"seq-add-none": "--sync none", "add-new": "--sync none", "add-new-durable": "--sync always"}
	for name, args := range want {
		w, _ := workloadByName(name)
		if got := strings.Join(w.syncArgs(), " "); got != args {
			t.Errorf("%s: serve %q, want %q", name, got, args)
		}
	}
	seq, _ := workloadByName("seq-add")
	if m := seq.mode("interval"); m != "default (interval)" {
		t.Errorf("seq-add mode %q", m)
	}
	scripts, err := writeScripts(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range append(workloads, gorefLoad, gorefSeq) {
		if scripts[w.script] == "" {
			t.Errorf("%s: no script %s", w.name, w.script)
		}
	}
}

func TestDefaultSync(t *testing.T) {
	help := "flags:\n  -sync string\n    \talways = fsync each commit (env CAPSANDBOX_SYNC) (default \"always\")\n  -watch\n"
	if got := defaultSync(help); got != "always" {
		t.Errorf("default %q, want always", got)
	}
	help = strings.ReplaceAll(help, `"always")`, `"interval")`)
	if got := defaultSync(help); got != "interval" {
		t.Errorf("default %q, want interval", got)
	}
	if got := defaultSync("  -sync-interval duration\n    \tx (default 1s)\n"); got != "unknown" {
		t.Errorf("default %q from a help without -sync", got)
	}
}

const benchOutput = `goos: linux
goarch: amd64
pkg: github.com/capsandbox/capsandbox/sandbox/sandboxtest
cpu: AMD EPYC
BenchmarkRun-2                	     200	   2900000 ns/op	  812345 B/op	    9000 allocs/op
BenchmarkRunFirstRequest-2    	     200	   5000000 ns/op
BenchmarkRun-2                	     200	    900500 ns/op	  812345 B/op	    9000 allocs/op
BenchmarkRun/memory-2         	     200	   7000000 ns/op
BenchmarkRun-2                	     200	   1100000 ns/op	  812345 B/op	    9000 allocs/op
PASS
ok  	github.com/capsandbox/capsandbox/sandbox/sandboxtest	4.1s
`

func TestParseBench(t *testing.T) {
	r := parseBench(benchOutput, "BenchmarkRun")
	if !slices.Equal(r.nsPerOp, []float64{2900000, 900500, 1100000}) || r.note != "" || r.median() != 1100000 {
		t.Fatalf("%+v", r)
	}
	// GOMAXPROCS=1 prints no suffix.
	if r := parseBench("BenchmarkRun \t 200\t 800000 ns/op\n", "BenchmarkRun"); !slices.Equal(r.nsPerOp, []float64{800000}) {
		t.Errorf("%+v", r)
	}
	r = parseBench("PASS\nok  \tgithub.com/capsandbox/capsandbox/sandbox/sandboxtest\t0.2s [no tests to run]\n", "BenchmarkRun")
	if len(r.nsPerOp) != 0 || !strings.HasPrefix(r.note, "benchmark not found") {
		t.Errorf("%+v", r)
	}
}

// testRow is a measured row with one wrk run.
func testRow(w workload, n int, rps, p50, p99 float64, anonKB int64) row {
	return row{workload: w, customers: n, wall: time.Second, anonKB: anonKB, peakKB: 100 * 1024,
		runs: []wrkRun{{requests: 1000, rps: rps, p50ms: p50, p99ms: p99}}}
}

func testReport(t *testing.T) *report {
	t.Helper()
	c, err := parseFlags([]string{"-sizes", "1000"})
	if err != nil {
		t.Fatal(err)
	}
	w := func(name string) workload {
		x, ok := workloadByName(name)
		if !ok {
			t.Fatalf("no workload %s", name)
		}
		return x
	}
	return &report{cfg: c, defaultSync: "always",
		goref: []row{testRow(gorefLoad, 0, 10000, 1, 6, 0), testRow(gorefSeq, 0, 9000, 0.100, 0.5, 0)},
		rows: []row{
			testRow(w("get"), 1000, 6900, 2, 8, 30*1024),
			testRow(w("add-existing"), 1000, 4000, 3, 8.5, 30*1024),
			testRow(w("add-new"), 1000, 4600, 3, 9, 40*1024),
			testRow(w("add-new-durable"), 1000, 2900, 4, 9.1, 30*1024),
			testRow(w("seq-add"), 1000, 4000, 0.240, 1.1, 30*1024),
			testRow(w("seq-get"), 1000, 4500, 0.210, 1.0, 30*1024),
		},
		sbtest: &sbtestResult{nsPerOp: []float64{1.3e6, 1.2e6, 0.9e6}},
	}
}

func TestTargetsFromTheRun(t *testing.T) {
	rep := testReport(t)
	got := map[string]target{}
	for _, tc := range rep.checks() {
		got[tc.what] = tc
	}
	for _, want := range []struct {
		what, goal, measured string
		met                  bool
	}{
		{"sequential add, one connection, p50, default --sync (always) (seq-add), 1,000 customers stored", "≤ 2.5 × goref-seq p50", "2.40 × (0.240 ms against 0.100 ms)", true},
		{"sequential get, one connection, p50 (seq-get), 1,000 customers stored", "≤ 2.0 × goref-seq p50", "2.10 × (0.210 ms against 0.100 ms)", false},
		{"add-new, 1,000 customers stored", "≥ 0.45 × goref", "0.46 × (4,600 of 10,000 req/s)", true},
		{"add-new-durable, 1,000 customers stored", "≥ 0.30 × goref", "0.29 × (2,900 of 10,000 req/s)", false},
		{"add-existing, 1,000 customers stored", "≥ 0.40 × goref", "0.40 × (4,000 of 10,000 req/s)", true},
		{"get, 1,000 customers stored", "≥ 0.70 × goref", "0.69 × (6,900 of 10,000 req/s)", false},
		{"p99 latency, add-new, 50 connections, 1,000 customers stored", "≤ 1.5 × goref's p99", "1.50 × (9.00 ms against 6.00 ms)", true},
		{"p99 latency, add-new-durable, 50 connections, 1,000 customers stored", "≤ 1.5 × goref's p99", "1.52 × (9.10 ms against 6.00 ms)", false},
		{"sandboxtest.Run(t) start + stop, median (BenchmarkRun, no -race)", "≤ 1 ms", "1.200 ms (median of 3)", false},
		{"anonymous RSS, peak during add-new, 50 connections, 1,000 customers stored", "≤ 40 MB", "40.0 MB (VmHWM 100 MB)", true},
	} {
		tc, ok := got[want.what]
		if !ok {
			t.Errorf("no target %q", want.what)
			continue
		}
		if !tc.known || tc.met != want.met || tc.measured != want.measured || tc.goal != want.goal || tc.issue != 15 {
			t.Errorf("%s: goal %q measured %q met %v known %v issue %d; want %q %q met %v",
				want.what, tc.goal, tc.measured, tc.met, tc.known, tc.issue, want.goal, want.measured, want.met)
		}
	}

	// A missing benchmark and a workload left out are not measured, not failed.
	rep.sbtest = &sbtestResult{note: "benchmark not found: no BenchmarkRun in ./sandbox/sandboxtest"}
	rep.rows = rep.rows[:4]
	md := rep.targets()
	for _, line := range []string{
		"| 15 | sandboxtest.Run(t) start + stop, median (BenchmarkRun, no -race) | ≤ 1 ms | benchmark not found: no BenchmarkRun in ./sandbox/sandboxtest | not measured in this run |",
		"| 15 | sequential get, one connection, p50 (seq-get), 1,000 customers stored | ≤ 2.0 × goref-seq p50 |  | not measured in this run |",
		"| 15 | add-new-durable, 1,000 customers stored | ≥ 0.30 × goref | 0.29 × (2,900 of 10,000 req/s) | **no** |",
	} {
		if !strings.Contains(md, line+"\n") {
			t.Errorf("targets lack\n%s\nin\n%s", line, md)
		}
	}
}

func TestReportShowsSequentialRows(t *testing.T) {
	md := testReport(t).markdown()
	for _, line := range []string{
		"| goref-seq | – | – | 9,000 | 0.100 | 0.500 | 1.00 | 1.00 |",
		"| seq-add | 1,000 | default (always) | 4,000 | 0.240 | 1.100 | 2.40 | 2.20 |",
		"| seq-get | 1,000 | default (always) | 4,500 | 0.210 | 1.000 | 2.10 | 2.00 |",
		"| add-new | 1,000 | 4,600 | 4,600–4,600 | 0.46 | 3.000 | 9.000 |",
		"sandboxtest.Run start + stop (`go test -run ^$ -bench BenchmarkRun$ -benchtime 200x -count 5 ./sandbox/sandboxtest`): median 1.200 ms per Start + Close (runs: 1.300, 1.200, 0.900 ms)",
	} {
		if !strings.Contains(md, line) {
			t.Errorf("report lacks\n%s\nin\n%s", line, md)
		}
	}
	if strings.Contains(md, "| seq-add | 1,000 | 4,000 |") {
		t.Error("a one-connection row in the table of -conns connections")
	}
}

func TestSampleAnonKeepsThePeak(t *testing.T) {
	peak := sampleAnon(os.Getpid())
	big := make([]byte, 64<<20)
	for i := range big {
		big[i] = 1
	}
	time.Sleep(3 * anonInterval)
	runtime.KeepAlive(big)
	big = nil
	debug.FreeOSMemory() // returns the 64 MB: RssAnon falls
	time.Sleep(3 * anonInterval)
	now := statusKB(os.Getpid(), "RssAnon")
	got := peak()
	if got < 64*1024 || got < now+32*1024 {
		t.Errorf("peak RssAnon %d kB, now %d kB, after touching and freeing 64 MB", got, now)
	}
	if again := peak(); again != got {
		t.Errorf("second call %d, first %d", again, got)
	}
}

func TestFirstError(t *testing.T) {
	out := "# github.com/capsandbox/capsandbox/sandbox/sandboxtest [x.test]\nsandbox/sandboxtest/x_test.go:2:17: undefined: y | z\nFAIL\n"
	if got := firstError(out); got != "sandbox/sandboxtest/x_test.go:2:17: undefined: y / z" {
		t.Errorf("%q", got)
	}
	if got := firstError("\n# pkg\n"); got != "no output" {
		t.Errorf("%q", got)
	}
}

func TestAddRunsGetMobilesOfTheirOwn(t *testing.T) {
	c, err := parseFlags(nil) // the full run fits
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{c: c}
	w, _ := workloadByName("add-new")
	seq, _ := workloadByName("seq-add")
	a, err1 := h.scriptArgs(w, 1000, 10*time.Second)
	b, err2 := h.scriptArgs(seq, 1000, 3*time.Second)
	cc, err3 := h.scriptArgs(w, 1000, 10*time.Second)
	if err := errors.Join(err1, err2, err3); err != nil {
		t.Fatal(err)
	}
	// add-new: 2 threads × 11 s × threadRate; seq-add: 1 thread × 4 s.
	want := [][]string{{"7000000000", "2750000"}, {"7005500000", "1000000"}, {"7006500000", "2750000"}}
	if !slices.Equal(a, want[0]) || !slices.Equal(b, want[1]) || !slices.Equal(cc, want[2]) {
		t.Errorf("args %v %v %v, want %v", a, b, cc, want)
	}
	if g, _ := h.scriptArgs(gorefLoad, 0, 10*time.Second); !slices.Equal(g, []string{"7000000000", "2750000"}) || h.nextMobile != 7012000000 {
		t.Errorf("goref args %v, next mobile %d (goref stores nothing: it takes none)", g, h.nextMobile)
	}
	if g, _ := h.scriptArgs(workload{script: "get"}, 1000, time.Second); !slices.Equal(g, []string{"6000000000", "1000"}) {
		t.Errorf("get args %v", g)
	}
	// A run that would go past 91 9999999999 is refused before it starts.
	if _, err := parseFlags([]string{"-duration", "10m", "-runs", "5"}); err == nil || !strings.Contains(err.Error(), "used up") {
		t.Errorf("a run past the ten-digit mobiles: %v", err)
	}
	if _, err := parseFlags([]string{"-duration", "10m", "-runs", "5", "-workloads", "get,add-existing,seq-get"}); err != nil {
		t.Errorf("loads that register no one need no mobiles: %v", err)
	}
}

func TestCopyFile(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	want := bytes.Repeat([]byte("capsandbox"), 100000)
	if err := os.WriteFile(src, want, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, []byte("an older, longer file that the copy must replace entirely ........"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := copyFile(src, dst); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(dst)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("copy has %d bytes, want the source's %d", len(got), len(want))
	}
	if err := copyFile(filepath.Join(dir, "missing.db"), dst); err == nil {
		t.Fatal("copying a missing file succeeded")
	}
}
