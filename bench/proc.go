package main

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// clockTick is the kernel's USER_HZ, the unit of /proc CPU times (100 on
// every Linux this runs on).
const clockTick = 100

// proc is a started capsandbox (or goref) process.
type proc struct {
	cmd   *exec.Cmd
	addr  string
	ready time.Duration // from just before the fork to the first health 200
	exit  chan error
}

// startServer runs argv (with env added to the environment), its output
// appended to logPath ("" = discarded), and waits until GET
// /__sandbox/health answers 200.
func startServer(argv []string, addr, logPath string, env ...string) (*proc, error) {
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		return nil, fmt.Errorf("%s is already in use: stop whatever listens there or pass another -port", addr)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	if logPath != "" {
		f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		cmd.Stdout, cmd.Stderr = f, f
	}
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &proc{cmd: cmd, addr: addr, exit: make(chan error, 1)}
	go func() { s.exit <- cmd.Wait() }()
	if err := s.waitHealthy(60 * time.Second); err != nil {
		s.kill()
		return nil, fmt.Errorf("%s: %w (log: %s)", argv[0], err, logPath)
	}
	s.ready = time.Since(t0)
	return s, nil
}

// waitHealthy polls the health route every millisecond, with a fresh
// connection each time, until the first 200.
func (s *proc) waitHealthy(timeout time.Duration) error {
	client := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	url := "http://" + s.addr + "/__sandbox/health"
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); {
		if resp, err := client.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case err := <-s.exit:
			s.exit <- err
			return fmt.Errorf("exited before it was healthy: %v", err)
		case <-time.After(time.Millisecond):
		}
	}
	return errors.New("not healthy in time")
}

// stop sends SIGTERM and waits for a clean exit (SIGKILL after 30 s).
func (s *proc) stop() error {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.exit:
		return err
	case <-time.After(30 * time.Second):
		s.kill()
		return errors.New("did not stop within 30 s of SIGTERM")
	}
}

func (s *proc) kill() {
	_ = s.cmd.Process.Kill()
	<-s.exit
}

func (s *proc) pid() int { return s.cmd.Process.Pid }

// cpuTime returns the user+system CPU time the process has used.
func cpuTime(pid int) (time.Duration, error) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	s := string(raw)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: too few fields", pid)
	}
	ut, err1 := strconv.ParseInt(fields[11], 10, 64)
	st, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, err
	}
	return time.Duration(ut+st) * time.Second / clockTick, nil
}

// statusKB returns a "kB" line of /proc/PID/status (VmHWM, VmRSS, RssAnon).
func statusKB(pid int, key string) int64 {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && k == key {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// machineBusy returns the CPU time all cores spent busy (user, nice,
// system, irq, softirq, steal), from /proc/stat.
func machineBusy() time.Duration {
	raw, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(raw), "\n")
	f := strings.Fields(line)
	var ticks int64
	for _, i := range []int{1, 2, 3, 6, 7, 8} {
		if i < len(f) {
			n, _ := strconv.ParseInt(f[i], 10, 64)
			ticks += n
		}
	}
	return time.Duration(ticks) * time.Second / clockTick
}
