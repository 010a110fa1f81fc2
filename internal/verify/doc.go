// Package verify replays a cassette (internal/cassette) against a fresh
// in-process sandbox and compares every answer with the recorded one
// structurally: HTTP status, the vendor's headers, the same keys in the
// same order, the same JSON types, the same codes, messages and values —
// except the naturally instance-specific values of BuiltinIgnore (ids,
// timestamps, request ids, coupon codes), compared by type and format
// only. XML bodies are compared the same way. docs/RECORD-VERIFY.md
// describes the rules; Docs is the cassette of the vendor's documented
// samples.
package verify
