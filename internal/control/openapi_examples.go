package control

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"strconv"
)

// openapi_examples.json holds a named example of each documented variant of
// the vendor operations: the request body as sent and the answer exactly as
// the server gave it (fixed clock, seed 1). TestOpenAPIExamples sends every
// request again and fails when an answer differs, so the examples cannot
// drift from the server; `go test ./internal/control -run
// TestOpenAPIExamples -update` rewrites the file.
//
//go:embed openapi_examples.json
var examplesJSON []byte

// VendorExample is one named example of a vendor operation.
type VendorExample struct {
	Operation string          `json:"operation"` // operationId (httpapi.Routes)
	Name      string          `json:"name"`
	Summary   string          `json:"summary"`
	Status    int             `json:"status"`            // HTTP status of the answer
	Request   json.RawMessage `json:"request,omitempty"` // the JSON body sent, when it is a useful request example
	Response  json.RawMessage `json:"response"`
}

// VendorExamples returns the examples of openapi_examples.json, in order.
func VendorExamples() ([]VendorExample, error) {
	var out []VendorExample
	if err := json.Unmarshal(examplesJSON, &out); err != nil {
		return nil, fmt.Errorf("openapi_examples.json: %w", err)
	}
	return out, nil
}

// namedExamples is an OpenAPI examples map that keeps its order when
// encoded (the first example is the one import tools put in a request).
type namedExamples []namedExample

type namedExample struct {
	name, summary string
	value         json.RawMessage
}

func (n namedExamples) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		key, _ := json.Marshal(e.name)
		summary, _ := json.Marshal(e.summary)
		fmt.Fprintf(&b, `%s:{"summary":%s,"value":%s}`, key, summary, e.value)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// addExamples puts an operation's examples on its request body and its
// answers; an answer status with examples gets a response of its own
// instead of the shared VendorError.
func addExamples(op *Operation, examples []VendorExample) {
	var requests namedExamples
	byStatus := map[int]namedExamples{}
	var statuses []int
	for _, e := range examples {
		if e.Operation != op.OperationID {
			continue
		}
		if len(e.Request) > 0 {
			requests = append(requests, namedExample{e.Name, e.Summary, e.Request})
		}
		if _, seen := byStatus[e.Status]; !seen {
			statuses = append(statuses, e.Status)
		}
		byStatus[e.Status] = append(byStatus[e.Status], namedExample{e.Name, e.Summary, e.Response})
	}
	if len(requests) > 0 && op.RequestBody != nil {
		content := op.RequestBody["content"].(map[string]any)
		media := content["application/json"].(map[string]any)
		media["examples"] = requests
	}
	for _, s := range statuses {
		code := strconv.Itoa(s)
		resp, ok := op.Responses[code].(map[string]any)
		if !ok || resp["$ref"] != nil {
			resp = vendorError()
			resp["description"] = "Request-level failure in the vendor's envelope (HTTP " + code + ")."
			op.Responses[code] = resp
		}
		media := resp["content"].(map[string]any)["application/json"].(map[string]any)
		media["examples"] = byStatus[s]
	}
}
