package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/capsandbox/capsandbox/internal/control"
)

func init() {
	commands["healthcheck"] = command{"exit 0 when a server at --addr is ready (for Docker HEALTHCHECK)", runHealthcheck}
}

func runHealthcheck(args []string, stdout, stderr io.Writer) int {
	fs := flagSet("healthcheck", stderr)
	addr := fs.String("addr", envString("CAPSANDBOX_ADDR", "127.0.0.1:8080"), "address of the server (env CAPSANDBOX_ADDR)")
	timeout := fs.Duration("timeout", 2*time.Second, "give up after this long")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	url := "http://" + dialAddr(*addr) + control.Prefix + "/health"
	client := &http.Client{Timeout: *timeout}
	resp, err := client.Get(url)
	if err != nil {
		fmt.Fprintf(stderr, "capsandbox healthcheck: %v\n", err)
		return 1
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintf(stderr, "capsandbox healthcheck: %s answered %s\n", url, resp.Status)
		return 1
	}
	fmt.Fprintln(stdout, "ok")
	return 0
}

// dialAddr turns a listen address (":8080", "0.0.0.0:8080") into one to
// dial on this host.
func dialAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}
