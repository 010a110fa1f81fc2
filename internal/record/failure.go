package record

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"

	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/wire"
)

const explainHeader = "X-Sandbox-Explain"

// failure is an exchange the upstream did not answer: the HTTP status the
// client gets, a short kind recorded in the cassette, and the explanation.
type failure struct {
	status int
	kind   string // refused, tls, timeout, dropped, dns, too-large, cassette, cassette-full, failed
	detail string
}

// classify names why a request to the upstream failed.
func classify(err error, host string, timeout time.Duration) *failure {
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var recErr tls.RecordHeaderError
	var netErr net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout()):
		return &failure{http.StatusGatewayTimeout, "timeout",
			fmt.Sprintf("the upstream %s did not answer within %s (--upstream-timeout): %v", host, timeout, err)}
	case errors.Is(err, context.Canceled):
		return &failure{http.StatusBadGateway, "cancelled", "the client closed the connection before the upstream answered"}
	case errors.Is(err, syscall.ECONNREFUSED):
		return &failure{http.StatusBadGateway, "refused", fmt.Sprintf("the upstream %s refused the connection: %v", host, err)}
	case errors.As(err, &dnsErr):
		return &failure{http.StatusBadGateway, "dns", fmt.Sprintf("the upstream's name does not resolve: %v", err)}
	case errors.As(err, &certErr), errors.As(err, &unknownCA), errors.As(err, &hostErr), errors.As(err, &recErr),
		strings.Contains(err.Error(), "tls:"):
		return &failure{http.StatusBadGateway, "tls",
			fmt.Sprintf("TLS with the upstream %s failed (a private CA? pass it with --upstream-ca): %v", host, err)}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return &failure{http.StatusBadGateway, "dropped", fmt.Sprintf("the upstream %s dropped the connection: %v", host, err)}
	}
	return &failure{http.StatusBadGateway, "failed", fmt.Sprintf("the request to the upstream %s failed: %v", host, err)}
}

func tooLarge(limit int64) *failure {
	return &failure{http.StatusRequestEntityTooLarge, "too-large",
		fmt.Sprintf("the request body is larger than %d bytes (--max-body); nothing was forwarded", limit)}
}

// answer is the vendor-shaped reply to the client: the request-level body
// with code 413 for an oversized request, else 407 (the vendor's unknown
// error), in the format the request asked for.
func (f *failure) answer(r *http.Request) *answer {
	code := sandbox.StatusUnknownError
	if f.status == http.StatusRequestEntityTooLarge {
		code = sandbox.StatusTooLarge
	}
	status := wire.Object(4)
	status.Add("code", wire.Int(int64(code))).
		Add("message", wire.String(sandbox.RequestMessage(code))).
		Add("success", wire.Bool(false)).
		Add("warnings", wire.Wrap("warning", wire.Array()))
	doc := wire.Wrap("response", wire.Wrap("status", status))
	h := http.Header{}
	h.Set(explainHeader, "record: "+f.detail)
	if wantsXML(r) {
		h.Set("Content-Type", "application/xml; charset=utf-8")
		return &answer{status: f.status, header: h, body: doc.XML()}
	}
	h.Set("Content-Type", "application/json; charset=utf-8")
	return &answer{status: f.status, header: h, body: doc.JSON()}
}

func writeFailure(w http.ResponseWriter, r *http.Request, f *failure) { f.answer(r).write(w) }

// wantsXML reads the format as the vendor does: ?format=, else Accept,
// else the body's Content-Type; JSON by default.
func wantsXML(r *http.Request) bool {
	switch strings.ToLower(r.URL.Query().Get("format")) {
	case "xml":
		return true
	case "json":
		return false
	}
	accept := strings.ToLower(r.Header.Get("Accept"))
	if strings.Contains(accept, "json") {
		return false
	}
	if strings.Contains(accept, "xml") {
		return true
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return strings.HasSuffix(mt, "xml")
}
