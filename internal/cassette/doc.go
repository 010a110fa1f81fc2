// Package cassette reads and writes capsandbox cassettes: recordings of
// vendor API exchanges, one JSON object per line (docs/RECORD-VERIFY.md
// describes every field).
//
// A cassette is written by the record proxy (internal/record), one line per
// exchange, appended and synced as each exchange completes, and read by
// verify (internal/verify), which replays it against a sandbox. Credentials
// never reach a cassette: Redact replaces them by markers that name the till
// only.
package cassette
