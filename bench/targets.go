package main

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// target is one row of an issue's table, checked against the report.
type target struct {
	issue    int
	what     string
	goal     string
	measured string
	met      bool
	known    bool // false when the run did not measure it
}

// targets renders the issues' targets with the measured values.
func (rep *report) targets() string {
	var b strings.Builder
	b.WriteString("| issue | target | goal | measured | met |\n|---|---|---|---|---|\n")
	for _, t := range rep.checks() {
		verdict := "not measured in this run"
		switch {
		case t.known && t.met:
			verdict = "yes"
		case t.known:
			verdict = "**no**"
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %s | %s |\n", t.issue, t.what, t.goal, t.measured, verdict)
	}
	return b.String()
}

// checks are issue 15's targets (the ratios, latencies and memory, which
// replace issue 6's), then issue 6's start, scale and size targets.
func (rep *report) checks() []target {
	small, large := slices.Min(rep.cfg.sizes), slices.Max(rep.cfg.sizes)
	out := []target{
		rep.seqP50("seq-add", small, 2.5, fmt.Sprintf("sequential add, one connection, p50, default --sync (%s)", rep.defaultSync)),
		rep.seqP50("seq-get", small, 2, "sequential get, one connection, p50"),
		rep.ratio("add-new", small, 0.45), rep.ratio("add-new-durable", small, 0.30), rep.ratio("add-new-default", small, 0.30),
		rep.ratio("add-existing", small, 0.40), rep.ratio("get", small, 0.70),
	}
	for _, name := range []string{"add-new", "add-new-durable", "add-new-default"} {
		out = append(out, rep.loadP99(name, small, 1.5))
	}
	out = append(out, rep.sbtestCheck())
	out = append(out, rep.anonChecks(40)...)
	out = append(out, rep.startChecks(large)...)
	if large != small {
		out = append(out, rep.scale("add-new", small, large), rep.scale("get", small, large))
	}
	for _, s := range rep.stores {
		if s.customers == large {
			out = append(out, target{issue: 6, what: fmt.Sprintf("store size, %s customers, %s", thousands(float64(s.customers)), s.how),
				goal: "≤ 2,048 bytes per customer", measured: fmt.Sprintf("%.0f bytes", s.perCustomer()),
				met: s.perCustomer() <= 2048, known: true})
		}
	}
	return out
}

func stores(n int) string { return thousands(float64(n)) + " customers stored" }

// ratio checks name's req/s at -conns connections against goal × goref's.
func (rep *report) ratio(name string, n int, goal float64) target {
	ref := rep.gorefRPS()
	t := target{issue: 15, what: fmt.Sprintf("%s, %s", name, stores(n)), goal: fmt.Sprintf("≥ %.2f × goref", goal)}
	if r := rep.find(name, n); r != nil && ref > 0 {
		t.measured = fmt.Sprintf("%.2f × (%s of %s req/s)", r.rps()/ref, thousands(r.rps()), thousands(ref))
		t.met, t.known = r.rps() >= goal*ref, true
	}
	return t
}

// seqP50 checks name's p50 at one connection against goal × goref's at one
// connection.
func (rep *report) seqP50(name string, n int, goal float64, what string) target {
	ref := rep.ceiling(true, p50)
	t := target{issue: 15, what: fmt.Sprintf("%s (%s), %s", what, name, stores(n)), goal: fmt.Sprintf("≤ %.1f × goref-seq p50", goal)}
	if r := rep.find(name, n); r != nil && ref > 0 {
		t.measured = fmt.Sprintf("%.2f × (%.3f ms against %.3f ms)", r.p50()/ref, r.p50(), ref)
		t.met, t.known = r.p50() <= goal*ref, true
	}
	return t
}

// loadP99 checks name's p99 at -conns connections against goal × goref's.
func (rep *report) loadP99(name string, n int, goal float64) target {
	ref := rep.ceiling(false, p99)
	t := target{issue: 15, what: fmt.Sprintf("p99 latency, %s, %d connections, %s", name, rep.cfg.conns, stores(n)),
		goal: fmt.Sprintf("≤ %.1f × goref's p99", goal)}
	if r := rep.find(name, n); r != nil && ref > 0 {
		t.measured = fmt.Sprintf("%.2f × (%.2f ms against %.2f ms)", r.p99()/ref, r.p99(), ref)
		t.met, t.known = r.p99() <= goal*ref, true
	}
	return t
}

func (rep *report) sbtestCheck() target {
	t := target{issue: 15, what: "sandboxtest.Run(t) start + stop, median (" + sbtestBench + ", no -race)", goal: "≤ 1 ms"}
	switch {
	case rep.sbtest == nil:
	case len(rep.sbtest.nsPerOp) == 0:
		t.measured = rep.sbtest.note
	default:
		t.measured = fmt.Sprintf("%.3f ms (median of %d)", rep.sbtest.median()/1e6, len(rep.sbtest.nsPerOp))
		t.met, t.known = rep.sbtest.median() <= 1e6, true
	}
	return t
}

// anonChecks check the peak anonymous RSS of every add-new load at -conns
// connections against goalMB.
func (rep *report) anonChecks(goalMB int64) []target {
	var out []target
	for i := range rep.rows {
		r := &rep.rows[i]
		if r.workload.name != "add-new" {
			continue
		}
		out = append(out, target{issue: 15, what: fmt.Sprintf("anonymous RSS, peak during add-new, %d connections, %s", rep.cfg.conns, stores(r.customers)),
			goal: fmt.Sprintf("≤ %d MB", goalMB), measured: fmt.Sprintf("%.1f MB (VmHWM %.0f MB)", float64(r.anonKB)/1024, float64(r.peakKB)/1024),
			met: r.anonKB <= goalMB*1024, known: true})
	}
	if len(out) == 0 {
		out = append(out, target{issue: 15, what: "anonymous RSS, peak during add-new", goal: fmt.Sprintf("≤ %d MB", goalMB)})
	}
	return out
}

func (rep *report) startChecks(large int) []target {
	out := []target{{issue: 6, what: "start to healthy, empty store", goal: "≤ 50 ms", measured: ms(rep.startupEmpty),
		met: rep.startupEmpty <= 50*time.Millisecond, known: true}}
	for _, s := range rep.stores {
		if s.customers == large {
			out = append(out, target{issue: 6, what: fmt.Sprintf("start to healthy, %s customers, %s", thousands(float64(large)), s.how),
				goal: "≤ 200 ms", measured: ms(s.startup), met: s.startup <= 200*time.Millisecond, known: true})
		}
	}
	return out
}

func (rep *report) scale(name string, small, large int) target {
	t := target{issue: 6, what: fmt.Sprintf("scale: %s req/s with %s vs %s customers", name, thousands(float64(large)), thousands(float64(small))), goal: "≥ 0.8 ×"}
	a, b := rep.find(name, small), rep.find(name, large)
	if a != nil && b != nil {
		t.measured = fmt.Sprintf("%.2f × (%s vs %s req/s)", b.rps()/a.rps(), thousands(b.rps()), thousands(a.rps()))
		t.met, t.known = b.rps() >= 0.8*a.rps(), true
	}
	return t
}
