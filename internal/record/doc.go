// Package record is the record proxy: it forwards the vendor API's
// requests to an upstream (a vendor test cluster, or another capsandbox),
// copies the upstream's answer back to the client unchanged (status,
// headers, body bytes), and appends each /v1.1 exchange to a cassette
// (internal/cassette) with its credentials redacted.
//
// Recorded exchanges are forwarded one at a time, so the cassette's order
// is the order the upstream processed them in, which is the order verify
// replays them in. When the upstream gives no answer (connection refused,
// TLS failure, timeout, dropped connection, oversized answer) the client
// gets a vendor-shaped 5xx with an X-Sandbox-Explain header, and the
// exchange is recorded with its error.
package record
