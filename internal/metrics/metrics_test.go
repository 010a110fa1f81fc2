package metrics

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

const codesKey = "test.codes"

// Path is where the tests serve the metrics: where the control API mounts
// them. The admin token in front of them is the control API's (tested in
// server_test.go).
const Path = "/__sandbox/metrics"

// newEcho returns an Echo with the metrics middleware, the metrics route
// and two more routes.
func newEcho(opts Options) (*echo.Echo, *Metrics) {
	opts.Codes = func(c echo.Context) []string {
		codes, _ := c.Get(codesKey).([]string)
		return codes
	}
	m := New(opts)
	e := echo.New()
	e.Use(m.Middleware)
	e.GET(Path, m.Handler())
	e.POST("/v1.1/customer/add", func(c echo.Context) error {
		c.Set(codesKey, []string{"1000", "1017", "1000"})
		return c.String(http.StatusOK, "{}")
	})
	e.GET("/v1.1/customer/get", func(c echo.Context) error {
		return echo.NewHTTPError(http.StatusBadRequest, "bad")
	})
	return e, m
}

func do(t *testing.T, h http.Handler, method, target, auth string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// series returns the scraped lines of the named metrics, sorted.
func series(t *testing.T, h http.Handler, auth string, names ...string) []string {
	t.Helper()
	rec := do(t, h, http.MethodGet, Path, auth)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", Path, rec.Code, rec.Body)
	}
	var out []string
	for _, line := range strings.Split(rec.Body.String(), "\n") {
		for _, n := range names {
			if strings.HasPrefix(line, n+"{") || strings.HasPrefix(line, n+" ") {
				out = append(out, line)
			}
		}
	}
	slices.Sort(out)
	return out
}

func TestCountsRequestsStatusesAndCodes(t *testing.T) {
	e, _ := newEcho(Options{})
	do(t, e, http.MethodPost, "/v1.1/customer/add", "")
	do(t, e, http.MethodPost, "/v1.1/customer/add?format=json", "")
	do(t, e, http.MethodGet, "/v1.1/customer/get", "")
	do(t, e, http.MethodGet, "/nowhere/1", "")
	do(t, e, "BREW", "/nowhere/2", "")
	got := series(t, e, "", "capsandbox_requests_total", "capsandbox_item_codes_total")
	want := []string{
		`capsandbox_item_codes_total{code="1000",endpoint="/v1.1/customer/add"} 4`,
		`capsandbox_item_codes_total{code="1017",endpoint="/v1.1/customer/add"} 2`,
		`capsandbox_requests_total{endpoint="/v1.1/customer/add",method="POST",status="200"} 2`,
		`capsandbox_requests_total{endpoint="/v1.1/customer/get",method="GET",status="400"} 1`,
		`capsandbox_requests_total{endpoint="unmatched",method="GET",status="404"} 1`,
		`capsandbox_requests_total{endpoint="unmatched",method="other",status="404"} 1`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("series:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	hist := series(t, e, "", "capsandbox_request_duration_seconds_count")
	wantHist := []string{
		`capsandbox_request_duration_seconds_count{endpoint="/__sandbox/metrics"} 1`, // the first scrape
		`capsandbox_request_duration_seconds_count{endpoint="/v1.1/customer/add"} 2`,
		`capsandbox_request_duration_seconds_count{endpoint="/v1.1/customer/get"} 1`,
		`capsandbox_request_duration_seconds_count{endpoint="unmatched"} 2`,
	}
	if !slices.Equal(hist, wantHist) {
		t.Errorf("histogram counts:\n%s\nwant:\n%s", strings.Join(hist, "\n"), strings.Join(wantHist, "\n"))
	}
}

func TestErrorStatusIsTheOneSent(t *testing.T) {
	e, _ := newEcho(Options{})
	rec := do(t, e, http.MethodGet, "/v1.1/customer/get", "")
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "bad") {
		t.Fatalf("response %d %q, want the handler's 400 rendered once", rec.Code, rec.Body)
	}
}

// TestTotalsHaveNoNamespaceLabel: the store's namespaces and customers
// are one series each, read at scrape time, whatever the namespaces.
func TestTotalsHaveNoNamespaceLabel(t *testing.T) {
	namespaces, customers := 100000, 3
	e, _ := newEcho(Options{Totals: func() (int, int, error) { return namespaces, customers, nil }})
	if got := series(t, e, "", "capsandbox_customers"); !slices.Equal(got, []string{"capsandbox_customers 3"}) {
		t.Errorf("customers %q, want one series without labels", got)
	}
	customers = 5
	if got := series(t, e, "", "capsandbox_namespaces"); !slices.Equal(got, []string{"capsandbox_namespaces 100000"}) {
		t.Errorf("namespaces %q", got)
	}
	if got := series(t, e, "", "capsandbox_customers"); !slices.Equal(got, []string{"capsandbox_customers 5"}) {
		t.Errorf("after a change: %q, want the count read at scrape time", got)
	}
}

func TestTotalsErrorKeepsOtherMetrics(t *testing.T) {
	e, _ := newEcho(Options{Totals: func() (int, int, error) { return 0, 0, errors.New("store closed") }})
	rec := do(t, e, http.MethodGet, Path, "")
	body, _ := io.ReadAll(rec.Body)
	if rec.Code != http.StatusOK || !strings.Contains(string(body), "capsandbox_build_info") {
		t.Errorf("scrape with a failing collector: %d, body has build info: %v", rec.Code,
			strings.Contains(string(body), "capsandbox_build_info"))
	}
	if strings.Contains(string(body), "capsandbox_customers ") {
		t.Errorf("customers reported despite the error")
	}
}

func TestSeriesAreBounded(t *testing.T) {
	m := New(Options{})
	for i := 0; i < 3*maxSeries; i++ {
		p := fmt.Sprintf("/route/%d", i)
		m.Observe(http.MethodGet, p, 200+i%400, []string{fmt.Sprint(i)}, time.Millisecond)
	}
	mfs, err := m.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if !strings.HasPrefix(mf.GetName(), "capsandbox_") {
			continue
		}
		if n := len(mf.GetMetric()); n > maxSeries*2 {
			t.Errorf("%s has %d series, want at most %d", mf.GetName(), n, 2*maxSeries)
		}
	}
	if got := m.routes.get(routeKey{"GET", "/route/999999"}, overflowRoute, m.newRoute); got.endpoint != Overflow {
		t.Errorf("a route past the bound is counted as %q, want %q", got.endpoint, Overflow)
	}
}

func TestObserveDoesNotAllocate(t *testing.T) {
	m := New(Options{})
	codes := []string{"1000", "1017"}
	m.Observe(http.MethodPost, "/v1.1/customer/add", 200, codes, time.Millisecond)
	allocs := testing.AllocsPerRun(1000, func() {
		m.Observe(http.MethodPost, "/v1.1/customer/add", 200, codes, time.Millisecond)
	})
	if allocs != 0 {
		t.Errorf("Observe of a seen label combination allocates %v times, want 0", allocs)
	}
}

// Every Metrics of a process serves the one set of Go runtime and process
// metrics beside its own counts, which no other Metrics sees.
func TestProcessMetricsSharedCountsNot(t *testing.T) {
	a, _ := newEcho(Options{Version: "a"})
	b, _ := newEcho(Options{Version: "b"})
	do(t, a, http.MethodPost, "/v1.1/customer/add", "")
	if got := series(t, a, "", "capsandbox_requests_total"); len(got) != 1 || !strings.Contains(got[0], `status="200"`) {
		t.Errorf("a's requests: %q", got)
	}
	if got := series(t, b, "", "capsandbox_requests_total"); len(got) != 0 {
		t.Errorf("b counts a's request: %q", got)
	}
	for name, h := range map[string]http.Handler{"a": a, "b": b} {
		if got := series(t, h, "", "go_goroutines", "capsandbox_build_info"); len(got) != 2 || !strings.Contains(got[0], `version="`+name+`"`) {
			t.Errorf("%s serves %q, want its build info and the runtime's go_goroutines", name, got)
		}
	}
}
