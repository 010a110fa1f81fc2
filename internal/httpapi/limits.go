package httpapi

import "net/http"

// DefaultHeaderLimit is the most bytes of request line (with the query)
// and headers a vendor request may have (64 KiB); more gets a 431 in the
// vendor's request-level body.
const DefaultHeaderLimit = 64 << 10

// OutcomeReset is the journal's and the log's outcome of a request whose
// connection was closed without a response (X-Sandbox-Outcome: reset); its
// status is 0.
const OutcomeReset = "reset"

func (a *API) headerLimit() int {
	if a.HeaderLimit > 0 {
		return a.HeaderLimit
	}
	return DefaultHeaderLimit
}

// headerBytes counts a request's line and headers as they came over the
// wire: "METHOD URI PROTO\r\n" and "Name: value\r\n" per value.
func headerBytes(r *http.Request) int {
	n := len(r.Method) + len(r.RequestURI) + len(r.Proto) + 4
	if r.RequestURI == "" {
		n += len(r.URL.RequestURI())
	}
	for k, vs := range r.Header {
		for _, v := range vs {
			n += len(k) + len(v) + 4
		}
	}
	return n + len(r.Host) + len("Host: \r\n")
}
