package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/capsandbox/capsandbox/internal/server"
)

func init() {
	commands["serve"] = command{"start the server (default)", runServe}
}

// serveOptions parses serve's flags over its environment variables.
func serveOptions(args []string, stderr io.Writer) (server.Options, error) {
	fs := flagSet("serve", stderr)
	var o server.Options
	seed, err := envInt64("CAPSANDBOX_SEED", 1)
	if err != nil {
		return o, err
	}
	watch, err := envBool("CAPSANDBOX_WATCH", true)
	if err != nil {
		return o, err
	}
	fs.StringVar(&o.Addr, "addr", envString("CAPSANDBOX_ADDR", "127.0.0.1:8080"), "listen address (env CAPSANDBOX_ADDR)")
	fs.StringVar(&o.Data, "data", envString("CAPSANDBOX_DATA", "capsandbox.db"), "bbolt store file; :memory: = a temporary file removed on exit (env CAPSANDBOX_DATA)")
	fs.StringVar(&o.Scenario, "scenario", envString("CAPSANDBOX_SCENARIO", "default"), "scenario name or YAML file (env CAPSANDBOX_SCENARIO)")
	fs.StringVar(&o.ScenariosDir, "scenarios-dir", envString("CAPSANDBOX_SCENARIOS_DIR", ""), "directory of extra scenario files (env CAPSANDBOX_SCENARIOS_DIR)")
	fs.BoolVar(&o.Watch, "watch", watch, "with --scenarios-dir: reload a scenario file when it changes (an invalid one is logged and its last good version keeps serving); --watch=false to turn off (env CAPSANDBOX_WATCH)")
	fs.Int64Var(&o.Seed, "seed", seed, "seed of every random choice (env CAPSANDBOX_SEED)")
	fs.StringVar(&o.AdminToken, "admin-token", envString("CAPSANDBOX_ADMIN_TOKEN", ""), "Bearer token required by /__sandbox/* except health (env CAPSANDBOX_ADMIN_TOKEN)")
	fs.StringVar(&o.LogFormat, "log-format", envString("CAPSANDBOX_LOG_FORMAT", "text"), "text or json (env CAPSANDBOX_LOG_FORMAT)")
	if err := syncFlags(fs, &o.Sync, &o.SyncInterval); err != nil {
		return o, err
	}
	if err := limitFlags(fs, &o); err != nil {
		return o, err
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	o.Version = versionString()
	return o, nil
}

func runServe(args []string, stdout, stderr io.Writer) int {
	opts, err := serveOptions(args, stderr)
	if err != nil {
		if err.Error() != "flag: help requested" {
			fmt.Fprintf(stderr, "capsandbox serve: %v\n", err)
		}
		return 2
	}
	if os.Getenv("GOGC") == "" {
		// The live heap is small (~10 MB: the store is a memory-mapped
		// file), so the default of 100 collects every few milliseconds under
		// load. 200 cuts CPU per request by a fifth for ~30 MB of memory
		// (docs/PERFORMANCE.md); GOGC in the environment still decides.
		debug.SetGCPercent(200)
	}
	// Everything serve writes goes through one buffer, so the request log
	// costs no system call per request and lines keep their order.
	logs := newLogBuffer(stderr, 64<<10, 20*time.Millisecond)
	defer logs.Flush()
	opts.LogOutput = logs
	srv, err := server.New(opts)
	if err != nil {
		fmt.Fprintf(logs, "capsandbox serve: %v\n", err)
		return 1
	}
	l, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		srv.Close()
		fmt.Fprintf(logs, "capsandbox serve: listen on %s: %v\n", opts.Addr, err)
		return 1
	}
	if opts.AdminToken == "" && !isLoopback(l.Addr()) {
		srv.Log.Warn("the control API is open to the network: set --admin-token (CAPSANDBOX_ADMIN_TOKEN) when not bound to loopback", "addr", l.Addr().String())
	}
	srv.Log.Info("capsandbox listening", "addr", l.Addr().String(), "scenario", opts.Scenario, "data", opts.Data, "version", opts.Version)
	logs.Flush() // the start lines at once
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := srv.Serve(ctx, l, 30*time.Second); err != nil {
		fmt.Fprintf(logs, "capsandbox serve: %v\n", err)
		return 1
	}
	srv.Log.Info("capsandbox stopped: in-flight requests finished, store closed")
	return 0
}

func isLoopback(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return ok && ta.IP.IsLoopback()
}
