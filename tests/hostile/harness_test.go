package hostile

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/proctest"
	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/schema"
	"github.com/capsandbox/capsandbox/internal/testkit"
)

// MaxRSS is the documented bound of the server's peak resident memory
// under each hostile workload (docs/DEPLOY.md, "Limits").
const MaxRSS = 256 << 20

// HealthBudget is how fast GET /__sandbox/health must keep answering
// while a hostile workload runs.
const HealthBudget = 100 * time.Millisecond

const (
	auth    = testkit.TillAuth
	addPath = "/v1.1/customer/add?format=json"
	token   = "hostile-token"
)

// server is a started binary with its health watch.
type server struct {
	*proctest.Proc
	health *healthWatch
	// fileBacked exempts the total RSS (not the anonymous memory) from
	// MaxRSS: for a workload that stores hundreds of MB of customers, the
	// store file's pages bbolt maps and touches count in RSS; they are
	// the kernel's page cache, reclaimable, and grow with the data the
	// client stored, not with anything the server keeps in memory.
	fileBacked bool
}

// serve starts the binary with args and starts watching its health.
func serve(t *testing.T, args ...string) *server {
	t.Helper()
	return watch(t, proctest.Serve(t, args...))
}

func watch(t *testing.T, p *proctest.Proc) *server {
	s := &server{Proc: p, health: newHealthWatch(p.URL, p.Cmd.Process.Pid)}
	t.Cleanup(func() { s.health.stop() })
	return s
}

// finish stops the health watch and checks the two bounds every hostile
// test shares: peak RSS and health latency. It logs both.
func (s *server) finish(t *testing.T, row string) {
	t.Helper()
	lat, failed := s.health.stop()
	anon := s.health.peakAnon()
	if len(failed) > 0 {
		t.Errorf("%s: %d health probes failed, first: %s", row, len(failed), failed[0])
	}
	rss := peakRSS(t, s.Cmd.Process.Pid)
	slices.Sort(lat)
	worst := time.Duration(0)
	if len(lat) > 0 {
		worst = lat[len(lat)-1]
	}
	t.Logf("%s: peak RSS %.1f MB (bound %d MB; anonymous, sampled: %.1f MB); health probes %d, median %v, p99 %v, worst %v (budget %v)",
		row, float64(rss)/(1<<20), MaxRSS>>20, float64(anon)/(1<<20), len(lat), pct(lat, 50), pct(lat, 99), worst, HealthBudget)
	if rss > MaxRSS && !s.fileBacked {
		t.Errorf("%s: peak RSS %d MB over the bound of %d MB", row, rss>>20, MaxRSS>>20)
	}
	if anon > MaxRSS {
		t.Errorf("%s: peak anonymous RSS %d MB over the bound of %d MB", row, anon>>20, MaxRSS>>20)
	}
	if len(lat) == 0 {
		t.Errorf("%s: the health route never answered", row)
	}
	if worst > HealthBudget {
		t.Errorf("%s: health answered in %v at worst, over %v (slow probes at %v)", row, worst, HealthBudget, s.health.slowAt())
	}
}

// peakRSS reads VmHWM (peak resident set) of process pid.
func peakRSS(t *testing.T, pid int) int64 {
	t.Helper()
	n, err := procStatus(pid, "VmHWM")
	if err != nil {
		t.Fatalf("peak RSS: %v", err)
	}
	return n
}

// procStatus reads one "kB" field of /proc/PID/status, in bytes.
func procStatus(pid int, field string) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}

func pct(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[(len(sorted)-1)*p/100]
}

// healthWatch probes GET /__sandbox/health every 20 ms on a connection of
// its own and keeps each answer's latency.
type healthWatch struct {
	pid   int
	anon  int64 // peak RssAnon sampled, guarded by mu
	began time.Time
	slow  []time.Duration // start of each probe over HealthBudget, since began
	done  chan struct{}
	once  sync.Once
	mu    sync.Mutex
	lat   []time.Duration
	fail  []string
	wg    sync.WaitGroup
}

func newHealthWatch(base string, pid int) *healthWatch {
	h := &healthWatch{done: make(chan struct{}), pid: pid, began: time.Now()}
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for first := true; ; first = false {
			if !first {
				select {
				case <-h.done:
					return
				case <-tick.C:
				}
			}
			anon, _ := procStatus(h.pid, "RssAnon")
			start := time.Now()
			resp, err := client.Get(base + "/__sandbox/health")
			d := time.Since(start)
			h.mu.Lock()
			h.anon = max(h.anon, anon)
			if err != nil || resp.StatusCode != http.StatusOK {
				h.fail = append(h.fail, fmt.Sprintf("after %v: %v", d, err))
			} else {
				h.lat = append(h.lat, d)
			}
			if d > HealthBudget {
				h.slow = append(h.slow, start.Sub(h.began).Round(time.Millisecond))
			}
			h.mu.Unlock()
			if resp != nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}
	}()
	return h
}

// slowAt returns when the probes over HealthBudget started, from the
// watch's start.
func (h *healthWatch) slowAt() []time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.slow)
}

// peakAnon returns the highest anonymous RSS sampled.
func (h *healthWatch) peakAnon() int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.anon
}

// stop ends the watch and returns the latencies seen and the failed
// probes.
func (h *healthWatch) stop() ([]time.Duration, []string) {
	h.once.Do(func() { close(h.done) })
	h.wg.Wait()
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.lat), slices.Clone(h.fail)
}

// client is a keep-alive client for the workloads.
var client = &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

// call sends a request and returns status, headers and body, failing the
// test on a transport error.
func call(t *testing.T, method, url string, header http.Header, body []byte) (int, http.Header, []byte) {
	t.Helper()
	status, h, out, err := try(method, url, header, body)
	if err != nil {
		t.Fatal(err)
	}
	return status, h, out
}

// try sends a request; it may run on any goroutine.
func try(method, url string, header http.Header, body []byte) (int, http.Header, []byte, error) {
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("%s %s: %w", method, url, err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("%s %s: reading the answer: %w", method, url, err)
	}
	return resp.StatusCode, resp.Header, out, nil
}

// vendor is the header set of an authenticated vendor request in ns.
func vendor(ns string) http.Header {
	h := http.Header{"Authorization": {auth}, "Content-Type": {"application/json"}}
	if ns != "" {
		h.Set("X-Sandbox-Namespace", ns)
	}
	return h
}

// admin is the header set of a control request.
func admin() http.Header {
	return http.Header{"Authorization": {"Bearer " + token}}
}

// wantVendorError checks a request-level vendor body with code, valid
// against the schema, and an X-Sandbox-Explain header containing explain.
func wantVendorError(t *testing.T, status int, h http.Header, body []byte, code sandbox.Code, httpStatus int, explain string) {
	t.Helper()
	if status != httpStatus {
		t.Errorf("HTTP %d, want %d: %.300s", status, httpStatus, body)
	}
	if probs := schema.Default().ValidateJSON(schema.RequestError, body); probs != nil {
		t.Errorf("body does not match %s: %v\n%.300s", schema.RequestError, probs, body)
	}
	var doc struct {
		Response struct{ Status struct{ Code sandbox.Code } }
	}
	if err := json.Unmarshal(body, &doc); err != nil || doc.Response.Status.Code != code {
		t.Errorf("vendor code %d (%v), want %d: %.300s", doc.Response.Status.Code, err, code, body)
	}
	if got := h.Get("X-Sandbox-Explain"); !strings.Contains(got, explain) {
		t.Errorf("X-Sandbox-Explain %q, want it to contain %q", got, explain)
	}
}

// addBody is an add of one customer with mobile 91+n and a first name.
func addBody(n int64, firstname string) []byte {
	return fmt.Appendf(nil, `{"root":{"customer":[{"mobile":"91%010d","firstname":%q}]}}`, n, firstname)
}

// parallel runs fn(i) for i in [0, n) on workers goroutines.
func parallel(n, workers int, fn func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// Env is the variable that runs this package's tests: they load the
// machine for minutes and assert latencies, so they run on their own
// (.ci/run runs them after the other tests), not among `go test ./...`'s
// parallel packages.
const Env = "CAPSANDBOX_HOSTILE"

func gate(t *testing.T) {
	t.Helper()
	if os.Getenv(Env) == "" {
		t.Skipf("SKIP: the hostile-load tests run alone: %s=1 go test -count=1 -v ./tests/hostile", Env)
	}
}
