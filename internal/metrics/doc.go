// Package metrics counts what capsandbox serves, in Prometheus's
// exposition format at GET /__sandbox/metrics:
//
//	capsandbox_requests_total{method,endpoint,status}    requests answered
//	capsandbox_item_codes_total{endpoint,code}           vendor item and request codes answered
//	capsandbox_request_duration_seconds{endpoint}        latency histogram
//	capsandbox_customers{namespace}                      stored customers, read at scrape time
//	capsandbox_build_info{version}                       always 1
//
// plus the Go runtime and process collectors. The endpoint label is the
// route template (e.g. /v1.1/customer/add), "unmatched" for a path no route
// serves; label values are bounded, so a client cannot grow the series
// without limit.
//
// The middleware looks every counter up in copy-on-write maps keyed by
// plain values, so counting a request costs no allocation once a label
// combination has been seen (BenchmarkObserve).
package metrics
