// Package httpapi serves the emulated vendor API (/v1.1/...) with Echo:
// format negotiation, Basic auth against the scenario's tills, request
// decoding and validation, the registration engine per item, and the
// vendor's envelopes in JSON or XML. It is mounted as its own route group
// (Mount) and renders every failure of its routes, and of any path no other
// API owns, in the vendor's request-level body.
package httpapi

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/capsandbox/capsandbox/internal/namespace"
	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/schema"
	"github.com/capsandbox/capsandbox/internal/wire"
	"github.com/labstack/echo/v4"
)

// DefaultBodyLimit is the largest request body accepted (1 MiB); larger
// bodies get a 413 vendor body.
const DefaultBodyLimit = 1 << 20

// OutcomeHeader forces an outcome on a request (docs/SCENARIOS.md,
// "Forcing an outcome").
const OutcomeHeader = "X-Sandbox-Outcome"

// RequestIDHeader carries every response's unique request id.
const RequestIDHeader = "X-Cap-Requestid"

// API serves the vendor routes.
type API struct {
	Spaces    *namespace.Manager
	Schemas   *schema.Set
	Log       *slog.Logger
	BodyLimit int64 // 0 means DefaultBodyLimit
	// HeaderLimit is the most bytes of request line and headers a vendor
	// request may have; 0 means DefaultHeaderLimit. The HTTP server's own
	// limit must lie above it (MaxHeaderBytes), so that a request over it
	// reaches the API and gets the vendor's body.
	HeaderLimit int

	bootID string
	seq    atomic.Uint64
	allow  map[string]string // vendor path → Allow header, for 405 answers
	once   sync.Once
}

// init fills in the defaults and the per-process request id prefix.
func (a *API) init() {
	a.once.Do(func() {
		if a.BodyLimit == 0 {
			a.BodyLimit = DefaultBodyLimit
		}
		if a.Log == nil {
			a.Log = slog.Default()
		}
		var b [8]byte
		_, _ = rand.Read(b[:])
		a.bootID = hex.EncodeToString(b[:])
	})
}

// Identify gives a response its request id (RequestIDHeader). The server
// runs it before every API's routes, so every response carries one; the
// vendor API journals it with the request. It serves once Mount has run.
func (a *API) Identify(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Set(RequestIDHeader, a.newRequestID())
		return next(c)
	}
}

// reqState is one vendor request's context.
type reqState struct {
	id     string
	start  time.Time
	format string               // "json" or "xml"
	name   string               // the namespace asked for
	ns     *namespace.Namespace // nil until it exists (auth creates it)
	st     namespace.State
	till   string
	body   string
	// auth and authUser: the Authorization value auth decoded and its
	// Basic user, so the journal need not decode it again
	auth, authUser string
	codes          []string // item codes, for the log and journal
	resp           string

	explain     string   // the sandbox's explanation (X-Sandbox-Explain)
	itemExplain []string // customer/get: per queried value
	statusCode  string   // first item's code, or the request-level code
	ok, failed  int      // items that succeeded / failed
	outcome     string   // OutcomeReset when the connection was closed unanswered
}

const stateKey = "capsandbox.state"

func (a *API) state(c echo.Context) *reqState {
	if rs, ok := c.Get(stateKey).(*reqState); ok {
		return rs
	}
	rs := &reqState{format: "json", start: time.Now()}
	c.Set(stateKey, rs)
	return rs
}

var defaultSettings = sandbox.DefaultSettings()

// now is the namespace's clock reading at the start of the request, in
// the org's time zone.
func (rs *reqState) now() time.Time {
	if rs.st.Engine == nil {
		return time.Now()
	}
	if loc := rs.st.Scenario.Org.Location; loc != nil {
		return rs.st.Now.In(loc)
	}
	return rs.st.Now
}

func (rs *reqState) settings() *sandbox.Settings {
	if rs.st.Engine == nil {
		return &defaultSettings
	}
	return rs.st.Engine.Settings
}

// newRequestID returns 32 hex digits: a random per-process prefix and a
// counter, unique across requests and restarts.
func (a *API) newRequestID() string {
	var buf [32]byte
	b := append(buf[:0], a.bootID...)
	var digits [16]byte
	n := strconv.AppendUint(digits[:0], a.seq.Add(1), 16)
	for i := len(n); i < 16; i++ {
		b = append(b, '0')
	}
	return string(append(b, n...))
}

// encodeBuffers hold a response while it is encoded and written; the
// journal keeps a copy of its exact size.
var encodeBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// Content types of vendor responses, as a recorded live response has them.
const (
	jsonContentType = "application/json;charset=UTF-8"
	xmlContentType  = "application/xml;charset=UTF-8"
)

// write sends a vendor document in the request's format, with the
// vendor's response headers.
func (a *API) write(c echo.Context, rs *reqState, status int, doc wire.Value) {
	a.render(c, rs, status, wire.XMLOpenClose, func(d *wire.Doc) { d.Value("", doc) })
}

// render sends the document fn writes: as JSON straight into the encode
// buffer, or, for XML, through the tree in the given style of empty
// elements.
func (a *API) render(c echo.Context, rs *reqState, status int, style wire.XMLStyle, fn func(*wire.Doc)) {
	bp := encodeBuffers.Get().(*[]byte)
	ctype := jsonContentType
	if rs.format == "xml" {
		d := wire.NewTreeDoc()
		fn(d)
		*bp = d.Tree().AppendXMLDocumentStyle((*bp)[:0], style)
		ctype = xmlContentType
	} else {
		d := wire.NewJSONDoc((*bp)[:0])
		fn(d)
		*bp = d.Bytes()
	}
	rs.resp = string(*bp)
	vendorHeaders(c.Response().Header(), rs, c.Request().URL.Path)
	_ = c.Blob(status, ctype, *bp)
	if cap(*bp) <= pooledBufferMax {
		encodeBuffers.Put(bp)
	}
}
