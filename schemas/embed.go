// Package schemas holds the JSON Schemas (draft-07) of capsandbox: the
// request and response bodies of the emulated Capillary v1.1 endpoints and
// the scenario file format. The files are embedded so the binary, the
// tests and the OpenAPI document all read the same bytes. Compile and
// apply them through package internal/schema.
package schemas

import "embed"

// FS holds every *.schema.json file of this directory.
//
//go:embed *.json
var FS embed.FS
