package server

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/control"
)

func serveOne(t *testing.T, h http.Handler, method, target string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	return rec
}

// TestEachAPIOwnsItsPaths: every path goes to the API with the longest
// prefix that owns it and is answered in that API's shape: the vendor
// envelope outside the others, the control API's JSON under its prefix, a
// third API (the web console, internal/console) its own answers under its
// own. Every answer has a request id.
func TestEachAPIOwnsItsPaths(t *testing.T) {
	s, err := New(Options{LogOutput: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tests := []struct {
		method, target string
		status         int
		body           string
	}{
		{http.MethodGet, "/nothing", 404, `"message":"Incorrect resource or resource not found`},
		{http.MethodGet, "/", 404, `"message":"Incorrect resource or resource not found`},
		{http.MethodDelete, "/v1.1/customer/add", 405, `"message":"The operation is not supported for the resource."`},
		{http.MethodGet, control.Prefix + "/nope", 404, `{"error":"no control route GET /__sandbox/nope`},
		{http.MethodPost, control.Prefix + "/health", 405, `{"error":"POST /__sandbox/health: allowed methods are GET"}`},
		{http.MethodGet, control.Prefix + "/ui/", 200, "<title>capsandbox console</title>"},
		{http.MethodGet, control.Prefix + "/ui/nope", 404, "no console file /__sandbox/ui/nope"},
	}
	for _, tc := range tests {
		rec := serveOne(t, s.Handler(), tc.method, tc.target)
		if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.body) {
			t.Errorf("%s %s: %d %s, want %d with %s", tc.method, tc.target, rec.Code, rec.Body, tc.status, tc.body)
		}
		if rec.Header().Get("X-Cap-Requestid") == "" {
			t.Errorf("%s %s: no request id", tc.method, tc.target)
		}
	}
}

// TestVendorMethodAnswers: a vendor path asked with another method gets
// 405 and the Allow header Echo's router writes, OPTIONS gets 204 with it,
// both journaled like any vendor request.
func TestVendorMethodAnswers(t *testing.T) {
	s, err := New(Options{LogOutput: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tests := []struct {
		method, target string
		status         int
		allow          string
	}{
		{http.MethodDelete, "/v1.1/customer/add", 405, "OPTIONS, POST"},
		{http.MethodHead, "/v1.1/customer/get", 405, "OPTIONS, GET"},
		{http.MethodPatch, "/v1.1/customer/update", 405, "OPTIONS, POST, PUT"},
		{http.MethodOptions, "/v1.1/customer/update", 204, "OPTIONS, POST, PUT"},
		{http.MethodGet, "/v1.1/customer/add/", 404, ""},
		{http.MethodPost, "/v1.1/customer%2Fadd", 404, ""},
	}
	for _, tc := range tests {
		rec := serveOne(t, s.Handler(), tc.method, tc.target)
		if rec.Code != tc.status || rec.Header().Get("Allow") != tc.allow {
			t.Errorf("%s %s: %d Allow %q, want %d Allow %q", tc.method, tc.target, rec.Code, rec.Header().Get("Allow"), tc.status, tc.allow)
		}
	}
	var journal control.RequestList
	rec := serveOne(t, s.Handler(), http.MethodGet, control.Prefix+"/requests")
	if err := json.Unmarshal(rec.Body.Bytes(), &journal); err != nil || len(journal.Requests) != len(tests) {
		t.Errorf("journal: %d entries (%v), want %d: %s", len(journal.Requests), err, len(tests), rec.Body)
	}
}
