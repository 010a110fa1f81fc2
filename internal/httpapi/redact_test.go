package httpapi

import (
	"net/http"
	"reflect"
	"testing"
)

// TestJournalHeadersHideSecrets: credentials, cookies (Set-Cookie in a
// journalled response too) and any header named like a token, secret,
// password or key are journalled as ***; Basic credentials keep the till;
// other headers are kept as sent.
func TestJournalHeadersHideSecrets(t *testing.T) {
	h := http.Header{
		"Authorization":         {"Basic dGlsbDE6MjAyY2I5NjJhYzU5MDc1Yjk2NGIwNzE1MmQyMzRiNzA="},
		"Proxy-Authorization":   {"Basic cHJveHk6cA=="},
		"Cookie":                {"a=1"},
		"Set-Cookie":            {"sid=2; HttpOnly"},
		"X-Cap-Api-Oauth-Token": {"t"},
		"X-Api-Key":             {"k"},
		"Client-Secret":         {"s"},
		"X-User-Password":       {"p"},
		"X-Apikey":              {"k2"},
		"Content-Type":          {"application/json"},
		"X-Sandbox-Namespace":   {"qa"},
	}
	got := (&reqState{}).journalHeaders(h)
	want := map[string][]string{
		"Authorization": {"Basic till1:***"}, "Proxy-Authorization": redacted, "Cookie": redacted, "Set-Cookie": redacted,
		"X-Cap-Api-Oauth-Token": redacted, "X-Api-Key": redacted, "Client-Secret": redacted, "X-User-Password": redacted,
		"X-Apikey": redacted, "Content-Type": {"application/json"}, "X-Sandbox-Namespace": {"qa"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("journalled headers\n%v\nwant\n%v", got, want)
	}
	if h.Get("Cookie") != "a=1" {
		t.Errorf("journalHeaders changed the request's headers")
	}
	if got := (&reqState{}).journalHeaders(http.Header{"Authorization": {"Bearer abc"}}); got["Authorization"][0] != "Bearer ***" {
		t.Errorf("bearer token journalled as %q", got["Authorization"])
	}
	// The user auth decoded is used for the value it decoded, and only for it.
	auth := h.Get("Authorization")
	if got := (&reqState{auth: auth, authUser: "till1"}).journalHeaders(h); !reflect.DeepEqual(got, want) {
		t.Errorf("with auth's user: journalled headers\n%v\nwant\n%v", got, want)
	}
	if got := (&reqState{auth: "Basic b3RoZXI6eA==", authUser: "other"}).journalHeaders(h); got["Authorization"][0] != "Basic till1:***" {
		t.Errorf("another value's user used: %q", got["Authorization"])
	}
}
