package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/schema"
	"github.com/capsandbox/capsandbox/internal/server"
	"github.com/capsandbox/capsandbox/internal/testkit"
)

// fuzzContentTypes are the Content-Type values FuzzAdd picks from.
var fuzzContentTypes = []string{"application/json", "application/xml", "", "text/plain",
	"application/x-www-form-urlencoded", "application/json; charset=latin1", "image/png", "text/xml; q=\x00"}

// FuzzAdd drives POST /v1.1/customer/add end to end in process with any
// body, Content-Type and X-Sandbox-Outcome header. Whatever comes in, the
// answer is a vendor body that matches its schema; it is never an
// internal error (HTTP 500 with code 407), a panic or a hang.
//
//	go test -run - -fuzz FuzzAdd -fuzztime 20s ./internal/httpapi
func FuzzAdd(f *testing.F) {
	srv := testkit.Server(f, server.Options{Data: filepath.Join(f.TempDir(), "c.db")})
	for _, seed := range fuzzSeeds() {
		f.Add([]byte(seed), uint8(0), "")
		f.Add([]byte(seed), uint8(2), "warning=1017")
	}
	f.Add([]byte(`<root><customer><mobile>919876543210</mobile></customer></root>`), uint8(1), "")
	f.Add([]byte(`<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><root>&b;</root>`), uint8(1), "")
	f.Add([]byte(`{"root":{"customer":[{"mobile":"919876543210"}]}}`), uint8(0), "error=1001,delay=5ms")
	f.Add([]byte(`{"root":{"customer":[{"mobile":"919876543210","email":"q+s503@example.com"}]}}`), uint8(0), "")
	f.Add([]byte(strings.Repeat(`{"a":`, 40)+"1"+strings.Repeat("}", 40)), uint8(0), "")
	f.Fuzz(func(t *testing.T, body []byte, ct uint8, outcome string) {
		w, expired := fuzzServe(t, srv.Handler(), body, fuzzContentTypes[int(ct)%len(fuzzContentTypes)], outcome)
		if expired {
			return // the client gave up (a forced delay): nobody reads the answer
		}
		checkFuzzAnswer(t, w, outcome)
	})
}

// fuzzServe serves one request with a 2 s client deadline; it fails the
// test when the handler does not return in time.
func fuzzServe(t *testing.T, h http.Handler, body []byte, ct, outcome string) (*httptest.ResponseRecorder, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	r := httptest.NewRequest(http.MethodPost, "/v1.1/customer/add?format=json", strings.NewReader(string(body))).WithContext(ctx)
	r.Header.Set("Authorization", auth)
	if ct != "" {
		r.Header.Set("Content-Type", ct)
	}
	if outcome != "" {
		r.Header["X-Sandbox-Outcome"] = []string{outcome}
	}
	w := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.ServeHTTP(w, r)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("no answer within 10 s: body %q, Content-Type %q, outcome %q", body, ct, outcome)
	}
	return w, ctx.Err() != nil
}

func checkFuzzAnswer(t *testing.T, w *httptest.ResponseRecorder, outcome string) {
	if w.Body.Len() == 0 {
		if o, err := sandbox.ParseOutcome(outcome); err == nil && o.Reset {
			return // forced connection reset: no answer by design
		}
		t.Fatalf("HTTP %d with an empty body", w.Code)
	}
	var doc struct {
		Response struct{ Status struct{ Code json.Number } }
	}
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatalf("HTTP %d, body is not JSON: %v\n%s", w.Code, err, w.Body)
	}
	if w.Code >= 500 && doc.Response.Status.Code == json.Number("407") {
		t.Fatalf("internal error: HTTP %d\n%s", w.Code, w.Body)
	}
	name := schema.RequestError
	if w.Code == http.StatusOK && doc.Response.Status.Code != "" && strings.Contains("200 201 500", string(doc.Response.Status.Code)) {
		name = schema.AddResponse
	}
	if probs := schema.Default().ValidateJSON(name, w.Body.Bytes()); len(probs) > 0 {
		t.Fatalf("HTTP %d body does not match %s: %v\n%s", w.Code, name, probs, w.Body)
	}
}

// fuzzSeeds are the seed page's requests and a few shapes of our own.
func fuzzSeeds() []string {
	seeds := []string{
		`{"root":{"customer":[{"mobile":"919876543210","email":"asha@example.com","firstname":"Asha"}]}}`,
		`{"root":{"customer":{"mobile":919876543211,"custom_fields":{"field":{"name":"City_name","value":"x"}}}}}`,
		`{"root":{"customer":[{"email":"qa+w1017@example.com","mobile":"919876543212"},{"mobile":"1"},{}]}}`,
		`{"root":{"customer":[]}}`, `{"root":{}}`, `[]`, `null`, `{"root":{"customer":[{"mobile":true}]}}`,
	}
	for _, name := range []string{"request-1.json", "request-2.json"} {
		raw, err := os.ReadFile(filepath.Join(seedDir, name))
		if err != nil {
			panic(err)
		}
		seeds = append(seeds, string(raw))
	}
	return seeds
}
