package reliability

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/httpapi"
	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/schema"
	"github.com/capsandbox/capsandbox/internal/server"
	"github.com/capsandbox/capsandbox/internal/testkit"
	"github.com/capsandbox/capsandbox/internal/wire"
)

// Limits and timeouts: every request a client can make too big, too deep,
// too slow or too clever gets a vendor-shaped 4xx (or, before a handler
// runs, net/http's own 4xx) and cannot hold the server.

const addPath = "/v1.1/customer/add?format=json"

// auth is the Basic header of till1 / md5("123").
const auth = testkit.TillAuth

// newServer builds a server on a fresh store.
func newServer(t *testing.T) *server.Server {
	t.Helper()
	return testkit.Server(t, server.Options{Data: filepath.Join(t.TempDir(), "c.db")})
}

// listen serves hs (srv's http.Server, possibly with changed timeouts) on
// a loopback port and returns the base URL.
func listen(t *testing.T, srv *server.Server, hs *http.Server) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = hs.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = hs.Shutdown(ctx)
		srv.Close()
	})
	return "http://" + l.Addr().String()
}

func startServer(t *testing.T) (*server.Server, string) {
	srv := newServer(t)
	return srv, listen(t, srv, srv.HTTPServer())
}

// post sends body to the add route and returns the status and body.
func post(t *testing.T, base string, body io.Reader, header map[string]string) (int, []byte) {
	t.Helper()
	status, _, out := postH(t, base, body, header)
	return status, out
}

// postH is post that also returns the response headers.
func postH(t *testing.T, base string, body io.Reader, header map[string]string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+addPath, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", auth)
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, out
}

// wantVendorError checks a request-level vendor body with code.
func wantVendorError(t *testing.T, status int, body []byte, code sandbox.Code) {
	t.Helper()
	if status != sandbox.HTTPStatus(code) {
		t.Errorf("HTTP %d, want %d", status, sandbox.HTTPStatus(code))
	}
	if probs := schema.Default().ValidateJSON(schema.RequestError, body); probs != nil {
		t.Errorf("body does not match %s: %v\n%s", schema.RequestError, probs, body)
	}
	var doc struct {
		Response struct{ Status struct{ Code sandbox.Code } }
	}
	if err := json.Unmarshal(body, &doc); err != nil || doc.Response.Status.Code != code {
		t.Errorf("vendor code %d (%v), want %d: %s", doc.Response.Status.Code, err, code, body)
	}
}

// TestHTTPServerSettings pins the relationships the timeouts must keep.
func TestHTTPServerSettings(t *testing.T) {
	srv := newServer(t)
	defer srv.Close()
	hs := srv.HTTPServer()
	switch {
	case hs.ReadHeaderTimeout <= 0 || hs.ReadHeaderTimeout > 10*time.Second:
		t.Errorf("ReadHeaderTimeout %v: a slow-loris client must be cut off within seconds", hs.ReadHeaderTimeout)
	case hs.ReadTimeout < hs.ReadHeaderTimeout:
		t.Errorf("ReadTimeout %v below ReadHeaderTimeout %v", hs.ReadTimeout, hs.ReadHeaderTimeout)
	case hs.WriteTimeout <= sandbox.MaxDelay+hs.ReadTimeout:
		t.Errorf("WriteTimeout %v cannot cover the longest forced delay (%v) after a full read", hs.WriteTimeout, sandbox.MaxDelay)
	case hs.IdleTimeout <= 0:
		t.Errorf("IdleTimeout %v: idle keep-alive connections would stay forever", hs.IdleTimeout)
	case hs.MaxHeaderBytes <= 0 || hs.MaxHeaderBytes > 1<<20:
		t.Errorf("MaxHeaderBytes %d", hs.MaxHeaderBytes)
	}
}

// TestBodyLimit: a body over the documented limit is a 413 vendor body,
// announced or not; a body of exactly the limit is read.
func TestBodyLimit(t *testing.T) {
	_, base := startServer(t)
	limit := httpapi.DefaultBodyLimit
	customer := `{"root":{"customer":[{"mobile":"919876543210"}]}}`
	exact := customer + strings.Repeat(" ", limit-len(customer))
	if status, body := post(t, base, strings.NewReader(exact), nil); status != http.StatusOK {
		t.Errorf("body of exactly %d bytes: HTTP %d %s", limit, status, body)
	}
	status, body := post(t, base, strings.NewReader(exact+" "), nil)
	wantVendorError(t, status, body, sandbox.StatusTooLarge)
	// Without Content-Length (chunked), the limit holds while reading.
	status, body = post(t, base, io.MultiReader(strings.NewReader(exact), strings.NewReader("  ")), nil)
	wantVendorError(t, status, body, sandbox.StatusTooLarge)
}

// TestBatchLimit: one customer more than the scenario's batch limit is
// request-level code 1060; exactly the limit is processed.
func TestBatchLimit(t *testing.T) {
	srv, base := startServer(t)
	limit := srv.Spaces.Scenario().Settings.BatchLimit
	batch := func(n int) io.Reader {
		items := make([]string, n)
		for i := range items {
			items[i] = fmt.Sprintf(`{"mobile":"9188%08d"}`, i)
		}
		return strings.NewReader(`{"root":{"customer":[` + strings.Join(items, ",") + `]}}`)
	}
	if status, body := post(t, base, batch(limit), nil); status != http.StatusOK || !bytes.Contains(body, []byte(`"code":200`)) {
		t.Errorf("%d customers (the limit): HTTP %d %.200s", limit, status, body)
	}
	status, body := post(t, base, batch(limit+1), nil)
	wantVendorError(t, status, body, sandbox.StatusBatchLimit)
}

// TestHeaderLimit: a request line and headers over the documented limit
// (httpapi.DefaultHeaderLimit) get the vendor's 431 body, as the server's
// own limit lies above it; only beyond that does net/http refuse the
// request itself (431, before any handler runs). The server keeps serving.
func TestHeaderLimit(t *testing.T) {
	srv, base := startServer(t)
	limit, max := httpapi.DefaultHeaderLimit, srv.HTTPServer().MaxHeaderBytes
	if max <= limit {
		t.Fatalf("MaxHeaderBytes %d must lie above the documented limit %d", max, limit)
	}
	body := `{"root":{"customer":[{"mobile":"919876543219"}]}}`
	status, h, out := postH(t, base, strings.NewReader(body), map[string]string{"X-Padding": strings.Repeat("a", limit)})
	wantVendorError(t, status, out, sandbox.StatusHeadersTooLarge)
	if !strings.Contains(h.Get("X-Sandbox-Explain"), "the limit is 65536") {
		t.Errorf("X-Sandbox-Explain %q", h.Get("X-Sandbox-Explain"))
	}
	long := base + "/v1.1/customer/get?format=json&mobile=" + strings.Repeat("9", limit)
	req, _ := http.NewRequest(http.MethodGet, long, nil)
	req.Header.Set("Authorization", auth)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	out, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	wantVendorError(t, resp.StatusCode, out, sandbox.StatusHeadersTooLarge)
	req, _ = http.NewRequest(http.MethodPost, base+addPath, strings.NewReader(`{}`))
	req.Header.Set("X-Padding", strings.Repeat("a", 2*max))
	if resp, err = http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("headers over MaxHeaderBytes: HTTP %d, want 431", resp.StatusCode)
	}
	status, out = post(t, base, strings.NewReader(body), map[string]string{"X-Padding": strings.Repeat("a", limit/2)})
	if status != http.StatusOK {
		t.Errorf("headers of half the limit: HTTP %d %s", status, out)
	}
}

// TestNestingDepth: a body nested deeper than wire.MaxDepth is a 400
// vendor body, in JSON and in XML.
func TestNestingDepth(t *testing.T) {
	_, base := startServer(t)
	deep := wire.MaxDepth + 1
	bodies := map[string]string{
		"application/json": `{"root":{"customer":[{"mobile":"919876543210","x":` + strings.Repeat("[", deep) + strings.Repeat("]", deep) + `}]}}`,
		"application/xml":  "<root><customer>" + strings.Repeat("<x>", deep) + strings.Repeat("</x>", deep) + "</customer></root>",
	}
	for ct, b := range bodies {
		status, h, body := postH(t, base, strings.NewReader(b), map[string]string{"Content-Type": ct, "Accept": "application/json"})
		wantVendorError(t, status, body, sandbox.StatusBadInput)
		if !strings.Contains(h.Get("X-Sandbox-Explain"), "nests deeper") {
			t.Errorf("%s: X-Sandbox-Explain does not name the nesting: %q", ct, h.Get("X-Sandbox-Explain"))
		}
	}
}

// TestXMLEntitiesRefused: entity declarations (expansion bombs, external
// entities) are refused at once, never expanded or fetched.
func TestXMLEntitiesRefused(t *testing.T) {
	_, base := startServer(t)
	bomb := `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">` +
		`<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">` +
		`<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]>` +
		`<root><customer><mobile>&e;&e;&e;&e;&e;&e;&e;&e;</mobile></customer></root>`
	external := `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><root><customer><mobile>&x;</mobile></customer></root>`
	for name, b := range map[string]string{"expansion bomb": bomb, "external entity": external} {
		start := time.Now()
		status, body := post(t, base, strings.NewReader(b), map[string]string{"Content-Type": "application/xml", "Accept": "application/json"})
		wantVendorError(t, status, body, sandbox.StatusBadInput)
		if time.Since(start) > 2*time.Second || bytes.Contains(body, []byte("root:")) || len(body) > 2048 {
			t.Errorf("%s: took %v, answered %d bytes: %.300s", name, time.Since(start), len(body), body)
		}
	}
}
