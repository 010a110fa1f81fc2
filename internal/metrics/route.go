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

// totalsCollector reports the namespaces and customers the store holds,
// read at scrape time: one series each, however many namespaces there
// are.
type totalsCollector struct {
	totals           func() (namespaces, customers int, err error)
	namespaces, cust *prometheus.Desc
}

func newTotalsCollector(totals func() (int, int, error)) *totalsCollector {
	return &totalsCollector{totals: totals,
		namespaces: prometheus.NewDesc("capsandbox_namespaces", "Namespaces the store holds.", nil, nil),
		cust:       prometheus.NewDesc("capsandbox_customers", "Customers stored, all namespaces together.", nil, nil)}
}

// Describe implements prometheus.Collector.
func (c *totalsCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.namespaces; ch <- c.cust }

// Collect implements prometheus.Collector.
func (c *totalsCollector) Collect(ch chan<- prometheus.Metric) {
	ns, cust, err := c.totals()
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.cust, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(c.namespaces, prometheus.GaugeValue, float64(ns))
	ch <- prometheus.MustNewConstMetric(c.cust, prometheus.GaugeValue, float64(cust))
}
