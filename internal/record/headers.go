package record

import (
	"net/http"
	"strings"
)

// hopHeaders belong to one connection and are never forwarded (RFC 9110
// section 7.6.1), with Content-Length, which the proxy sets itself.
var hopHeaders = []string{"Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate",
	"Proxy-Authorization", "Te", "Trailer", "Transfer-Encoding", "Upgrade", "Content-Length"}

// forwardHeaders are the request headers sent upstream (and recorded,
// redacted). Accept-Encoding is dropped so that the upstream answers
// uncompressed: the bytes recorded are the bytes the client gets.
func forwardHeaders(h http.Header) http.Header {
	out := h.Clone()
	dropHop(out)
	out.Del("Accept-Encoding")
	return out
}

// backHeaders are the upstream's response headers copied to the client.
func backHeaders(h http.Header) http.Header {
	out := h.Clone()
	dropHop(out)
	return out
}

func dropHop(h http.Header) {
	for _, f := range h.Values("Connection") {
		for _, name := range strings.Split(f, ",") {
			h.Del(strings.TrimSpace(name))
		}
	}
	for _, name := range hopHeaders {
		h.Del(name)
	}
}
