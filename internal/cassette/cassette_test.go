package cassette

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func sample() *Exchange {
	return &Exchange{Time: time.Date(2024, 8, 1, 7, 28, 32, 0, time.UTC), Session: "s", Scenario: "default",
		Request: Request{Method: "POST", Path: "/v1.1/customer/add", Query: "format=json",
			Headers: http.Header{"Content-Type": {"application/json"}}, Body: NewBody([]byte(`{"root":{}}`))},
		Response: &Response{Status: 200, Headers: http.Header{"X-Cap-Requestid": {"r1"}}, Body: NewBody([]byte("\xff\x00<"))}}
}

// TestRoundTrip: an exchange survives Marshal and Read, text bodies as
// text and other bytes as base64, one line each.
func TestRoundTrip(t *testing.T) {
	e := sample()
	e.V, e.Seq = Version, 1
	line, err := Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Count(line, []byte("\n")) != 1 || !bytes.HasSuffix(line, []byte("\n")) {
		t.Fatalf("not one line: %q", line)
	}
	if !bytes.Contains(line, []byte(`"body":"{\"root\":{}}"`)) || !bytes.Contains(line, []byte(`"body_base64":"/wA8"`)) {
		t.Errorf("bodies not as text and base64: %s", line)
	}
	got, err := Read(bytes.NewReader(append(append([]byte("\n"), line...), line...)))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("read %d exchanges, want 2", len(got))
	}
	b, _ := got[0].Response.Bytes()
	if !bytes.Equal(b, []byte("\xff\x00<")) || got[0].Request.Text != `{"root":{}}` || !got[0].Time.Equal(e.Time) {
		t.Errorf("round trip changed the exchange: %+v", got[0])
	}
	if got[0].Request.URI() != "/v1.1/customer/add?format=json" {
		t.Errorf("URI %q", got[0].Request.URI())
	}
}

// TestReadErrors: a bad line is refused with its line number and reason.
func TestReadErrors(t *testing.T) {
	for _, c := range []struct{ name, line, want string }{
		{"not JSON", `{"v":1,`, "line 2: not a cassette exchange"},
		{"version", `{"v":2,"request":{"method":"GET","path":"/"},"response":{"status":200}}`, "line 2: format version 2"},
		{"unknown field", `{"v":1,"colour":1,"request":{"method":"GET","path":"/"},"response":{"status":200}}`, `unknown field "colour"`},
		{"no request", `{"v":1,"response":{"status":200}}`, "request.method and request.path are required"},
		{"no response", `{"v":1,"request":{"method":"GET","path":"/"}}`, "response is required"},
	} {
		ok := `{"v":1,"request":{"method":"GET","path":"/"},"setup":true}`
		_, err := Read(strings.NewReader(ok + "\n" + c.line + "\n"))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
}

// TestWriter: Append numbers exchanges, a new writer continues after the
// exchanges already in the file, and a file whose last line is cut off is
// refused.
func TestWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.jsonl")
	w, err := Create(path, true)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := w.Append(sample()); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	w, err = Create(path, false)
	if err != nil {
		t.Fatal(err)
	}
	e := sample()
	if err := w.Append(e); err != nil || e.Seq != 3 || w.Count() != 3 {
		t.Fatalf("third exchange: seq %d, count %d, err %v", e.Seq, w.Count(), err)
	}
	w.Close()
	data, _ := os.ReadFile(path)
	exs, err := Read(bytes.NewReader(data))
	if err != nil || len(exs) != 3 || exs[2].Seq != 3 {
		t.Fatalf("read back %d exchanges, err %v", len(exs), err)
	}
	os.WriteFile(path, data[:len(data)-5], 0o600)
	if _, err := Create(path, false); err == nil || !strings.Contains(err.Error(), "incomplete") {
		t.Errorf("cut-off file: %v, want an incomplete-line error", err)
	}
}

// TestWriterStopsAfterFailure: after a failed write every Append returns
// the first error and nothing more is written.
func TestWriterStopsAfterFailure(t *testing.T) {
	w, err := Create(filepath.Join(t.TempDir(), "c.jsonl"), true)
	if err != nil {
		t.Fatal(err)
	}
	w.f.Close() // the next write fails
	first := w.Append(sample())
	if first == nil || w.Err() == nil {
		t.Fatal("append to a closed file succeeded")
	}
	if again := w.Append(sample()); again != first {
		t.Errorf("second append: %v, want the first error %v", again, first)
	}
}

// TestRedact: secret headers are replaced, Authorization by a marker that
// names the till only; other headers are kept.
func TestRedact(t *testing.T) {
	h := http.Header{
		"Authorization":         {"Basic dGlsbDE6MjAyY2I5NjJhYzU5MDc1Yjk2NGIwNzE1MmQyMzRiNzA="},
		"X-Cap-Api-Oauth-Token": {"eyJhbGciOi.jwt"},
		"Cookie":                {"session=abc"},
		"X-Api-Key":             {"k-123"},
		"X-Client-Secret":       {"s3"},
		"Content-Type":          {"application/json"},
		"Www-Authenticate":      {`Basic realm="x"`},
	}
	got := Redact(h)
	want := map[string]string{"Authorization": "Basic <till1>:<redacted>", "X-Cap-Api-Oauth-Token": Redacted,
		"Cookie": Redacted, "X-Api-Key": Redacted, "X-Client-Secret": Redacted, "Content-Type": "application/json",
		"Www-Authenticate": `Basic realm="x"`}
	for k, v := range want {
		if got.Get(k) != v {
			t.Errorf("%s: %q, want %q", k, got.Get(k), v)
		}
	}
	if h.Get("Cookie") != "session=abc" {
		t.Error("Redact changed its argument")
	}
	for in, out := range map[string]string{"Bearer abc": "Bearer <redacted>", "Basic !!!": "Basic <redacted>",
		"Basic " + "bm9jb2xvbg==": "Basic <redacted>", "garbage": Redacted} {
		if m := AuthMarker(in); m != out {
			t.Errorf("AuthMarker(%q) = %q, want %q", in, m, out)
		}
	}
	if till, ok := ParseAuthMarker("Basic <till1>:<redacted>"); !ok || till != "till1" {
		t.Errorf("ParseAuthMarker: %q %v", till, ok)
	}
	if _, ok := ParseAuthMarker("Basic <redacted>"); ok {
		t.Error("ParseAuthMarker accepted a marker without a till")
	}
}
