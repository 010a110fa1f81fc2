package metrics_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/metrics"
	"github.com/capsandbox/capsandbox/internal/server"
)

const basicTill1 = "Basic dGlsbDE6MjAyY2I5NjJhYzU5MDc1Yjk2NGIwNzE1MmQyMzRiNzA="

func serve(t *testing.T, h http.Handler, method, target, auth, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// TestServerWiresMetrics drives the assembled server: vendor requests are
// counted with their item codes, customers per namespace are read from the
// store, and the route is behind the admin token in the control API's
// error shape.
func TestServerWiresMetrics(t *testing.T) {
	srv, err := server.New(server.Options{AdminToken: "tok", Version: "test", LogOutput: new(strings.Builder)})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	h := srv.Handler()
	add := `{"root":{"customer":[{"mobile":"919876543210","firstname":"Asha"}]}}`
	if rec := serve(t, h, http.MethodPost, "/v1.1/customer/add?format=json", basicTill1, add); rec.Code != 200 {
		t.Fatalf("add: %d %s", rec.Code, rec.Body)
	}
	serve(t, h, http.MethodPost, "/v1.1/customer/add?format=json", "", add) // 401
	rec := serve(t, h, http.MethodGet, metrics.Path, "", "")
	if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), `"error"`) {
		t.Fatalf("metrics without token: %d %s, want the control API's JSON 401", rec.Code, rec.Body)
	}
	rec = serve(t, h, http.MethodGet, metrics.Path, "Bearer tok", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("metrics with token: %d %s", rec.Code, rec.Body)
	}
	var got []string
	for _, line := range strings.Split(rec.Body.String(), "\n") {
		if strings.HasPrefix(line, "capsandbox_requests_total{") || strings.HasPrefix(line, "capsandbox_item_codes_total{") ||
			strings.HasPrefix(line, "capsandbox_customers{") {
			got = append(got, line)
		}
	}
	slices.Sort(got)
	want := []string{
		`capsandbox_customers{namespace="default"} 1`,
		`capsandbox_item_codes_total{code="1000",endpoint="/v1.1/customer/add"} 1`,
		`capsandbox_item_codes_total{code="401",endpoint="/v1.1/customer/add"} 1`,
		`capsandbox_requests_total{endpoint="/__sandbox/metrics",method="GET",status="401"} 1`,
		`capsandbox_requests_total{endpoint="/v1.1/customer/add",method="POST",status="200"} 1`,
		`capsandbox_requests_total{endpoint="/v1.1/customer/add",method="POST",status="401"} 1`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("series:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
