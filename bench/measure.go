package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

const authHeader = "Basic dGlsbDE6MjAyY2I5NjJhYzU5MDc1Yjk2NGIwNzE1MmQyMzRiNzA="

// measure runs workload w against a server on the store data holding n
// preloaded customers.
func (h *harness) measure(w workload, n int, data string) error {
	say("%s, %d customers stored, sync mode %s", w.name, n, w.mode(h.rep.defaultSync))
	s, err := h.serve(data, w.syncArgs(), fmt.Sprintf("%s-%d", w.name, n))
	if err != nil {
		return err
	}
	defer func() {
		if s != nil {
			s.kill()
		}
	}()
	if _, err := probe(s.addr, w.script, preloadFirst+int64(n)-1); err != nil {
		return err
	}
	before, err := customerCount(s.addr)
	if err != nil {
		return err
	}
	row, sent, err := h.load(s, w, n, fmt.Sprintf("%s-%d", w.name, n))
	if err != nil {
		return err
	}
	if err := checkCount(s.addr, w, before, sent); err != nil {
		return err
	}
	row.peakKB = statusKB(s.pid(), "VmHWM")
	err, s = s.stop(), nil
	if err != nil {
		return fmt.Errorf("stop after the load: %v", err)
	}
	h.rep.rows = append(h.rep.rows, row)
	return nil
}

// measureGoref runs the add-new load, at -conns connections and at one,
// against goref serving body.
func (h *harness) measureGoref(body []byte) error {
	say("goref (the ceiling: net/http answering fixed bytes)")
	file := filepath.Join(h.c.work, "goref-body.json")
	if err := os.WriteFile(file, body, 0o644); err != nil {
		return err
	}
	s, err := startServer([]string{h.goref, h.addr(1), file}, h.addr(1), h.logPath("goref"))
	if err != nil {
		return err
	}
	defer s.kill()
	for _, w := range []workload{gorefLoad, gorefSeq} {
		if w.seq && !h.anySeq() {
			continue
		}
		say("%s", w.name)
		row, _, err := h.load(s, w, 0, fmt.Sprintf("%s-%d", w.name, len(h.rep.goref)))
		if err != nil {
			return err
		}
		row.peakKB = statusKB(s.pid(), "VmHWM")
		h.rep.goref = append(h.rep.goref, row)
	}
	return nil
}

// anySeq tells whether the run has a one-connection workload (which
// goref's one-connection run is the ceiling of).
func (h *harness) anySeq() bool {
	for _, name := range h.c.workloads {
		if w, _ := workloadByName(name); w.seq {
			return true
		}
	}
	return false
}

// load warms up, then runs wrk h.c.runs times while sampling the server's
// and the machine's CPU time. It returns the row and the number of
// requests wrk completed, warm-up included.
func (h *harness) load(s *proc, w workload, n int, tag string) (row, int64, error) {
	url := "http://" + s.addr + w.path
	r := row{workload: w, customers: n}
	resetPeakRSS(s.pid())
	anon := sampleAnon(s.pid())
	defer anon()
	warm, err := h.wrk(w, n, h.c.warmup, url, h.out(tag+"-warmup"))
	if err != nil {
		return r, 0, err
	}
	sent := warm.requests
	cpu0, err := cpuTime(s.pid())
	if err != nil {
		return r, 0, err
	}
	busy0, t0 := machineBusy(), time.Now()
	for i := range h.c.runs {
		run, err := h.wrk(w, n, h.c.duration, url, h.out(fmt.Sprintf("%s-run%d", tag, i+1)))
		if err != nil {
			return r, 0, err
		}
		say("  run %d: %.0f req/s, p50 %.3f ms, p99 %.3f ms", i+1, run.rps, run.p50ms, run.p99ms)
		r.runs = append(r.runs, run)
		sent += run.requests
	}
	cpu1, err := cpuTime(s.pid())
	r.wall, r.serverCPU, r.busy = time.Since(t0), cpu1-cpu0, machineBusy()-busy0
	r.anonKB = anon()
	return r, sent, err
}

func (h *harness) out(tag string) string { return filepath.Join(h.c.work, "wrk-"+tag+".txt") }

// wrk runs wrk with w's script for d against url, its output in out.
func (h *harness) wrk(w workload, n int, d time.Duration, url, out string) (wrkRun, error) {
	args, err := h.scriptArgs(w, n, d)
	if err != nil {
		return wrkRun{}, err
	}
	return runWrk(wrkArgs(h.c, w, d, h.scripts[w.script], url, args...), out)
}

// scriptArgs are the Lua script's arguments for a wrk run of d. Every
// add-new run gets mobiles of its own: threadRate × the run's seconds
// (rounded up, plus one) per wrk thread, taken in turn from newFirst on.
// goref stores nothing: its runs all start at newFirst.
func (h *harness) scriptArgs(w workload, n int, d time.Duration) ([]string, error) {
	if w.script != "add-new" {
		return []string{strconv.Itoa(preloadFirst), strconv.Itoa(n)}, nil
	}
	threads, _ := w.load(h.c)
	perThread := int64(math.Ceil(d.Seconds())+1) * threadRate
	if w == gorefLoad || w == gorefSeq {
		return []string{strconv.FormatInt(newFirst, 10), strconv.FormatInt(perThread, 10)}, nil
	}
	base := max(h.nextMobile, newFirst)
	if base+int64(threads)*perThread > lastMobile {
		return nil, fmt.Errorf("%s: the ten-digit mobiles from 91%d on are used up (%d runs of add-new so far): "+
			"run fewer or shorter add workloads (-workloads, -duration, -runs)", w.name, int64(newFirst), h.addRuns)
	}
	h.nextMobile, h.addRuns = base+int64(threads)*perThread, h.addRuns+1
	return []string{strconv.FormatInt(base, 10), strconv.FormatInt(perThread, 10)}, nil
}

// checkMobiles takes, on a harness of its own, the mobiles of every
// add-new run c makes, so that a run which would use them up fails before
// it starts.
func checkMobiles(c *config) error {
	h := &harness{c: c}
	for range c.sizes {
		for _, name := range c.workloads {
			w, _ := workloadByName(name)
			for i := 0; i <= c.runs; i++ {
				d := c.duration
				if i == 0 {
					d = c.warmup
				}
				if _, err := h.scriptArgs(w, 0, d); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// probe sends one request of the kind script sends for mobile 91<m> and
// checks that it succeeds (HTTP 200 and vendor status 200); it returns the
// body.
func probe(addr, script string, m int64) ([]byte, error) {
	var req *http.Request
	ms := strconv.FormatInt(m, 10)
	if script == "get" {
		req, _ = http.NewRequest(http.MethodGet, "http://"+addr+"/v1.1/customer/get?format=json&mobile=91"+ms, nil)
	} else {
		req, _ = http.NewRequest(http.MethodPost, "http://"+addr+"/v1.1/customer/add?format=json", bytes.NewReader(customerBody(m)))
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", authHeader)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK || !bytes.Contains(out, []byte(`"code":200`)) {
		return nil, fmt.Errorf("probe %s of mobile 91%s: HTTP %d %s %v", script, ms, resp.StatusCode, out, err)
	}
	return out, nil
}

// probeMobiles are fresh mobiles for counting probes (91 5xxxxxxxxx).
var probeMobiles atomic.Int64

// customerCount registers a fresh customer and returns its user id. User
// ids are handed out in sequence, so the difference between two probes is
// the number of customers registered in between, plus one; unlike a count
// of the store, a probe touches none of the stored pages (which would
// count towards the server's resident memory).
func customerCount(addr string) (int64, error) {
	body, err := probe(addr, "add-new", 5100000000+probeMobiles.Add(1))
	if err != nil {
		return 0, err
	}
	var doc struct {
		Response struct {
			Customers struct {
				Customer []struct {
					UserID int64 `json:"user_id"`
				}
			}
		}
	}
	if err := json.Unmarshal(body, &doc); err != nil || len(doc.Response.Customers.Customer) != 1 {
		return 0, fmt.Errorf("counting probe: %v %s", err, body)
	}
	return doc.Response.Customers.Customer[0].UserID, nil
}

// checkCount checks that an add-new load stored a customer for every
// request wrk saw answered (the answers are not parsed during the load),
// and that other loads stored none.
func checkCount(addr string, w workload, before, sent int64) error {
	after, err := customerCount(addr)
	if err != nil {
		return err
	}
	added := after - before - 1
	switch {
	case w.script == "add-new" && added < sent:
		return fmt.Errorf("%d requests answered but only %d customers added", sent, added)
	case w.script != "add-new" && added != 0:
		return fmt.Errorf("%d customers added by a load that only reads or updates", added)
	}
	say("  customers added: %d (%d requests answered)", added, sent)
	return nil
}

// anonInterval is how often sampleAnon reads RssAnon.
const anonInterval = 50 * time.Millisecond

// sampleAnon reads the process's RssAnon every anonInterval until the
// returned function is called; that returns the largest value seen (kB).
// Unlike VmHWM, the kernel keeps no peak of anonymous memory.
func sampleAnon(pid int) func() int64 {
	stop, done := make(chan struct{}), make(chan int64)
	go func() {
		peak := statusKB(pid, "RssAnon")
		t := time.NewTicker(anonInterval)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				peak = max(peak, statusKB(pid, "RssAnon"))
			case <-stop:
				done <- max(peak, statusKB(pid, "RssAnon"))
				return
			}
		}
	}()
	var once sync.Once
	var peak int64
	return func() int64 {
		once.Do(func() {
			close(stop)
			peak = <-done
		})
		return peak
	}
}

// resetPeakRSS restarts the process's VmHWM from its current RSS, so the
// peak reported is the load's, not the start's.
func resetPeakRSS(pid int) {
	_ = os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0)
}
