package record

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/capsandbox/capsandbox/internal/cassette"
)

// Defaults of Options' zero values.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultMaxBody      = 1 << 20
	DefaultMaxResponse  = 8 << 20
	DefaultMaxExchanges = 10000
)

// Options configure a Proxy. Upstream and Cassette are required.
type Options struct {
	Upstream *url.URL         // base URL requests are forwarded to
	Cassette *cassette.Writer // where exchanges are appended
	// CAFile is a PEM file of extra root certificates for the upstream's
	// TLS (a private cluster); the system roots are always trusted.
	CAFile string
	// Timeout bounds one exchange with the upstream, from dialling to the
	// last body byte; 0 means DefaultTimeout.
	Timeout time.Duration
	// MaxBody is the largest request body forwarded, in bytes (larger
	// ones are refused with 413); 0 means DefaultMaxBody.
	MaxBody int64
	// MaxResponse is the largest upstream answer recorded, in bytes; 0
	// means DefaultMaxResponse.
	MaxResponse int64
	// MaxExchanges is how many exchanges the cassette may hold; later
	// requests are refused; 0 means DefaultMaxExchanges.
	MaxExchanges int
	Now          func() time.Time // nil means time.Now
	Log          *slog.Logger     // nil means slog.Default()
	// Transport replaces the one built from CAFile and Timeout (tests).
	Transport http.RoundTripper
}

// Proxy is the record proxy's http.Handler.
type Proxy struct {
	opts   Options
	client *http.Client
	turn   chan struct{} // one recorded exchange at a time
}

// New checks the options and builds the upstream client.
func New(o Options) (*Proxy, error) {
	if o.Upstream == nil || o.Upstream.Host == "" || (o.Upstream.Scheme != "http" && o.Upstream.Scheme != "https") {
		return nil, errors.New("the upstream must be an http:// or https:// URL with a host")
	}
	if o.Cassette == nil {
		return nil, errors.New("a cassette is required")
	}
	o.Timeout = orDefault(o.Timeout, DefaultTimeout)
	o.MaxBody = orDefault(o.MaxBody, DefaultMaxBody)
	o.MaxResponse = orDefault(o.MaxResponse, DefaultMaxResponse)
	o.MaxExchanges = orDefault(o.MaxExchanges, DefaultMaxExchanges)
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	rt := o.Transport
	if rt == nil {
		t, err := newTransport(o.CAFile, o.Timeout)
		if err != nil {
			return nil, err
		}
		rt = t
	}
	client := &http.Client{Transport: rt, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse // a redirect goes back to the client as it is
	}}
	return &Proxy{opts: o, client: client, turn: make(chan struct{}, 1)}, nil
}

func orDefault[T int | int64 | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// Recorded reports whether a request path is recorded: the vendor API
// under /v1.1/. Other paths are forwarded without being recorded.
func Recorded(path string) bool { return strings.HasPrefix(path, "/v1.1/") || path == "/v1.1" }

// ServeHTTP forwards one request and, for the vendor API, records it.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, p.opts.MaxBody+1))
	if err != nil {
		return // the client went away before sending its body
	}
	if int64(len(body)) > p.opts.MaxBody {
		writeFailure(w, r, tooLarge(p.opts.MaxBody))
		return
	}
	if !Recorded(r.URL.Path) {
		ans, _ := p.forward(r, body)
		ans.write(w)
		return
	}
	if !p.waitTurn(r) {
		writeFailure(w, r, &failure{http.StatusServiceUnavailable, "busy",
			fmt.Sprintf("another exchange held the upstream for longer than %s (--upstream-timeout); nothing was forwarded", p.opts.Timeout)})
		return
	}
	defer func() { <-p.turn }()
	if f := p.refusal(); f != nil {
		writeFailure(w, r, f)
		return
	}
	p.exchange(w, r, body)
}

// waitTurn waits until no other recorded exchange is in flight, at most
// one upstream timeout (the one in flight ends by then).
func (p *Proxy) waitTurn(r *http.Request) bool {
	t := time.NewTimer(p.opts.Timeout)
	defer t.Stop()
	select {
	case p.turn <- struct{}{}:
		return true
	case <-t.C:
		return false
	case <-r.Context().Done():
		return false
	}
}

// refusal is why the cassette takes no more exchanges, or nil.
func (p *Proxy) refusal() *failure {
	if err := p.opts.Cassette.Err(); err != nil {
		return &failure{http.StatusServiceUnavailable, "cassette",
			fmt.Sprintf("the cassette can no longer be written (%v); nothing was forwarded", err)}
	}
	if n := p.opts.Cassette.Count(); n >= p.opts.MaxExchanges {
		return &failure{http.StatusServiceUnavailable, "cassette-full",
			fmt.Sprintf("the cassette holds %d exchanges, the limit (--max-exchanges); nothing was forwarded", n)}
	}
	return nil
}

// exchange forwards a vendor request, records it, then answers the client:
// an answer is on disk before the client sees it.
func (p *Proxy) exchange(w http.ResponseWriter, r *http.Request, body []byte) {
	start := p.opts.Now()
	ans, fail := p.forward(r, body)
	e := &cassette.Exchange{
		Time: start.UTC(), TookMS: p.opts.Now().Sub(start).Milliseconds(),
		Request: cassette.Request{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery,
			Headers: cassette.Redact(forwardHeaders(r.Header)), Body: cassette.NewBody(body)},
		Response: &cassette.Response{Status: ans.status, Headers: cassette.Redact(ans.header), Body: cassette.NewBody(ans.body)},
	}
	if fail != nil {
		e.Error = fail.kind + ": " + fail.detail
	}
	if err := p.opts.Cassette.Append(e); err != nil {
		p.opts.Log.Error("record: exchange not recorded", "err", err, "method", r.Method, "uri", r.URL.RequestURI())
		ans.header.Set(explainHeader, "record: this exchange was not recorded: "+err.Error())
	} else {
		p.opts.Log.Info("recorded", "seq", e.Seq, "method", r.Method, "uri", r.URL.RequestURI(),
			"status", ans.status, "took_ms", e.TookMS, "error", e.Error)
	}
	ans.write(w)
}

// answer is what the client gets.
type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a *answer) write(w http.ResponseWriter) {
	for k, vs := range a.header {
		w.Header()[k] = vs
	}
	w.Header().Set("Content-Length", fmt.Sprint(len(a.body)))
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body)
}

// forward sends the request upstream and reads the whole answer. On
// failure the answer is the vendor-shaped 5xx the client gets instead.
func (p *Proxy) forward(r *http.Request, body []byte) (*answer, *failure) {
	ctx, cancel := context.WithTimeout(r.Context(), p.opts.Timeout)
	defer cancel()
	out, err := http.NewRequestWithContext(ctx, r.Method, p.target(r.URL), bytes.NewReader(body))
	if err != nil {
		f := &failure{http.StatusBadGateway, "failed", err.Error()}
		return f.answer(r), f
	}
	out.Header = forwardHeaders(r.Header)
	out.ContentLength = int64(len(body))
	resp, err := p.client.Do(out)
	if err != nil {
		f := classify(err, p.opts.Upstream.Host, p.opts.Timeout)
		return f.answer(r), f
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, p.opts.MaxResponse+1))
	if err != nil {
		f := classify(err, p.opts.Upstream.Host, p.opts.Timeout)
		return f.answer(r), f
	}
	if int64(len(data)) > p.opts.MaxResponse {
		f := &failure{http.StatusBadGateway, "too-large",
			fmt.Sprintf("the upstream's answer is larger than %d bytes (--max-response)", p.opts.MaxResponse)}
		return f.answer(r), f
	}
	return &answer{status: resp.StatusCode, header: backHeaders(resp.Header), body: data}, nil
}

// target is the upstream URL of a request: the upstream's base path joined
// with the request's path, and the request's query unchanged.
func (p *Proxy) target(u *url.URL) string {
	up := p.opts.Upstream
	t := up.Scheme + "://" + up.Host + strings.TrimSuffix(up.EscapedPath(), "/") + u.EscapedPath()
	if u.RawQuery != "" {
		t += "?" + u.RawQuery
	}
	return t
}
