package metrics

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

// BenchmarkObserve compares counting a request through the cached
// counters with resolving every label on each request (what a plain
// WithLabelValues middleware does). Compare with benchstat.
func BenchmarkObserve(b *testing.B) {
	codes := []string{"1000", "1017"}
	b.Run("cached", func(b *testing.B) {
		m := New(Options{})
		b.ReportAllocs()
		for b.Loop() {
			m.Observe(http.MethodPost, "/v1.1/customer/add", 200, codes, time.Millisecond)
		}
	})
	b.Run("labels", func(b *testing.B) {
		m := New(Options{})
		b.ReportAllocs()
		for b.Loop() {
			m.requests.WithLabelValues(http.MethodPost, "/v1.1/customer/add", strconv.Itoa(200)).Inc()
			m.duration.WithLabelValues("/v1.1/customer/add").Observe(time.Millisecond.Seconds())
			for _, c := range codes {
				m.codes.WithLabelValues("/v1.1/customer/add", c).Inc()
			}
		}
	})
}

// BenchmarkMiddleware measures a whole Echo request with and without the
// metrics middleware, so its share of a (trivial) request shows.
func BenchmarkMiddleware(b *testing.B) {
	handler := func(c echo.Context) error { return c.String(http.StatusOK, "{}") }
	for _, withMetrics := range []bool{false, true} {
		name := "bare"
		e := echo.New()
		if withMetrics {
			name = "metrics"
			e.Use(New(Options{}).Middleware)
		}
		e.POST("/v1.1/customer/add", handler)
		b.Run(name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodPost, "/v1.1/customer/add", nil)
			b.ReportAllocs()
			for b.Loop() {
				e.ServeHTTP(httptest.NewRecorder(), req)
			}
		})
	}
}
