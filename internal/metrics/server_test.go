package metrics_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/control"
	"github.com/capsandbox/capsandbox/internal/server"
	"github.com/capsandbox/capsandbox/internal/testkit"
)

// metricsPath is where the control API serves the metrics.
const metricsPath = control.Prefix + "/metrics"

const basicTill1 = testkit.TillAuth

func serve(t *testing.T, h http.Handler, method, target, auth, body string) *httptest.ResponseRecorder {
	t.Helper()
	header := http.Header{}
	if auth != "" {
		header.Set("Authorization", auth)
	}
	if body != "" {
		header.Set("Content-Type", "application/json")
	}
	return testkit.Do(h, method, target, body, header)
}

// TestServerWiresMetrics drives the assembled server: vendor requests are
// counted with their item codes, the namespaces and customers are read
// from the store (one series each), and the route is behind the admin token in the control API's
// error shape.
func TestServerWiresMetrics(t *testing.T) {
	srv := testkit.Server(t, server.Options{AdminToken: "tok", Version: "test", LogOutput: new(strings.Builder)})
	h := srv.Handler()
	add := `{"root":{"customer":[{"mobile":"919876543210","firstname":"Asha"}]}}`
	if rec := serve(t, h, http.MethodPost, "/v1.1/customer/add?format=json", basicTill1, add); rec.Code != 200 {
		t.Fatalf("add: %d %s", rec.Code, rec.Body)
	}
	serve(t, h, http.MethodPost, "/v1.1/customer/add?format=json", "", add) // 401
	rec := serve(t, h, http.MethodGet, metricsPath, "", "")
	if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), `"error"`) {
		t.Fatalf("metrics without token: %d %s, want the control API's JSON 401", rec.Code, rec.Body)
	}
	rec = serve(t, h, http.MethodGet, metricsPath, "Bearer tok", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("metrics with token: %d %s", rec.Code, rec.Body)
	}
	var got []string
	for _, line := range strings.Split(rec.Body.String(), "\n") {
		if strings.HasPrefix(line, "capsandbox_requests_total{") || strings.HasPrefix(line, "capsandbox_item_codes_total{") ||
			strings.HasPrefix(line, "capsandbox_customers ") || strings.HasPrefix(line, "capsandbox_namespaces ") {
			got = append(got, line)
		}
	}
	slices.Sort(got)
	want := []string{
		`capsandbox_customers 1`,
		`capsandbox_item_codes_total{code="1000",endpoint="/v1.1/customer/add"} 1`,
		`capsandbox_item_codes_total{code="401",endpoint="/v1.1/customer/add"} 1`,
		`capsandbox_namespaces 1`,
		`capsandbox_requests_total{endpoint="/__sandbox/metrics",method="GET",status="401"} 1`,
		`capsandbox_requests_total{endpoint="/v1.1/customer/add",method="POST",status="200"} 1`,
		`capsandbox_requests_total{endpoint="/v1.1/customer/add",method="POST",status="401"} 1`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("series:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestTokenGuardsMetrics: the metrics route is behind the control API's
// admin token: every wrong or missing credential gets a 401 with a
// challenge and no metrics; the token (scheme in any case) gets them.
func TestTokenGuardsMetrics(t *testing.T) {
	srv := testkit.Server(t, server.Options{AdminToken: "s3cret", Version: "v9"})
	h := srv.Handler()
	for _, auth := range []string{"", "Bearer wrong", "Basic czNjcmV0", "Bearer"} {
		rec := serve(t, h, http.MethodGet, metricsPath, auth, "")
		if rec.Code != http.StatusUnauthorized || rec.Header().Get("WWW-Authenticate") == "" {
			t.Errorf("auth %q: %d (WWW-Authenticate %q), want 401 with a challenge",
				auth, rec.Code, rec.Header().Get("WWW-Authenticate"))
		}
		if strings.Contains(rec.Body.String(), "capsandbox_") {
			t.Errorf("auth %q: body leaks metrics: %s", auth, rec.Body)
		}
	}
	var got []string
	for _, line := range strings.Split(serve(t, h, http.MethodGet, metricsPath, "bearer s3cret", "").Body.String(), "\n") {
		if strings.HasPrefix(line, "capsandbox_build_info") {
			got = append(got, line)
		}
	}
	want := []string{`capsandbox_build_info{version="v9"} 1`}
	if !slices.Equal(got, want) {
		t.Errorf("build info %q, want %q", got, want)
	}
}

// TestUnmatchedPaths: paths no route serves count as "unmatched" even
// though the vendor API's catch-all answers them (also when it fails
// before routing, on a bad namespace), and a vendor path asked with
// another method counts under its route, as Echo's router reports them.
func TestUnmatchedPaths(t *testing.T) {
	srv := testkit.Server(t, server.Options{})
	h := srv.Handler()
	serve(t, h, http.MethodGet, "/nothing", "", "")
	req := httptest.NewRequest(http.MethodGet, "/nothing", nil)
	req.Header.Set("X-Sandbox-Namespace", "bad name!")
	h.ServeHTTP(httptest.NewRecorder(), req)
	serve(t, h, http.MethodDelete, "/v1.1/customer/add", "", "")
	var got []string
	for _, line := range strings.Split(serve(t, h, http.MethodGet, metricsPath, "", "").Body.String(), "\n") {
		if strings.HasPrefix(line, "capsandbox_requests_total{") {
			got = append(got, line)
		}
	}
	slices.Sort(got)
	want := []string{
		`capsandbox_requests_total{endpoint="/v1.1/customer/add",method="DELETE",status="405"} 1`,
		`capsandbox_requests_total{endpoint="unmatched",method="GET",status="400"} 1`,
		`capsandbox_requests_total{endpoint="unmatched",method="GET",status="404"} 1`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("series:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
