package record

import (
	"bytes"
	"encoding/json"
	"encoding/pem"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/cassette"
)

// rig is a proxy in front of an upstream, recording to a temporary file.
type rig struct {
	proxy *httptest.Server
	path  string
	w     *cassette.Writer
}

func newRig(t *testing.T, upstream string, tune func(*Options)) *rig {
	t.Helper()
	u, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "c.jsonl")
	w, err := cassette.Create(path, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	o := Options{Upstream: u, Cassette: w, Timeout: 2 * time.Second, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if tune != nil {
		tune(&o)
	}
	p, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return &rig{proxy: srv, path: path, w: w}
}

func (r *rig) send(t *testing.T, method, uri, body string, h http.Header) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, r.proxy.URL+uri, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range h {
		req.Header[k] = vs
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

func (r *rig) exchanges(t *testing.T) []cassette.Exchange {
	t.Helper()
	data, err := os.ReadFile(r.path)
	if err != nil {
		t.Fatal(err)
	}
	exs, err := cassette.Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return exs
}

// TestForwardsUnchanged: the client gets the upstream's status, headers and
// body bytes; the cassette holds the request and the same answer.
func TestForwardsUnchanged(t *testing.T) {
	answer := []byte("{\"response\": {\"x\": 1}}\n")
	var seen *http.Request
	var seenBody []byte
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen, seenBody = r, must(io.ReadAll(r.Body))
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.Header().Set("X-Cap-Requestid", "req-1")
		w.WriteHeader(201)
		w.Write(answer)
	}))
	defer up.Close()
	r := newRig(t, up.URL+"/base/", nil)
	resp, body := r.send(t, "POST", "/v1.1/customer/add?format=json&x=%2F", `{"root":1}`,
		http.Header{"Content-Type": {"application/json"}, "Accept-Encoding": {"gzip"}, "User-Context-Entity-Id": {"7"}})
	if resp.StatusCode != 201 || !bytes.Equal(body, answer) || resp.Header.Get("X-Cap-Requestid") != "req-1" ||
		resp.Header.Get("Content-Type") != "application/json;charset=UTF-8" {
		t.Fatalf("client got %d %v %q", resp.StatusCode, resp.Header, body)
	}
	if seen.URL.RequestURI() != "/base/v1.1/customer/add?format=json&x=%2F" || string(seenBody) != `{"root":1}` ||
		seen.Header.Get("User-Context-Entity-Id") != "7" || seen.Header.Get("Accept-Encoding") != "" {
		t.Errorf("upstream got %s %q %v", seen.URL.RequestURI(), seenBody, seen.Header)
	}
	exs := r.exchanges(t)
	if len(exs) != 1 {
		t.Fatalf("%d exchanges recorded", len(exs))
	}
	e := exs[0]
	rb, _ := e.Response.Bytes()
	if e.Seq != 1 || e.Request.URI() != "/v1.1/customer/add?format=json&x=%2F" || e.Request.Text != `{"root":1}` ||
		e.Response.Status != 201 || !bytes.Equal(rb, answer) || e.Response.Headers.Get("X-Cap-Requestid") != "req-1" ||
		e.Error != "" || e.Time.IsZero() {
		t.Errorf("recorded %+v", e)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestOnlyVendorPathsRecorded: other paths are forwarded but not recorded.
func TestOnlyVendorPathsRecorded(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, r.URL.Path) }))
	defer up.Close()
	r := newRig(t, up.URL, nil)
	if _, body := r.send(t, "GET", "/v3/oauth/token/generate", "", nil); string(body) != "/v3/oauth/token/generate" {
		t.Errorf("not forwarded: %q", body)
	}
	r.send(t, "GET", "/v1.1/customer/get?mobile=1", "", nil)
	if exs := r.exchanges(t); len(exs) != 1 || exs[0].Request.Path != "/v1.1/customer/get" {
		t.Errorf("recorded %+v", exs)
	}
}

// TestNoCredentialReachesTheCassette: byte for byte, no credential the
// client or the upstream sent is in the file: the Basic header's base64,
// the MD5 hex inside it, a bearer token, an OAuth token, cookies.
func TestNoCredentialReachesTheCassette(t *testing.T) {
	const (
		basic  = "dGlsbDE6MjAyY2I5NjJhYzU5MDc1Yjk2NGIwNzE1MmQyMzRiNzA=" // till1:md5("123")
		md5hex = "202cb962ac59075b964b07152d234b70"
		bearer = "bearer-7f3a9c1e5b"
		oauth  = "eyJhbGciOiJIUzI1NiJ9.oauth-token-c0ffee"
		cookie = "sid-91b2c3d4e5"
		setck  = "srv-session-a1b2c3"
		apikey = "api-key-5e6f7a"
	)
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Set-Cookie", "JSESSIONID="+setck+"; Path=/")
		io.WriteString(w, `{"response":{}}`)
	}))
	defer up.Close()
	r := newRig(t, up.URL, nil)
	r.send(t, "POST", "/v1.1/customer/add", `{"root":{}}`, http.Header{"Authorization": {"Basic " + basic},
		"Cookie": {"sid=" + cookie}, "X-Cap-Api-Oauth-Token": {oauth}, "X-Api-Key": {apikey}, "Content-Type": {"application/json"}})
	r.send(t, "GET", "/v1.1/customer/get?mobile=1", "", http.Header{"Authorization": {"Bearer " + bearer},
		"Proxy-Authorization": {"Basic " + basic}})
	data, err := os.ReadFile(r.path)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{basic, md5hex, bearer, oauth, cookie, setck, apikey} {
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("the cassette holds the credential %q", secret)
		}
	}
	for _, marker := range []string{`"Basic <till1>:<redacted>"`, `"Bearer <redacted>"`} {
		if !bytes.Contains(data, []byte(marker)) {
			t.Errorf("the cassette lacks the marker %s:\n%s", marker, data)
		}
	}
}

// failureBody is a vendor request-level body.
type failureBody struct {
	Response struct {
		Status struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
			Success bool   `json:"success"`
		} `json:"status"`
	} `json:"response"`
}

func checkFailure(t *testing.T, resp *http.Response, body []byte, status, code int, explain string) {
	t.Helper()
	var fb failureBody
	if err := json.Unmarshal(body, &fb); err != nil {
		t.Fatalf("not a vendor JSON body: %v\n%s", err, body)
	}
	if resp.StatusCode != status || fb.Response.Status.Code != code || fb.Response.Status.Message == "" || fb.Response.Status.Success {
		t.Errorf("got HTTP %d body %s, want HTTP %d code %d", resp.StatusCode, body, status, code)
	}
	if !strings.Contains(resp.Header.Get("X-Sandbox-Explain"), explain) {
		t.Errorf("X-Sandbox-Explain %q, want it to contain %q", resp.Header.Get("X-Sandbox-Explain"), explain)
	}
}

// TestUpstreamFailures: refused, timed out, dropped and oversized answers
// each reach the client as a vendor-shaped 5xx naming the failure, and are
// recorded with it.
func TestUpstreamFailures(t *testing.T) {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	refused := "http://" + l.Addr().String()
	l.Close()
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(time.Second):
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	drop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, _, _ := http.NewResponseController(w).Hijack()
		c.Close()
	}))
	defer drop.Close()
	big := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(make([]byte, 2048)) }))
	defer big.Close()
	for _, c := range []struct {
		name, upstream string
		status         int
		kind, explain  string
	}{
		{"refused", refused, 502, "refused", "refused the connection"},
		{"timeout", slow.URL, 504, "timeout", "did not answer within 300ms"},
		{"dropped", drop.URL, 502, "dropped", "dropped the connection"},
		{"too large", big.URL, 502, "too-large", "larger than 1024 bytes"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newRig(t, c.upstream, func(o *Options) { o.Timeout = 300 * time.Millisecond; o.MaxResponse = 1024 })
			resp, body := r.send(t, "POST", "/v1.1/customer/add", `{}`, nil)
			checkFailure(t, resp, body, c.status, 407, c.explain)
			exs := r.exchanges(t)
			if len(exs) != 1 || !strings.HasPrefix(exs[0].Error, c.kind+": ") || exs[0].Response.Status != c.status {
				t.Fatalf("recorded %+v", exs)
			}
		})
	}
}

// TestTLS: an upstream with a private CA fails with a TLS explanation, and
// works once the CA is given.
func TestTLS(t *testing.T) {
	up := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, `{"ok":1}`) }))
	defer up.Close()
	r := newRig(t, up.URL, nil)
	resp, body := r.send(t, "GET", "/v1.1/customer/get", "", nil)
	checkFailure(t, resp, body, 502, 407, "TLS with the upstream")
	if exs := r.exchanges(t); len(exs) != 1 || !strings.HasPrefix(exs[0].Error, "tls: ") {
		t.Errorf("recorded %+v", exs)
	}
	ca := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: up.Certificate().Raw}), 0o600)
	r = newRig(t, up.URL, func(o *Options) { o.CAFile = ca })
	if resp, body := r.send(t, "GET", "/v1.1/customer/get", "", nil); resp.StatusCode != 200 || string(body) != `{"ok":1}` {
		t.Errorf("with --upstream-ca: %d %s", resp.StatusCode, body)
	}
	if _, err := newTransport(filepath.Join(t.TempDir(), "none.pem"), time.Second); err == nil {
		t.Error("a missing CA file was accepted")
	}
	os.WriteFile(ca, []byte("not a certificate"), 0o600)
	if _, err := newTransport(ca, time.Second); err == nil || !strings.Contains(err.Error(), "no PEM certificate") {
		t.Errorf("a CA file without certificates: %v", err)
	}
}

// TestLimits: a request body over --max-body is refused with 413 and not
// forwarded; once the cassette holds --max-exchanges exchanges, requests
// are refused and not forwarded.
func TestLimits(t *testing.T) {
	var hits atomic.Int32
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1); io.WriteString(w, "{}") }))
	defer up.Close()
	r := newRig(t, up.URL, func(o *Options) { o.MaxBody = 16; o.MaxExchanges = 2 })
	resp, body := r.send(t, "POST", "/v1.1/customer/add", strings.Repeat("x", 17), nil)
	checkFailure(t, resp, body, 413, 413, "larger than 16 bytes")
	if hits.Load() != 0 || len(r.exchanges(t)) != 0 {
		t.Fatalf("an oversized body was forwarded (%d) or recorded", hits.Load())
	}
	for range 2 {
		if resp, _ := r.send(t, "POST", "/v1.1/customer/add", strings.Repeat("x", 16), nil); resp.StatusCode != 200 {
			t.Fatalf("HTTP %d within the limits", resp.StatusCode)
		}
	}
	resp, body = r.send(t, "POST", "/v1.1/customer/add", "{}", nil)
	checkFailure(t, resp, body, 503, 407, "holds 2 exchanges")
	if hits.Load() != 2 || len(r.exchanges(t)) != 2 {
		t.Errorf("past --max-exchanges: %d forwarded, %d recorded", hits.Load(), len(r.exchanges(t)))
	}
}

// TestXMLFailure: a request that asks for XML gets the failure as XML.
func TestXMLFailure(t *testing.T) {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close()
	r := newRig(t, "http://"+addr, nil)
	resp, body := r.send(t, "POST", "/v1.1/customer/add?format=xml", "<root/>", nil)
	want := `<response><status><code>407</code>`
	if resp.StatusCode != 502 || !strings.Contains(string(body), want) || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/xml") {
		t.Errorf("got %d %s %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
}

// TestNewRefuses: a bad upstream or a missing cassette is an error.
func TestNewRefuses(t *testing.T) {
	w, _ := cassette.Create(filepath.Join(t.TempDir(), "c"), false)
	defer w.Close()
	for _, u := range []string{"ftp://x", "http://", "/relative"} {
		pu, _ := url.Parse(u)
		if _, err := New(Options{Upstream: pu, Cassette: w}); err == nil {
			t.Errorf("upstream %q accepted", u)
		}
	}
	pu, _ := url.Parse("http://x")
	if _, err := New(Options{Upstream: pu}); err == nil {
		t.Error("no cassette accepted")
	}
}

// TestCassetteWriteFailure: when an exchange cannot be written the client
// still gets the upstream's answer, with an explanation, and later
// requests are refused without being forwarded.
func TestCassetteWriteFailure(t *testing.T) {
	var hits atomic.Int32
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1); io.WriteString(w, `{"ok":1}`) }))
	defer up.Close()
	r := newRig(t, up.URL, nil)
	r.w.Close() // every write now fails
	resp, body := r.send(t, "GET", "/v1.1/customer/get", "", nil)
	if resp.StatusCode != 200 || string(body) != `{"ok":1}` || !strings.Contains(resp.Header.Get("X-Sandbox-Explain"), "not recorded") {
		t.Errorf("first answer: %d %q %q", resp.StatusCode, body, resp.Header.Get("X-Sandbox-Explain"))
	}
	resp, body = r.send(t, "GET", "/v1.1/customer/get", "", nil)
	checkFailure(t, resp, body, 503, 407, "can no longer be written")
	if hits.Load() != 1 {
		t.Errorf("%d requests forwarded, want 1", hits.Load())
	}
}

// TestOneExchangeAtATime: recorded exchanges reach the upstream one at a
// time, and a request that waits longer than the upstream timeout for its
// turn is refused without being forwarded.
func TestOneExchangeAtATime(t *testing.T) {
	var hits, inFlight, overlap atomic.Int32
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if inFlight.Add(1) > 1 {
			overlap.Add(1)
		}
		time.Sleep(300 * time.Millisecond)
		inFlight.Add(-1)
		io.WriteString(w, "{}")
	}))
	defer up.Close()
	r := newRig(t, up.URL, func(o *Options) { o.Timeout = 400 * time.Millisecond })
	codes := make(chan int, 3)
	for range 3 {
		go func() {
			resp, err := http.Get(r.proxy.URL + "/v1.1/customer/get")
			if err != nil {
				codes <- 0
				return
			}
			resp.Body.Close()
			if resp.StatusCode == 503 && !strings.Contains(resp.Header.Get("X-Sandbox-Explain"), "held the upstream") {
				t.Errorf("503 without the busy explanation: %q", resp.Header.Get("X-Sandbox-Explain"))
			}
			codes <- resp.StatusCode
		}()
	}
	count := map[int]int{}
	for range 3 {
		count[<-codes]++
	}
	if count[200] != 2 || count[503] != 1 || hits.Load() != 2 || overlap.Load() != 0 {
		t.Errorf("answers %v, %d forwarded, %d overlapping", count, hits.Load(), overlap.Load())
	}
}
