// Package hostile replays, against the built binary on loopback, each
// hostile workload of a shared team instance: huge bodies, namespace
// floods, scenario switches under load, a full disk, damaged store files,
// huge seeds, resets and listings at 100,000 namespaces, oversized
// updates and descriptions, secrets in headers, idle connections under a
// low open-file limit. Each test asserts the bounded behaviour
// docs/DEPLOY.md documents ("Limits"), the server's peak RSS
// (/proc/PID/status VmHWM) against MaxRSS, and that the health route keeps
// answering within HealthBudget meanwhile. Every loop is bounded in count
// and time. It has no code of its own; `go test ./tests/hostile -v`
// prints each test's figures.
package hostile
