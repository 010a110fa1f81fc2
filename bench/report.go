package main

import (
	"fmt"
	"os"
	"runtime"
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
	peakKB    int64         // VmHWM at the end
	anonKB    int64         // RssAnon at the end
}

func (r *row) each(f func(wrkRun) float64) []float64 {
	out := make([]float64, len(r.runs))
	for i, run := range r.runs {
		out[i] = f(run)
	}
	return out
}

func (r *row) rps() float64 { return median(r.each(func(w wrkRun) float64 { return w.rps })) }
func (r *row) p50() float64 { return median(r.each(func(w wrkRun) float64 { return w.p50ms })) }
func (r *row) p99() float64 { return median(r.each(func(w wrkRun) float64 { return w.p99ms })) }
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
	startupEmpty time.Duration
	stores       []storeRow
	rows         []row
	goref        []row
}

// gorefRPS is the median of every goref run of the session.
func (rep *report) gorefRPS() float64 {
	var all []float64
	for i := range rep.goref {
		all = append(all, rep.goref[i].each(func(w wrkRun) float64 { return w.rps })...)
	}
	return median(all)
}

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
	for i := range rep.goref {
		rep.writeRow(&b, &rep.goref[i], ref)
	}
	for i := range rep.rows {
		rep.writeRow(&b, &rep.rows[i], ref)
	}
	b.WriteString("\n| customers stored | written by | store file bytes | bytes per customer | write time | start to healthy (median) |\n|---:|---|---:|---:|---:|---:|\n")
	fmt.Fprintf(&b, "| 0 (new file) | – | – | – | – | %s |\n", ms(rep.startupEmpty))
	for _, s := range rep.stores {
		fmt.Fprintf(&b, "| %s | %s | %s | %.0f | %v | %s |\n", thousands(float64(s.customers)), s.how, thousands(float64(s.bytes)),
			s.perCustomer(), s.preload.Round(time.Second), ms(s.startup))
	}
	b.WriteString("\n" + rep.targets())
	return b.String()
}

func (rep *report) writeRow(b *strings.Builder, r *row, ref float64) {
	srv, wrk, other := r.cores()
	stored := "–"
	if r.workload.name != "goref" {
		stored = thousands(float64(r.customers))
	}
	fmt.Fprintf(b, "| %s | %s | %s | %s | %.2f | %.2f | %.2f | %.0f | %.2f | %.2f | %.2f | %.0f (%.0f) | %d |\n",
		r.workload.name, stored, thousands(r.rps()), r.rpsRange(), r.rps()/ref, r.p50(), r.p99(),
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
