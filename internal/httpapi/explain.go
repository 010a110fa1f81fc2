package httpapi

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// ExplainHeader carries the sandbox's own explanation of a failed request
// or of failed (and warned) items: one line, never part of a vendor
// message. It is also journalled (field explain) and logged.
const ExplainHeader = "X-Sandbox-Explain"

// maxExplain bounds the X-Sandbox-Explain header (bytes).
const maxExplain = 2048

// explainItems records why items failed or got warnings:
// "customer[1]: mobile "12" is not …; customer[2]: …".
func (rs *reqState) explainItems(results []sandbox.ItemResult) {
	var parts []string
	for i := range results {
		if why := results[i].Explain; why != "" {
			parts = append(parts, "customer["+strconv.Itoa(i)+"]: "+why)
		}
	}
	rs.explain = strings.Join(parts, "; ")
}

// counted records the status headers (docs/VENDOR.md, Transport) of an
// item-processing response:
// the first item's code and the numbers of items that succeeded and
// failed.
func (rs *reqState) counted(codes []string, ok, failed int) {
	rs.statusCode, rs.ok, rs.failed = "", ok, failed
	if len(codes) > 0 {
		rs.statusCode = codes[0]
	}
}

// oneLine makes s a single header line of at most maxExplain bytes.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	if len(s) > maxExplain {
		cut := maxExplain - len("…")
		for cut > 0 && !utf8RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// vendorHeaders sets the response headers of a recorded live v1.1
// response (the request id twice, uri_path, org_id, till, status_code,
// success and fail), in the vendor's spelling, and X-Sandbox-Explain.
func vendorHeaders(h http.Header, rs *reqState, path string) {
	code := rs.statusCode
	if code == "" {
		code = strconv.Itoa(int(sandbox.StatusSuccess))
	}
	org := ""
	if rs.st.Scenario != nil {
		org = strconv.FormatInt(rs.st.Scenario.Org.ID, 10)
	}
	vals := [...]string{rs.id, path, org, rs.till, code, strconv.Itoa(rs.ok), strconv.Itoa(rs.failed)}
	all := vals[:] // one backing array for every header's value slice
	for i, k := range [...]string{"X-CAP-REQUEST-ID", "uri_path", "org_id", "till", "status_code", "success", "fail"} {
		if all[i] != "" {
			h[k] = all[i : i+1 : i+1] // not canonicalised: the vendor's spelling
		}
	}
	if rs.explain != "" {
		h.Set(ExplainHeader, oneLine(rs.explain))
	}
}
