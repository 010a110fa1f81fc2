package cassette

import (
	"encoding/base64"
	"net/http"
	"strings"
)

// Redacted replaces a secret header value in a cassette.
const Redacted = "<redacted>"

// secretHeaders are redacted whatever their value (canonical names).
var secretHeaders = map[string]bool{
	"Authorization":         true,
	"Proxy-Authorization":   true,
	"Cookie":                true,
	"Set-Cookie":            true,
	"X-Cap-Api-Oauth-Token": true,
}

// secretWords redact any header whose lower-cased name contains one.
var secretWords = []string{"auth", "token", "secret", "passw", "key", "cookie", "credential", "signature"}

// publicHeaders contain a secret word but carry nothing secret.
var publicHeaders = map[string]bool{"Www-Authenticate": true}

// IsSecret reports whether a header's value never reaches a cassette.
func IsSecret(name string) bool {
	name = http.CanonicalHeaderKey(name)
	if secretHeaders[name] {
		return true
	}
	if publicHeaders[name] {
		return false
	}
	lower := strings.ToLower(name)
	for _, w := range secretWords {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// Redact returns a copy of h fit for a cassette: every secret header's
// value replaced by a marker. Authorization keeps its scheme and, for Basic
// credentials, the till's username: "Basic <till1>:<redacted>".
func Redact(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for name, vs := range h {
		if !IsSecret(name) {
			out[name] = append([]string(nil), vs...)
			continue
		}
		red := make([]string, len(vs))
		for i, v := range vs {
			red[i] = Redacted
			if http.CanonicalHeaderKey(name) == "Authorization" {
				red[i] = AuthMarker(v)
			}
		}
		out[name] = red
	}
	return out
}

// AuthMarker is the cassette form of an Authorization value: the scheme,
// and the till for Basic credentials, but no secret.
func AuthMarker(v string) string {
	scheme, cred, ok := strings.Cut(strings.TrimSpace(v), " ")
	if !ok {
		return Redacted
	}
	if !strings.EqualFold(scheme, "Basic") {
		return scheme + " " + Redacted
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(cred))
	user, _, found := strings.Cut(string(raw), ":")
	if err != nil || !found || !printable(user) {
		return "Basic " + Redacted
	}
	return "Basic <" + user + ">:" + Redacted
}

// ParseAuthMarker returns the till an Authorization marker names.
func ParseAuthMarker(v string) (till string, ok bool) {
	rest, ok := strings.CutPrefix(v, "Basic <")
	if !ok {
		return "", false
	}
	till, ok = strings.CutSuffix(rest, ">:"+Redacted)
	return till, ok && till != ""
}

// IsMarker reports whether an Authorization value is a cassette marker
// rather than a credential.
func IsMarker(v string) bool { return strings.Contains(v, Redacted) }

// printable reports whether a username can stand in a marker: no control
// characters and no angle brackets.
func printable(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == '<' || r == '>' {
			return false
		}
	}
	return true
}
