// Package reliability holds capsandbox's reliability tests, run by
// `go test ./...` like any other: limits and timeouts (limits_test.go),
// crash safety and store faults of the built binary (crash_test.go), and
// concurrent registrations of overlapping identifiers
// (concurrency_test.go). It has no code of its own.
package reliability
