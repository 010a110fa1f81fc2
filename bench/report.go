package main

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"
)

// row is one workload measured on one store.
type row struct {
	workload  workload
	customers int
	runs      []wrkRun
	wall      time.Duration // of the measured runs
	serverCPU time.Duration
	busy      time.Duration // whole machine
	peakKB    int64         // VmHWM at the end (reset when the load starts)
	anonKB    int64         // largest RssAnon sampled during the load
}

func (r *row) each(f func(wrkRun) float64) []float64 {
	out := make([]float64, len(r.runs))
	for i, run := range r.runs {
		out[i] = f(run)
	}
	return out
}

func (r *row) rps() float64 { return median(r.each(rps)) }
func (r *row) p50() float64 { return median(r.each(p50)) }
func (r *row) p99() float64 { return median(r.each(p99)) }
func (r *row) sum(f func(wrkRun) float64) float64 {
	t := 0.0
	for _, v := range r.each(f) {
		t += v
	}
	return t
}

func (r *row) rpsRange() string {
	lo, hi := r.runs[0].rps, r.runs[0].rps
	for _, run := range r.runs {
		lo, hi = min(lo, run.rps), max(hi, run.rps)
	}
	return fmt.Sprintf("%s–%s", thousands(lo), thousands(hi))
}

// cores returns the server's, wrk's and everything else's average busy
// cores during the measured runs.
func (r *row) cores() (server, wrk, other float64) {
	wall := r.wall.Seconds()
	wrkCPU := time.Duration(r.sum(func(w wrkRun) float64 { return float64(w.cpu) }))
	return r.serverCPU.Seconds() / wall, wrkCPU.Seconds() / wall, (r.busy - r.serverCPU - wrkCPU).Seconds() / wall
}

func (r *row) cpuPerRequest() float64 {
	return float64(r.serverCPU.Microseconds()) / r.sum(func(w wrkRun) float64 { return float64(w.requests) })
}

func (r *row) errors() int64 {
	return int64(r.sum(func(w wrkRun) float64 { return float64(w.non2xx + w.errors) }))
}

// storeRow describes one preloaded store.
type storeRow struct {
	customers int
	bytes     int64
	preload   time.Duration
	startup   time.Duration
	how       string // preloadedBy or seededBy
}

// How a store was written.
const (
	preloadedBy = "harness preload (the load's customers)"
	seededBy    = "capsandbox seed (fake customers)"
)

func (s storeRow) perCustomer() float64 { return float64(s.bytes) / float64(s.customers) }

// report is everything one harness run measured.
type report struct {
	cfg          *config
	started      time.Time
	machine      string
	defaultSync  string // capsandbox serve's default --sync
	startupEmpty time.Duration
	stores       []storeRow
	rows         []row
	goref        []row // goref's runs at -conns connections and at one
	sbtest       *sbtestResult
}

// ceiling is the median of f over every goref run of the session at one
// connection (seq) or at -conns.
func (rep *report) ceiling(seq bool, f func(wrkRun) float64) float64 {
	var all []float64
	for i := range rep.goref {
		if rep.goref[i].workload.seq == seq {
			all = append(all, rep.goref[i].each(f)...)
		}
	}
	return median(all)
}

func rps(w wrkRun) float64 { return w.rps }
func p50(w wrkRun) float64 { return w.p50ms }
func p99(w wrkRun) float64 { return w.p99ms }

// gorefRPS is the median req/s of goref's runs at -conns connections.
func (rep *report) gorefRPS() float64 { return rep.ceiling(false, rps) }

func (rep *report) find(name string, n int) *row {
	for i := range rep.rows {
		if r := &rep.rows[i]; r.workload.name == name && r.customers == n {
			return r
		}
	}
	return nil
}

func (rep *report) markdown() string {
	var b strings.Builder
	c := rep.cfg
	fmt.Fprintf(&b, "## capsandbox load harness, %s\n\n", rep.started.UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "%s. wrk %d threads × %d connections on 127.0.0.1, %v warm-up, then %d × %v per workload; "+
		"each column is the median of the runs. `go run ./bench %s`\n\n", rep.machine, c.threads, c.conns,
		c.warmup, c.runs, c.duration, strings.Join(os.Args[1:], " "))
	if len(c.env) > 0 {
		fmt.Fprintf(&b, "Server environment: %s.\n\n", strings.Join(c.env, " "))
	}
	b.WriteString("| workload | customers stored | req/s (median) | req/s (min–max) | × goref | p50 ms | p99 ms | server CPU µs/req | server cores | wrk cores | other cores | peak RSS MB (anon) | errors |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	ref := rep.gorefRPS()
	all := append(append([]row(nil), rep.goref...), rep.rows...)
	for i := range all {
		if !all[i].workload.seq {
			rep.writeRow(&b, &all[i], ref)
		}
	}
	if slices.ContainsFunc(all, func(r row) bool { return r.workload.seq }) {
		fmt.Fprintf(&b, "\nOne connection (wrk -t1 -c1: a test suite's pace, each request sent when the last is answered), "+
			"as ratios to goref-seq, goref at one connection (p50 %.3f ms, p99 %.3f ms, medians of its runs):\n\n", rep.ceiling(true, p50), rep.ceiling(true, p99))
		b.WriteString("| workload | customers stored | --sync | req/s (median) | p50 ms | p99 ms | p50 × goref-seq | p99 × goref-seq | server CPU µs/req | other cores | peak RSS MB (anon) | errors |\n")
		b.WriteString("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
		for i := range all {
			if all[i].workload.seq {
				rep.writeSeqRow(&b, &all[i])
			}
		}
	}
	b.WriteString("\n| customers stored | written by | store file bytes | bytes per customer | write time | start to healthy (median) |\n|---:|---|---:|---:|---:|---:|\n")
	fmt.Fprintf(&b, "| 0 (new file) | – | – | – | – | %s |\n", ms(rep.startupEmpty))
	for _, s := range rep.stores {
		fmt.Fprintf(&b, "| %s | %s | %s | %.0f | %v | %s |\n", thousands(float64(s.customers)), s.how, thousands(float64(s.bytes)),
			s.perCustomer(), s.preload.Round(time.Second), ms(s.startup))
	}
	if rep.sbtest != nil {
		fmt.Fprintf(&b, "\nsandboxtest.Run start + stop (`go %s`): %s\n", strings.Join(sbtestArgs, " "), rep.sbtest.summary())
	}
	b.WriteString("\n" + rep.targets())
	return b.String()
}

func (r sbtestResult) summary() string {
	if len(r.nsPerOp) == 0 {
		return r.note
	}
	runs := make([]string, len(r.nsPerOp))
	for i, ns := range r.nsPerOp {
		runs[i] = fmt.Sprintf("%.3f", ns/1e6)
	}
	return fmt.Sprintf("median %.3f ms per Start + Close (runs: %s ms)", r.median()/1e6, strings.Join(runs, ", "))
}

func isGoref(r *row) bool {
	return r.workload.name == gorefLoad.name || r.workload.name == gorefSeq.name
}

// stored is the customers column: – for goref.
func stored(r *row) string {
	if isGoref(r) {
		return "–"
	}
	return thousands(float64(r.customers))
}

func (rep *report) writeSeqRow(b *strings.Builder, r *row) {
	mode := "–"
	if !isGoref(r) {
		mode = r.workload.mode(rep.defaultSync)
	}
	_, _, other := r.cores()
	fmt.Fprintf(b, "| %s | %s | %s | %s | %.3f | %.3f | %.2f | %.2f | %.0f | %.2f | %.0f (%.0f) | %d |\n",
		r.workload.name, stored(r), mode, thousands(r.rps()), r.p50(), r.p99(), r.p50()/rep.ceiling(true, p50),
		r.p99()/rep.ceiling(true, p99), r.cpuPerRequest(), other, float64(r.peakKB)/1024, float64(r.anonKB)/1024, r.errors())
}

func (rep *report) writeRow(b *strings.Builder, r *row, ref float64) {
	srv, wrk, other := r.cores()
	fmt.Fprintf(b, "| %s | %s | %s | %s | %.2f | %.3f | %.3f | %.0f | %.2f | %.2f | %.2f | %.0f (%.0f) | %d |\n",
		r.workload.name, stored(r), thousands(r.rps()), r.rpsRange(), r.rps()/ref, r.p50(), r.p99(),
		r.cpuPerRequest(), srv, wrk, other, float64(r.peakKB)/1024, float64(r.anonKB)/1024, r.errors())
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

// thousands formats a count with comma separators.
func thousands(f float64) string {
	s := fmt.Sprintf("%.0f", f)
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

func machineInfo() string {
	model := "unknown CPU"
	if raw, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(raw), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	return fmt.Sprintf("%d cores (%s), %s", runtime.NumCPU(), model, runtime.Version())
}
