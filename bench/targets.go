package main

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// target is one row of the table, checked against the report.
type target struct {
	what     string
	goal     string
	measured string
	met      bool
	known    bool // false when the run did not measure it
}

// targets renders the targets with the measured values.
func (rep *report) targets() string {
	var b strings.Builder
	b.WriteString("| target | goal | measured | met |\n|---|---|---|---|\n")
	for _, t := range rep.checks() {
		verdict := "not measured in this run"
		switch {
		case t.known && t.met:
			verdict = "yes"
		case t.known:
			verdict = "**no**"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", t.what, t.goal, t.measured, verdict)
	}
	return b.String()
}

func (rep *report) checks() []target {
	small, large := slices.Min(rep.cfg.sizes), slices.Max(rep.cfg.sizes)
	ref := rep.gorefRPS()
	ratio := func(name string, n int, goal float64) target {
		t := target{what: fmt.Sprintf("%s, %s customers stored", name, thousands(float64(n))), goal: fmt.Sprintf("≥ %.2f × goref", goal)}
		if r := rep.find(name, n); r != nil {
			t.measured = fmt.Sprintf("%.2f × (%s of %s req/s)", r.rps()/ref, thousands(r.rps()), thousands(ref))
			t.met, t.known = r.rps() >= goal*ref, true
		}
		return t
	}
	out := []target{ratio("add-new", small, 0.30), ratio("add-new-durable", small, 0.10),
		ratio("add-existing", small, 0.30), ratio("get", small, 0.50)}
	for _, name := range []string{"add-new", "add-new-durable"} {
		t := target{what: "p99 latency, " + name + ", 50 connections", goal: "≤ 10 ms"}
		if r := rep.find(name, small); r != nil {
			t.measured, t.met, t.known = fmt.Sprintf("%.2f ms", r.p99()), r.p99() <= 10, true
		}
		out = append(out, t)
	}
	out = append(out, rep.startChecks(large)...)
	out = append(out, rep.rssChecks()...)
	if large != small {
		out = append(out, rep.scale("add-new", small, large), rep.scale("get", small, large))
	}
	for _, s := range rep.stores {
		if s.customers == large {
			out = append(out, target{what: fmt.Sprintf("store size, %s customers, %s", thousands(float64(s.customers)), s.how),
				goal: "≤ 2,048 bytes per customer", measured: fmt.Sprintf("%.0f bytes", s.perCustomer()),
				met: s.perCustomer() <= 2048, known: true})
		}
	}
	return out
}

func (rep *report) startChecks(large int) []target {
	out := []target{{what: "start to healthy, empty store", goal: "≤ 50 ms", measured: ms(rep.startupEmpty),
		met: rep.startupEmpty <= 50*time.Millisecond, known: true}}
	for _, s := range rep.stores {
		if s.customers == large {
			out = append(out, target{what: fmt.Sprintf("start to healthy, %s customers, %s", thousands(float64(large)), s.how),
				goal: "≤ 200 ms", measured: ms(s.startup), met: s.startup <= 200*time.Millisecond, known: true})
		}
	}
	return out
}

func (rep *report) rssChecks() []target {
	var out []target
	for i := range rep.rows {
		r := &rep.rows[i]
		if r.workload.script != "add-new" {
			continue
		}
		out = append(out, target{what: fmt.Sprintf("peak RSS, %s, %s customers", r.workload.name, thousands(float64(r.customers))),
			goal: "≤ 60 MB", measured: fmt.Sprintf("%.0f MB (anonymous %.0f MB)", float64(r.peakKB)/1024, float64(r.anonKB)/1024),
			met: r.peakKB <= 60*1024, known: true})
	}
	return out
}

func (rep *report) scale(name string, small, large int) target {
	t := target{what: fmt.Sprintf("scale: %s req/s with %s vs %s customers", name, thousands(float64(large)), thousands(float64(small))), goal: "≥ 0.8 ×"}
	a, b := rep.find(name, small), rep.find(name, large)
	if a != nil && b != nil {
		t.measured = fmt.Sprintf("%.2f × (%s vs %s req/s)", b.rps()/a.rps(), thousands(b.rps()), thousands(a.rps()))
		t.met, t.known = b.rps() >= 0.8*a.rps(), true
	}
	return t
}
