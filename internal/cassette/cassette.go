package cassette

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
	"unicode/utf8"
)

// Version is the format version written in every line's "v" field. Read
// refuses lines of another version.
const Version = 1

// MaxLine is the longest cassette line Read accepts, in bytes. The record
// proxy bounds the bodies it records well below it.
const MaxLine = 128 << 20

// Exchange is one request and the answer it got, in the order the upstream
// processed it.
type Exchange struct {
	V   int `json:"v"`
	Seq int `json:"seq"` // 1-based position in the recording
	// Time is when the request reached the recorder (UTC).
	Time time.Time `json:"time,omitzero"`
	// Session groups exchanges replayed into one namespace; "" is the
	// default session (everything a recorder writes).
	Session string `json:"session,omitempty"`
	// Scenario is the built-in scenario the exchange is replayed against;
	// "" means the one verify is given (default "default").
	Scenario string `json:"scenario,omitempty"`
	// Source names where the exchange comes from (a documentation page and
	// sample) and Note what was reconstructed or why it matters.
	Source string `json:"source,omitempty"`
	Note   string `json:"note,omitempty"`
	// Setup marks an exchange replayed to build state; its answer is only
	// checked for acceptance (HTTP status below 400).
	Setup    bool      `json:"setup,omitempty"`
	Request  Request   `json:"request"`
	Response *Response `json:"response,omitempty"`
	// Error, when set, says why the upstream gave no answer (refused,
	// TLS, timeout, dropped connection); Response is then what the
	// recorder answered in its place, and verify does not replay it.
	Error string `json:"error,omitempty"`
	// TookMS is how long the upstream took, in milliseconds.
	TookMS int64 `json:"took_ms,omitempty"`
}

// Request is the recorded request. Headers are redacted (see Redact).
type Request struct {
	Method  string      `json:"method"`
	Path    string      `json:"path"`
	Query   string      `json:"query,omitempty"` // raw query, without "?"
	Headers http.Header `json:"headers,omitempty"`
	Body
}

// Response is the recorded answer.
type Response struct {
	Status  int         `json:"status"`
	Headers http.Header `json:"headers,omitempty"`
	Body
}

// Body holds body bytes: as text when they are valid UTF-8, else base64.
type Body struct {
	Text   string `json:"body,omitempty"`
	Base64 string `json:"body_base64,omitempty"`
}

// NewBody returns b as a Body.
func NewBody(b []byte) Body {
	if utf8.Valid(b) {
		return Body{Text: string(b)}
	}
	return Body{Base64: base64.StdEncoding.EncodeToString(b)}
}

// Bytes returns the body bytes.
func (b Body) Bytes() ([]byte, error) {
	if b.Base64 != "" {
		return base64.StdEncoding.DecodeString(b.Base64)
	}
	return []byte(b.Text), nil
}

// URI is the request's path and query as sent.
func (r Request) URI() string {
	if r.Query == "" {
		return r.Path
	}
	return r.Path + "?" + r.Query
}

// Marshal encodes an exchange as one cassette line, newline included.
func Marshal(e *Exchange) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(e); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Read parses a cassette. Blank lines are skipped; an error names the line.
func Read(r io.Reader) ([]Exchange, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLine)
	var out []Exchange
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		e, err := parseLine(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("line %d: longer than %d bytes", len(out)+1, MaxLine)
		}
		return nil, err
	}
	return out, nil
}

func parseLine(line []byte) (Exchange, error) {
	var e Exchange
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		return e, fmt.Errorf("not a cassette exchange: %v", err)
	}
	switch {
	case e.V != Version:
		return e, fmt.Errorf("format version %d, this capsandbox reads version %d", e.V, Version)
	case e.Request.Method == "" || e.Request.Path == "":
		return e, errors.New("request.method and request.path are required")
	case e.Response == nil && !e.Setup && e.Error == "":
		return e, errors.New("response is required (only a setup exchange may omit it)")
	}
	return e, nil
}
