package main

import (
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
