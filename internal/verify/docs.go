package verify

import (
	"bytes"
	_ "embed"

	"github.com/capsandbox/capsandbox/internal/cassette"
)

// docsCassette is the cassette of the vendor's documented samples:
// docs/RECORD-VERIFY.md lists each exchange, its source and what was
// reconstructed, and the samples left out with the reason.
//
//go:embed docs.jsonl
var docsCassette []byte

// Docs returns the exchanges of the documented-samples cassette.
func Docs() ([]cassette.Exchange, error) { return cassette.Read(bytes.NewReader(docsCassette)) }
