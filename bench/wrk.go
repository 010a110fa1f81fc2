package main

import (
	"embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

//go:embed lua/*.lua
var luaFS embed.FS

// workload is one row of the table.
type workload struct {
	name   string
	script string // lua/<script>.lua
	sync   string // the server's --sync; "" = the binary's default (no --sync passed)
	seq    bool   // one wrk thread, one connection (a test suite's pace), not -threads × -conns
	path   string
	what   string
}

// Paths of the two routes the scripts drive.
const (
	addPath = "/v1.1/customer/add?format=json"
	getPath = "/v1.1/customer/get?format=json"
)

// workloads are run in this order on every store. A --sync mode is
// measured by adding a line here.
var workloads = []workload{
	{"get", "get", "none", false, getPath, "customer/get by mobile of a stored customer"},
	{"add-existing", "add-existing", "none", false, addPath, "customer/add re-adding a stored customer (update path), --sync none"},
	{"add-new", "add-new", "none", false, addPath, "customer/add, a new customer per request, --sync none"},
	{"add-new-durable", "add-new", "always", false, addPath, "customer/add, a new customer per request, --sync always"},
	{"add-new-default", "add-new", "", false, addPath, "customer/add, a new customer per request, the default --sync"},
	{"seq-add", "add-new", "", true, addPath, "one connection, customer/add of a new customer per request, the default --sync"},
	{"seq-add-always", "add-new", "always", true, addPath, "one connection, customer/add of a new customer per request, --sync always"},
	{"seq-add-none", "add-new", "none", true, addPath, "one connection, customer/add of a new customer per request, --sync none"},
	{"seq-get", "get", "", true, getPath, "one connection, customer/get of a random stored customer, the default --sync"},
}

// The ceiling's workloads: goref answering customer/add with fixed bytes,
// at -conns connections and at one.
var (
	gorefLoad = workload{name: "goref", script: "add-new", path: addPath}
	gorefSeq  = workload{name: "goref-seq", script: "add-new", seq: true, path: addPath}
)

// load is the wrk threads and connections of w.
func (w workload) load(c *config) (threads, conns int) {
	if w.seq {
		return 1, 1
	}
	return c.threads, c.conns
}

// syncArgs are the server's --sync arguments for w.
func (w workload) syncArgs() []string {
	if w.sync == "" {
		return nil
	}
	return []string{"--sync", w.sync}
}

// mode names w's --sync for the report; def is the binary's default.
func (w workload) mode(def string) string {
	if w.sync == "" {
		return "default (" + def + ")"
	}
	return w.sync
}

var allWorkloads = func() []string {
	var names []string
	for _, w := range workloads {
		names = append(names, w.name)
	}
	return names
}()

func workloadByName(name string) (workload, bool) {
	for _, w := range workloads {
		if w.name == name {
			return w, true
		}
	}
	return workload{}, false
}

// writeScripts writes each workload script, prefixed with common.lua, into
// dir and returns their paths by script name.
func writeScripts(dir string) (map[string]string, error) {
	common, err := luaFS.ReadFile("lua/common.lua")
	if err != nil {
		return nil, err
	}
	paths := map[string]string{}
	for _, name := range []string{"add-new", "add-existing", "get"} {
		body, err := luaFS.ReadFile("lua/" + name + ".lua")
		if err != nil {
			return nil, err
		}
		p := filepath.Join(dir, name+".lua")
		if err := os.WriteFile(p, append(append(common, '\n'), body...), 0o644); err != nil {
			return nil, err
		}
		paths[name] = p
	}
	return paths, nil
}

// wrkRun is one wrk run's RESULT line plus wrk's own CPU time.
type wrkRun struct {
	requests       int64
	rps            float64
	p50ms, p99ms   float64
	non2xx, errors int64
	cpu            time.Duration
}

// wrkArgs is wrk's command line for workload w: d of load against url
// with script and its arguments.
func wrkArgs(c *config, w workload, d time.Duration, script, url string, args ...string) []string {
	threads, conns := w.load(c)
	argv := []string{"-t" + strconv.Itoa(threads), "-c" + strconv.Itoa(conns),
		"-d" + strconv.Itoa(int(d.Seconds())) + "s", "--latency", "-s", script, url}
	if len(args) > 0 {
		argv = append(append(argv, "--"), args...)
	}
	return argv
}

// runWrk runs wrk with argv; out receives wrk's whole output.
func runWrk(argv []string, out string) (wrkRun, error) {
	cmd := exec.Command("wrk", argv...)
	raw, err := cmd.CombinedOutput()
	_ = os.WriteFile(out, raw, 0o644)
	if err != nil {
		return wrkRun{}, fmt.Errorf("wrk: %v (output in %s)", err, out)
	}
	r, err := parseResult(string(raw))
	if err != nil {
		return r, fmt.Errorf("%v (output in %s)", err, out)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return r, nil
}

// parseResult reads the RESULT line common.lua prints.
func parseResult(out string) (wrkRun, error) {
	var r wrkRun
	i := strings.LastIndex(out, "RESULT ")
	if i < 0 {
		return r, fmt.Errorf("wrk printed no RESULT line")
	}
	line, _, _ := strings.Cut(out[i+len("RESULT "):], "\n")
	for _, kv := range strings.Fields(line) {
		k, v, _ := strings.Cut(kv, "=")
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return r, fmt.Errorf("wrk RESULT %s=%q: %v", k, v, err)
		}
		switch k {
		case "requests":
			r.requests = int64(f)
		case "rps":
			r.rps = f
		case "p50_ms":
			r.p50ms = f
		case "p99_ms":
			r.p99ms = f
		case "non2xx":
			r.non2xx = int64(f)
		case "errors":
			r.errors = int64(f)
		}
	}
	return r, nil
}
