package metrics

import (
	"net/http"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
)

// routeKey identifies a route: a normalised method and a route template.
type routeKey struct{ method, path string }

// overflowRoute collects routes past the series bound.
var overflowRoute = routeKey{method: Overflow, path: Overflow}

// route holds one route's resolved counters, so the hot path does no label
// hashing or string building after the first request.
type route struct {
	m        *Metrics
	method   string
	endpoint string
	duration prometheus.Observer
	statuses cache[int, prometheus.Counter]
	codes    cache[string, prometheus.Counter]
}

func (m *Metrics) newRoute(k routeKey) *route {
	endpoint := k.path
	if endpoint == "" {
		endpoint = Unmatched
	}
	return &route{m: m, method: k.method, endpoint: endpoint, duration: m.duration.WithLabelValues(endpoint)}
}

// overflowStatus is the statuses cache's overflow key.
const overflowStatus = -1

func (r *route) newStatus(status int) prometheus.Counter {
	label := strconv.Itoa(status)
	switch status {
	case overflowStatus:
		label = Overflow
	case 0:
		label = NoResponse
	}
	return r.m.requests.WithLabelValues(r.method, r.endpoint, label)
}

func (r *route) newCode(code string) prometheus.Counter {
	return r.m.codes.WithLabelValues(r.endpoint, code)
}

// normMethod maps the standard methods to themselves and anything else to
// Overflow, so a client cannot invent label values.
func normMethod(m string) string {
	switch m {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete,
		http.MethodPatch, http.MethodHead, http.MethodOptions:
		return m
	}
	return Overflow
}

// customersCollector reports stored customers per namespace at scrape time.
type customersCollector struct {
	count func() (map[string]int, error)
	desc  *prometheus.Desc
}

func newCustomersCollector(count func() (map[string]int, error)) *customersCollector {
	return &customersCollector{count: count, desc: prometheus.NewDesc("capsandbox_customers",
		"Customers stored, by namespace.", []string{"namespace"}, nil)}
}

// Describe implements prometheus.Collector.
func (c *customersCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

// Collect implements prometheus.Collector.
func (c *customersCollector) Collect(ch chan<- prometheus.Metric) {
	counts, err := c.count()
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.desc, err)
		return
	}
	for ns, n := range counts {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(n), ns)
	}
}
