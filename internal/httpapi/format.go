package httpapi

import (
	"bytes"
	"errors"
	"mime"
	"net/http"
	"strings"
	"sync"

	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/wire"
	"github.com/labstack/echo/v4"
)

// responseFormat picks the response format: ?format=json|xml, else the
// Accept header, else the Content-Type, else JSON (docs/VENDOR.md, Transport). A bad
// format parameter is reported after the format falls back to JSON. The
// query is parsed once per request, by Echo's context, which the handlers
// read it from too.
func responseFormat(c echo.Context) (string, error) {
	r := c.Request()
	switch f := strings.ToLower(c.QueryParam("format")); f {
	case "json", "xml":
		return f, nil
	case "":
	default:
		return "json", Fail(sandbox.StatusBadInput, "format must be json or xml, not %q", f)
	}
	accept := strings.ToLower(r.Header.Get("Accept"))
	switch {
	case strings.Contains(accept, "json"):
		return "json", nil
	case strings.Contains(accept, "xml"):
		return "xml", nil
	}
	if mediaKind(r.Header.Get("Content-Type")) == "xml" {
		return "xml", nil
	}
	return "json", nil
}

// mediaKind classifies a Content-Type: "json" (application/json,
// text/json, *+json), "xml" (application/xml, text/xml, *+xml), "" when
// absent, "other" for anything else (curl's default form type, text/plain,
// application/octet-stream, a malformed value). Parameters are ignored.
func mediaKind(ct string) string {
	if ct == "" {
		return ""
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return "other"
	}
	switch {
	case mt == "application/json" || strings.HasSuffix(mt, "+json") || mt == "text/json":
		return "json"
	case mt == "application/xml" || mt == "text/xml" || strings.HasSuffix(mt, "+xml"):
		return "xml"
	}
	return "other"
}

// readBuffers hold request bodies while they are read; the body is kept as
// one string of its exact size (decoded values and the journal share it).
var readBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// pooledBufferMax is the largest buffer put back in readBuffers or
// encodeBuffers.
const pooledBufferMax = 64 << 10

// readBody reads the request body up to the limit (413 beyond it).
func (a *API) readBody(c echo.Context, rs *reqState) (string, error) {
	r := c.Request()
	if r.ContentLength > a.BodyLimit {
		return "", Fail(sandbox.StatusTooLarge, "body is %d bytes; the limit is %d", r.ContentLength, a.BodyLimit)
	}
	buf := readBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= pooledBufferMax {
			buf.Reset()
			readBuffers.Put(buf)
		}
	}()
	if r.ContentLength > 0 {
		buf.Grow(int(r.ContentLength) + 1) // +1: ReadFrom reads until EOF
	}
	_, err := buf.ReadFrom(http.MaxBytesReader(c.Response(), r.Body, a.BodyLimit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", Fail(sandbox.StatusTooLarge, "body exceeds the limit of %d bytes", a.BodyLimit)
		}
		return "", Fail(sandbox.StatusBadInput, "reading body: %v", err)
	}
	rs.body = buf.String()
	return rs.body, nil
}

// bodyKind is how a body is read, "json" or "xml", by its Content-Type.
// Any other type, or none, is the vendor's 415 unless the scenario is
// lenient; then the body is read as XML when it starts with "<", else as
// JSON.
func bodyKind(r *http.Request, body string, lenient bool) (string, error) {
	ct := r.Header.Get("Content-Type")
	kind := mediaKind(ct)
	if kind != "json" && kind != "xml" {
		if !lenient {
			if ct == "" {
				return "", Fail(sandbox.StatusMediaType, "no Content-Type; send Content-Type: application/json or application/xml (lenient_content_type: true accepts others)")
			}
			return "", Fail(sandbox.StatusMediaType, "Content-Type %q is neither JSON nor XML; send application/json or application/xml (lenient_content_type: true accepts others)", ct)
		}
		kind = "json"
		if t := strings.TrimSpace(body); len(t) > 0 && t[0] == '<' {
			kind = "xml"
		}
	}
	return kind, nil
}

// decodeKind decodes a body of the given kind into plain Go values.
func decodeKind(kind, body string) (any, error) {
	var doc any
	var err error
	if kind == "xml" {
		doc, err = wire.DecodeXML([]byte(body))
	} else {
		doc, err = wire.DecodeJSONString(body)
	}
	if err != nil {
		return nil, Fail(sandbox.StatusBadInput, "%v", err)
	}
	return doc, nil
}
