package server_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/capsandbox/capsandbox/internal/server"
	"github.com/capsandbox/capsandbox/internal/testkit"
)

// benchAuth is the Basic header of till1 / md5("123").
const benchAuth = testkit.TillAuth

// benchBody is the add body the load harness sends: one customer with the
// default scenario's ten custom fields (about 700 bytes).
func benchBody(mobile int64) string {
	return fmt.Sprintf(`{"root":{"customer":[{"mobile":"91%d","email":"u%d@example.com","firstname":"Asha",`+
		`"lastname":"Rao","type":"LOYALTY","custom_fields":{"field":[{"name":"City_name","value":"Bangalore"},`+
		`{"name":"address","value":"Bangalore1234"},{"name":"bde_mobile_number","value":"12345678"},`+
		`{"name":"bde_name","value":"pidilite"},{"name":"firm_name","value":"pidilite1"},`+
		`{"name":"club","value":"pidilite2"},{"name":"pincode","value":"54321"},`+
		`{"name":"pwgConsumption","value":"true"},{"name":"state","value":"pidilite5"},`+
		`{"name":"profile_image_name","value":"customerprofile1"}]}}]}}`, mobile, mobile)
}

func benchServer(b *testing.B) *server.Server {
	b.Helper()
	return testkit.Server(b, server.Options{Data: filepath.Join(b.TempDir(), "c.db")})
}

func benchServe(b *testing.B, h http.Handler, method, target, body string) {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	r.Header.Set("Authorization", benchAuth)
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"code":200`) {
		b.Fatalf("%s %s: %d %s", method, target, w.Code, w.Body.String())
	}
}

// benchPreload registers n customers with mobiles 916000000000+i.
func benchPreload(b *testing.B, h http.Handler, n int) {
	b.Helper()
	for i := 0; i < n; i++ {
		benchServe(b, h, http.MethodPost, "/v1.1/customer/add?format=json", benchBody(6000000000+int64(i)))
	}
}

// BenchmarkHandlerAddNew is one new customer per request through the whole
// handler (auth, decode, validate, engine, store, encode, journal, log).
func BenchmarkHandlerAddNew(b *testing.B) {
	h := benchServer(b).Handler()
	var next atomic.Int64
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			benchServe(b, h, http.MethodPost, "/v1.1/customer/add?format=json", benchBody(7000000000+next.Add(1)))
		}
	})
}

// BenchmarkHandlerReAdd re-adds existing customers (the update path).
func BenchmarkHandlerReAdd(b *testing.B) {
	h := benchServer(b).Handler()
	benchPreload(b, h, 1000)
	var next atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			benchServe(b, h, http.MethodPost, "/v1.1/customer/add?format=json", benchBody(6000000000+next.Add(1)%1000))
		}
	})
}

// BenchmarkHandlerGet looks customers up by mobile.
func BenchmarkHandlerGet(b *testing.B) {
	h := benchServer(b).Handler()
	benchPreload(b, h, 1000)
	var next atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			target := fmt.Sprintf("/v1.1/customer/get?format=json&mobile=91%d", 6000000000+next.Add(1)%1000)
			benchServe(b, h, http.MethodGet, target, "")
		}
	})
}

// BenchmarkHandlerAddNewSequential is BenchmarkHandlerAddNew from one
// client that waits for each answer (a test suite): every commit is a
// lone writer's.
func BenchmarkHandlerAddNewSequential(b *testing.B) {
	h := benchServer(b).Handler()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		benchServe(b, h, http.MethodPost, "/v1.1/customer/add?format=json", benchBody(7000000000+int64(i)))
	}
}

// BenchmarkHandlerGetSequential is BenchmarkHandlerGet from one client.
func BenchmarkHandlerGetSequential(b *testing.B) {
	h := benchServer(b).Handler()
	benchPreload(b, h, 1000)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		benchServe(b, h, http.MethodGet, fmt.Sprintf("/v1.1/customer/get?format=json&mobile=91%d", 6000000000+i%1000), "")
	}
}
