package metrics

import (
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Unmatched is the endpoint label of requests no route serves.
const Unmatched = "unmatched"

// Overflow is the label value shared by series past the per-label bound.
const Overflow = "other"

// NoResponse is the status label of requests answered with no response at
// all (HTTP status 0): a connection closed on purpose (X-Sandbox-Outcome:
// reset).
const NoResponse = "reset"

// Buckets are the latency histogram's upper bounds in seconds: the
// sandbox answers in about a millisecond, injected delays take seconds.
var Buckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}

// Options configure New. Every field may be left zero.
type Options struct {
	Version string // the capsandbox_build_info version label
	// Codes returns the vendor codes a served request answered
	// (httpapi.ItemCodes); nil counts no codes.
	Codes func(echo.Context) []string
	// Totals returns the number of namespaces and of customers stored;
	// it runs at scrape time. Nil leaves capsandbox_namespaces and
	// capsandbox_customers out.
	Totals func() (namespaces, customers int, err error)
}

// Metrics holds capsandbox's Prometheus collectors and serves them. It is
// safe for concurrent use.
type Metrics struct {
	// Registry holds the server's collectors (the handler adds the
	// process's Go runtime and process metrics); tests may Gather from it.
	Registry *prometheus.Registry

	opts     Options
	requests *prometheus.CounterVec
	codes    *prometheus.CounterVec
	duration *prometheus.HistogramVec
	routes   cache[routeKey, *route]
}

// New returns Metrics with its own registry (never the global one, so
// several servers can live in one process).
func New(opts Options) *Metrics {
	m := &Metrics{opts: opts, Registry: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "capsandbox_requests_total",
		Help: "Requests answered, by method, endpoint (route template) and HTTP status."},
		[]string{"method", "endpoint", "status"})
	m.codes = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "capsandbox_item_codes_total",
		Help: "Vendor codes answered (one per customer item, or the request-level code), by endpoint."},
		[]string{"endpoint", "code"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "capsandbox_request_duration_seconds",
		Help: "Time from receiving a request to finishing its response, by endpoint.", Buckets: Buckets},
		[]string{"endpoint"})
	info := prometheus.NewGauge(prometheus.GaugeOpts{Name: "capsandbox_build_info",
		Help: "Always 1; the version label names the running build.", ConstLabels: prometheus.Labels{"version": opts.Version}})
	info.Set(1)
	m.Registry.MustRegister(m.requests, m.codes, m.duration, info)
	if opts.Totals != nil {
		m.Registry.MustRegister(newTotalsCollector(opts.Totals))
	}
	return m
}

// processRegistry holds the collectors of the Go runtime's and the
// process's metrics, built once and gathered with every server's
// registry: they describe the process, not a server, and are safe for
// concurrent scrapes. Building and registering them (the runtime's
// metric descriptions) was a fifth of a server's start.
var processRegistry = sync.OnceValue(func() *prometheus.Registry {
	r := prometheus.NewRegistry()
	r.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return r
})

// Middleware counts each request once its response is written; install it
// before any other middleware, so it sees every request's final status. An
// error returned by the chain is rendered here (c.Error) so the status
// counted is the one sent.
func (m *Metrics) Middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		if err := next(c); err != nil {
			c.Error(err)
		}
		var codes []string
		if m.opts.Codes != nil {
			codes = m.opts.Codes(c)
		}
		m.Observe(c.Request().Method, c.Path(), c.Response().Status, codes, time.Since(start))
		return nil
	}
}

// Observe counts one answered request: method, route template ("" for no
// route), HTTP status (0 when no response was sent), the vendor codes it
// answered and its duration.
func (m *Metrics) Observe(method, path string, status int, codes []string, d time.Duration) {
	r := m.routes.get(routeKey{method: normMethod(method), path: path}, overflowRoute, m.newRoute)
	r.statuses.get(status, overflowStatus, r.newStatus).Inc()
	r.duration.Observe(d.Seconds())
	for _, code := range codes {
		r.codes.get(code, Overflow, r.newCode).Inc()
	}
}

// Handler serves the metrics in Prometheus's text format. The control API
// mounts it at GET /__sandbox/metrics, behind its admin token.
func (m *Metrics) Handler() echo.HandlerFunc {
	// ContinueOnError: a failing collector (the store closing) drops its
	// own series, not the whole scrape.
	return echo.WrapHandler(promhttp.HandlerFor(prometheus.Gatherers{m.Registry, processRegistry()}, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError}))
}
