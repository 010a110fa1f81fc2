// Command bench is capsandbox's load harness. From the repository root:
//
//	go run ./bench                 # the full run (about 15 minutes)
//	go run ./bench -quick          # a smoke run (about 1.5 minutes)
//
// It builds the capsandbox binary and the goref reference server, preloads
// stores of 1,000 and 1,000,000 customers, starts the binary on loopback
// for each workload (serve --data FILE [--sync MODE] --addr
// 127.0.0.1:184xx, the mode from the workload table in wrk.go, none given
// for the binary's default), drives it with wrk for a bounded time, at
// -conns connections (add-new, add-new-durable, add-new-default, add-existing, get) or at
// one (seq-add, seq-add-always, seq-add-none, seq-get: a test suite's
// pace), and prints req/s, p50/p99 latency, server CPU per request, peak
// RSS and peak anonymous RSS, start-to-healthy time and store bytes per
// customer, each next to goref measured the same way in the same run so
// that results read as ratios. Last it times sandboxtest.Run's start and
// stop with the package's BenchmarkRun (go test -bench), and checks the
// issues' targets. docs/PERFORMANCE.md explains the method and holds the
// latest results. It needs wrk (apt-get install wrk).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// config is the harness's command line.
type config struct {
	duration, warmup time.Duration
	runs, startups   int
	threads, conns   int
	sizes            []int
	workloads        []string
	port             int
	work             string
	keep             bool
	sandboxtest      bool
	serverLog        string
	env              []string // extra environment of the capsandbox server
}

// envFlag collects repeated -env KEY=VALUE flags.
type envFlag struct{ c *config }

func (e envFlag) String() string { return "" }

func (e envFlag) Set(v string) error {
	if !strings.Contains(v, "=") {
		return fmt.Errorf("want KEY=VALUE, got %q", v)
	}
	e.c.env = append(e.c.env, v)
	return nil
}

func parseFlags(args []string) (*config, error) {
	c := &config{}
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.DurationVar(&c.duration, "duration", 10*time.Second, "length of each measured wrk run")
	fs.DurationVar(&c.warmup, "warmup", 3*time.Second, "wrk warm-up before the measured runs of each workload")
	fs.IntVar(&c.runs, "runs", 3, "measured wrk runs per workload (the table shows medians)")
	fs.IntVar(&c.startups, "startups", 5, "starts timed per store (median)")
	fs.IntVar(&c.threads, "threads", 2, "wrk threads (the seq-* workloads and goref-seq use 1)")
	fs.IntVar(&c.conns, "conns", 50, "wrk connections (the seq-* workloads and goref-seq use 1)")
	sizes := fs.String("sizes", "1000,1000000", "customers preloaded, comma-separated")
	workloads := fs.String("workloads", strings.Join(allWorkloads, ","), "workloads to run, comma-separated")
	fs.IntVar(&c.port, "port", 18400, "first loopback port (the harness uses this and the next one)")
	fs.StringVar(&c.work, "work", "", "work directory (default: a new temporary directory)")
	fs.BoolVar(&c.sandboxtest, "sandboxtest", true, "time sandboxtest.Run's start and stop: go "+strings.Join(sbtestArgs, " "))
	fs.BoolVar(&c.keep, "keep", false, "keep the work directory (binaries, stores, logs, wrk outputs)")
	fs.StringVar(&c.serverLog, "server-log", "file", "where the server's request log goes: file (in the work directory) or null")
	fs.Var(envFlag{c}, "env", "KEY=VALUE added to the server's environment, e.g. -env GOGC=200 (repeatable)")
	quick := fs.Bool("quick", false, "smoke run: -duration 3s -warmup 1s -runs 1 -startups 3 -sizes 1000, unless given")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if *quick {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		quickDefaults(c, sizes, set)
	}
	var err error
	if c.sizes, err = parseSizes(*sizes); err != nil {
		return nil, err
	}
	c.workloads = strings.Split(*workloads, ",")
	for _, w := range c.workloads {
		if _, ok := workloadByName(w); !ok {
			return nil, fmt.Errorf("unknown workload %q (known: %s)", w, strings.Join(allWorkloads, ", "))
		}
	}
	if c.serverLog != "file" && c.serverLog != "null" {
		return nil, fmt.Errorf("-server-log must be file or null")
	}
	return c, checkMobiles(c)
}

// quickDefaults applies -quick to every knob not given explicitly.
func quickDefaults(c *config, sizes *string, set map[string]bool) {
	for name, apply := range map[string]func(){
		"duration": func() { c.duration = 3 * time.Second },
		"warmup":   func() { c.warmup = time.Second },
		"runs":     func() { c.runs = 1 },
		"startups": func() { c.startups = 3 },
		"sizes":    func() { *sizes = "1000" },
	} {
		if !set[name] {
			apply()
		}
	}
}

func parseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-sizes: %q is not a positive number", f)
		}
		out = append(out, n)
	}
	return out, nil
}

func main() {
	c, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	if err := run(c); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(c *config) error {
	if err := prepareWork(c); err != nil {
		return err
	}
	if !c.keep {
		defer os.RemoveAll(c.work)
	}
	h, err := newHarness(c)
	if err != nil {
		return err
	}
	rep, err := h.runAll()
	if err != nil {
		return err
	}
	out := rep.markdown()
	fmt.Println(out)
	return os.WriteFile(filepath.Join(c.work, "results.md"), []byte(out), 0o644)
}

func prepareWork(c *config) error {
	if c.work == "" {
		dir, err := os.MkdirTemp("", "capsandbox-bench-")
		if err != nil {
			return err
		}
		c.work = dir
	}
	return os.MkdirAll(c.work, 0o755)
}

func say(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}
