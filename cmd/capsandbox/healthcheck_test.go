package main

import (
	"bytes"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/sandbox/sandboxtest"
)

func TestHealthcheckReadyServer(t *testing.T) {
	sb := sandboxtest.Run(t)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"healthcheck", "--addr", sb.Addr()}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, want 0; stderr: %s", code, stderr.String())
	}
	if stdout.String() != "ok\n" {
		t.Errorf("stdout = %q, want ok", stdout.String())
	}
}

func TestHealthcheckAddrFromEnvironment(t *testing.T) {
	sb := sandboxtest.Run(t)
	_, port, _ := net.SplitHostPort(sb.Addr())
	t.Setenv("CAPSANDBOX_ADDR", ":"+port) // a listen address, as the image sets it
	var stdout, stderr bytes.Buffer
	if code := run([]string{"healthcheck"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, want 0; stderr: %s", code, stderr.String())
	}
}

func TestHealthcheckNotReady(t *testing.T) {
	starting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/__sandbox/health" {
			t.Errorf("healthcheck asked %s", r.URL.Path)
		}
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer starting.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closedAddr := closed.Listener.Addr().String()
	closed.Close()
	for name, addr := range map[string]string{"503": starting.Listener.Addr().String(), "nothing listening": closedAddr} {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"healthcheck", "--addr", addr, "--timeout", "1s"}, &stdout, &stderr); code != 1 {
			t.Errorf("%s: exit %d, want 1", name, code)
		}
		if stdout.Len() != 0 || !strings.HasPrefix(stderr.String(), "capsandbox healthcheck: ") {
			t.Errorf("%s: stdout %q, stderr %q", name, stdout.String(), stderr.String())
		}
	}
}

func TestDialAddr(t *testing.T) {
	for in, want := range map[string]string{
		":8080":          "127.0.0.1:8080",
		"0.0.0.0:8080":   "127.0.0.1:8080",
		"[::]:8080":      "127.0.0.1:8080",
		"127.0.0.1:9":    "127.0.0.1:9",
		"example.com:80": "example.com:80",
		"no-port":        "no-port",
	} {
		if got := dialAddr(in); got != want {
			t.Errorf("dialAddr(%q) = %q, want %q", in, got, want)
		}
	}
}
