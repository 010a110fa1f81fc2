package sandbox_test

import (
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// TestRequestTexts pins every request-level text, current and legacy, to
// the vendor's wording as docs/FIDELITY.md lists it (CapDocs errors page,
// else the legacy API index; the sandbox's own 413, 429, 431).
func TestRequestTexts(t *testing.T) {
	cases := []struct {
		code            sandbox.Code
		current, legacy string
		http            int
	}{
		{200, "Success", "", 200},
		{201, "Some requests have failed due to errors", "", 201},
		{400, "Invalid input. Please check request body parameters or input xml/json.", "Input is invalid, Please check request parameters or input xml/json", 400},
		{401, "Authentication failed. Please check username and password.", "Please check your username/password or authentication token", 401},
		{402, "Version is not supported for this resource", "", 402},
		{403, "Not authorized. Access is denied!", "", 403},
		{404, "Incorrect resource or resource not found.", "Incorrect resource", 404},
		{405, "The operation is not supported for the resource.", "Incorrect HTTP Method", 405},
		{406, "Operation is not supported for the resource", "", 406},
		{407, "Unknown Error happened while processing the request", "", 407},
		{408, "Network MAC ID does not match", "", 408},
		{413, "Request entity too large", "", 413},
		{415, "Unsupported media type.", "", 415},
		{429, "Rate limit exceeded", "", 429},
		{431, "Request header fields too large", "", 431},
		{461, "Search Engine is busy or unable to respond. Please try after some time.", "", 461},
		{500, "All requests have failed due to errors", "", 500},
		{503, "Authorization status unavailable!", "", 503},
		{521, "Multiple actions are running for the same customer. Please try after some time.", "", 521},
		{1060, "Batch limit size exceeded.", "Batch limit exceeded", 400},
		{1061, "X-CAP-API-ATTRIBUTION-LOOKUP-TYPE header required with X-CAP-API-ATTRIBUTION-LOOKUP header.", "", 400},
		{1062, "Invalid test and control status.", "Invalid Test & Control Status", 400},
		{1064, "Invalid org ID passed.", "", 400},
	}
	for _, c := range cases {
		if got := sandbox.RequestMessage(c.code); got != c.current {
			t.Errorf("%d current: %q, want %q", c.code, got, c.current)
		}
		legacy := c.legacy
		if legacy == "" {
			legacy = c.current
		}
		if got := sandbox.TextsLegacy.Request(c.code); got != legacy {
			t.Errorf("%d legacy: %q, want %q", c.code, got, legacy)
		}
		if got := sandbox.HTTPStatus(c.code); got != c.http {
			t.Errorf("%d: HTTP %d, want %d", c.code, got, c.http)
		}
	}
	if n := len(sandbox.RequestCodes()); n != len(cases)+1 { // + 498, below
		t.Errorf("%d request-level codes, %d pinned here", n, len(cases)+1)
	}
	at := time.Date(2019, 12, 2, 12, 31, 15, 0, time.FixedZone("IST", 19800))
	if got := sandbox.TokenExpiredMessage(at); got != "Token expired at 2019-12-02T12:31:15.000+0530" {
		t.Errorf("498: %q", got)
	}
}

// TestItemAndWarningTexts pins the texts the vendor pages give where older
// wordings differ (docs/VENDOR.md, Codes):
// the V1 runtime text, U+2019 in 1043/1048/1049 (U+0027 in 1047), the
// legacy wordings, and the placeholders of warnings.
func TestItemAndWarningTexts(t *testing.T) {
	items := map[sandbox.Code][2]string{
		1007: {"Error in customer registration: No Valid Mobile Number or External ID or Email provided required for registration",
			"Unable to register customer. No valid primary identifier mobile number, email ID, or external ID passed."},
		1043: {"Unable to register. Customer\u2019s external id is required.", ""},
		1047: {"Customer's primary identifier not matching with other identifiers.", ""},
		1048: {"Customer\u2019s email id is required to convert to loyalty customer.", ""},
		1049: {"Customer\u2019s external id is required to convert to loyalty customer.", ""},
		400:  {"Input is invalid, Please check request parameters or input xml/json", ""},
	}
	for code, want := range items {
		legacy := want[1]
		if legacy == "" {
			legacy = want[0]
		}
		if got := sandbox.ItemMessage(code); got != want[0] {
			t.Errorf("item %d: %q, want %q", code, got, want[0])
		}
		if got := sandbox.TextsLegacy.Item(code); got != legacy {
			t.Errorf("item %d legacy: %q, want %q", code, got, legacy)
		}
	}
	warnings := []struct {
		code         sandbox.Code
		texts        sandbox.MessageTexts
		label, value string
		want         string
	}{
		{91005, sandbox.TextsCurrent, "Mobile", "919876543210", "Mobile is primary identifier and cannot be updated."},
		{91005, sandbox.TextsLegacy, "Mobile", "919876543210", "Mobile is Primary Key, 919876543210 cannot be updated."},
		{91006, sandbox.TextsCurrent, "Email", "", "Email update is not allowed"},
		{91007, sandbox.TextsCurrent, "Email", "", "Failed to register. Email already exists for some other user."},
		{91007, sandbox.TextsLegacy, "Email", "", "Email is already occupied by some other user, ignoring it."},
		{91003, sandbox.TextsLegacy, "", "", "Validation failed."},
		{91013, sandbox.TextsCurrent, "", "", "Call to Points Engine for tier upgrade criteria has failed."},
		{91015, sandbox.TextsCurrent, "", "", "Failed to update extended fields; or field length too long."},
		{91015, sandbox.TextsCurrent, "dob", "", "Failed to update extended fields; or field dob length too long."},
	}
	for _, w := range warnings {
		if got := w.texts.Warning(w.code, w.label, w.value); got != w.want {
			t.Errorf("%d %s (%q, %q): %q, want %q", w.code, w.texts, w.label, w.value, got, w.want)
		}
	}
}
