package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"syscall"
	"time"
)

// harness runs the workloads and collects a report.
type harness struct {
	c       *config
	bin     string // capsandbox
	goref   string
	scripts map[string]string
	// The add-new runs so far, and the first mobile the next one may use.
	addRuns    int
	nextMobile int64
	rep        *report
}

func newHarness(c *config) (*harness, error) {
	if _, err := exec.LookPath("wrk"); err != nil {
		return nil, fmt.Errorf("wrk not found: apt-get install wrk")
	}
	h := &harness{c: c, bin: filepath.Join(c.work, "capsandbox"), goref: filepath.Join(c.work, "goref"),
		rep: &report{cfg: c, started: time.Now()}}
	for _, b := range [][2]string{{h.bin, "./cmd/capsandbox"}, {h.goref, "./bench/goref"}} {
		say("go build -o %s %s", b[0], b[1])
		cmd := exec.Command("go", "build", "-trimpath", "-o", b[0], b[1])
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("go build %s (run the harness from the repository root): %w", b[1], err)
		}
	}
	// The default as the servers get it: CAPSANDBOX_SYNC (from -env too) sets it.
	helpCmd := exec.Command(h.bin, "serve", "--help")
	helpCmd.Env = append(os.Environ(), c.env...)
	help, _ := helpCmd.CombinedOutput()
	h.rep.defaultSync = defaultSync(string(help))
	say("capsandbox serve's default --sync: %s", h.rep.defaultSync)
	var err error
	h.scripts, err = writeScripts(c.work)
	return h, err
}

// alwaysSync is the --sync of the timed starts: on a new file it makes
// bbolt fsync the new store before the server is ready.
var alwaysSync = []string{"--sync", "always"}

func (h *harness) addr(i int) string { return "127.0.0.1:" + strconv.Itoa(h.c.port+i) }

func (h *harness) logPath(name string) string {
	if h.c.serverLog == "null" {
		return ""
	}
	return filepath.Join(h.c.work, name+".log")
}

// serve starts capsandbox on the store data with the --sync arguments sync
// (none: the binary's default).
func (h *harness) serve(data string, sync []string, log string) (*proc, error) {
	argv := append([]string{h.bin, "serve", "--data", data}, sync...)
	return startServer(append(argv, "--addr", h.addr(0)), h.addr(0), h.logPath(log), h.c.env...)
}

// runAll measures goref, the empty store, then each store size, then goref
// again (so drift of the machine during the run shows), then the
// sandboxtest benchmark.
func (h *harness) runAll() (*report, error) {
	h.rep.machine = machineInfo()
	say("%s", h.rep.machine)
	body, err := h.emptyStore()
	if err != nil {
		return nil, err
	}
	if err := h.measureGoref(body); err != nil {
		return nil, err
	}
	for _, n := range h.c.sizes {
		if err := h.measureSize(n); err != nil {
			return nil, err
		}
	}
	if err := h.seededStore(slices.Max(h.c.sizes)); err != nil {
		return nil, err
	}
	if err := h.measureGoref(body); err != nil {
		return nil, err
	}
	if h.c.sandboxtest {
		h.sandboxtestTiming()
	}
	return h.rep, nil
}

// emptyStore times starts on a new store file and returns the body of one
// registration, which goref then serves.
func (h *harness) emptyStore() ([]byte, error) {
	var times []time.Duration
	var body []byte
	quietDisk()
	for i := range h.c.startups {
		data := filepath.Join(h.c.work, fmt.Sprintf("empty-%d.db", i))
		s, err := h.serve(data, alwaysSync, "empty")
		if err != nil {
			return nil, err
		}
		times = append(times, s.ready)
		if i == 0 {
			body, err = probe(s.addr, "add-new", 5000000000)
		}
		if serr := s.stop(); err == nil && serr != nil {
			err = fmt.Errorf("stop: %v", serr)
		}
		if err != nil {
			return nil, err
		}
		os.Remove(data)
	}
	h.rep.startupEmpty = median(times)
	say("start to healthy, empty store: %v (median of %d)", h.rep.startupEmpty, len(times))
	return body, nil
}

// measureSize preloads n customers, times starts on that store and runs
// every workload on it.
func (h *harness) measureSize(n int) error {
	data := filepath.Join(h.c.work, fmt.Sprintf("store-%d.db", n))
	say("preloading %d customers into %s", n, data)
	took, err := preload(data, n)
	if err != nil {
		return fmt.Errorf("preload: %w", err)
	}
	if err := h.addStore(data, n, took, preloadedBy); err != nil {
		return err
	}
	// Each workload starts from a copy of the preloaded store, so that a
	// workload's customers are the n preloaded ones and not also the
	// hundreds of thousands the add loads before it registered.
	for _, name := range h.c.workloads {
		w, _ := workloadByName(name)
		run := filepath.Join(h.c.work, fmt.Sprintf("run-%s-%d.db", w.name, n))
		if err := copyFile(data, run); err != nil {
			return fmt.Errorf("copy of the preloaded store: %w", err)
		}
		err := h.measure(w, n, run)
		os.Remove(run)
		if err != nil {
			return fmt.Errorf("%s with %d customers: %w", w.name, n, err)
		}
	}
	return nil
}

// copyFile copies the file src to a new file dst.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// quietDisk writes the page cache's dirty data (the binaries just built, a
// store just written) to disk before starts are timed: a new store's
// fsync would otherwise wait for it, and start-up would measure the disk's
// backlog (a new-file start took 89 ms right after the build, 50 ms
// after a sync).
func quietDisk() { syscall.Sync() }

// addStore records a store's size and times starts on it.
func (h *harness) addStore(data string, n int, took time.Duration, how string) error {
	fi, err := os.Stat(data)
	if err != nil {
		return err
	}
	st := storeRow{customers: n, bytes: fi.Size(), preload: took, how: how}
	var times []time.Duration
	quietDisk()
	for range h.c.startups {
		s, err := h.serve(data, alwaysSync, fmt.Sprintf("start-%d", n))
		if err != nil {
			return err
		}
		times = append(times, s.ready)
		if err := s.stop(); err != nil {
			return fmt.Errorf("stop: %w", err)
		}
	}
	st.startup = median(times)
	h.rep.stores = append(h.rep.stores, st)
	say("  %d bytes (%.0f per customer) in %v; start to healthy %v", st.bytes, st.perCustomer(), took.Round(time.Second), st.startup)
	return nil
}

func median[T int64 | float64 | time.Duration](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := append([]T(nil), xs...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
