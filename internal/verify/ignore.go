package verify

import (
	"net/http"
	"strings"
)

// BuiltinIgnore lists the values compared by type and format only, not by
// value: what is naturally different in every instance (ids the vendor
// generates, timestamps, request ids) and what names an org or a till
// rather than a behaviour. --ignore adds to it.
var BuiltinIgnore = []string{
	"**.user_id",                   // the vendor's customer id
	"**.registered_on",             // timestamps: the server's clock
	"**.updated_on",                //
	"**.tier_expiry_date",          // derived from registered_on
	"**.slabExpiryDate",            //
	"**.valid_till",                // coupon expiry
	"**.modified_on",               // get's fraud_details
	"**.created_date",              // get's transactions
	"**.side_effects.effect[*].id", // generated coupon id
	"**.coupon_code",               // generated coupon code
	"**.customer_id",               // the referrer's id in a points effect
	"header:X-Cap-Requestid",
	"header:X-Cap-Request-Id",
	"header:Date",
	"header:Org_id",
	"header:Till",
	"header:Retry-After",
}

// comparedHeaders are the response headers compared when the recording
// has them: the vendor's own, and the body's type. Other headers (a
// gateway's Server, Via, caching, CORS) are not the API's behaviour.
var comparedHeaders = []string{"Content-Type", "X-Cap-Requestid", "X-Cap-Request-Id", "Uri_path", "Org_id",
	"Till", "Status_code", "Success", "Fail", "Retry-After", "Location"}

// ignorer holds the parsed ignore list.
type ignorer struct {
	paths   []pattern
	headers map[string]bool
}

func newIgnorer(extra []string) (*ignorer, error) {
	ig := &ignorer{headers: map[string]bool{}}
	for _, s := range append(append([]string(nil), BuiltinIgnore...), extra...) {
		if name, ok := strings.CutPrefix(strings.TrimSpace(s), "header:"); ok {
			ig.headers[http.CanonicalHeaderKey(strings.TrimSpace(name))] = true
			continue
		}
		p, err := parsePattern(s)
		if err != nil {
			return nil, err
		}
		ig.paths = append(ig.paths, p)
	}
	return ig, nil
}

func (ig *ignorer) body(p path) bool {
	for _, pat := range ig.paths {
		if pat.match(p) {
			return true
		}
	}
	return false
}

func (ig *ignorer) header(name string) bool { return ig.headers[http.CanonicalHeaderKey(name)] }
