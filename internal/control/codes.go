package control

import (
	"net/http"
	"strconv"

	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/labstack/echo/v4"
)

// Codes is the answer of GET /__sandbox/codes: every code the
// X-Sandbox-Outcome header can force, with the vendor's text, from the one
// vocabulary file (internal/sandbox/codes.go).
type Codes struct {
	// Warnings are the codes of warning=CODE, with the text each appends
	// to an item's message (a "{x}" label filled with its default).
	Warnings []CodeText `json:"warnings"`
	// Errors are the item codes of error=CODE, with their item message.
	Errors []CodeText `json:"errors"`
	// Statuses are the request-level codes of status=CODE, with their
	// message and the HTTP status they are answered with.
	Statuses []CodeText `json:"statuses"`
	// MaxDelay is the longest delay=DURATION, as a Go duration.
	MaxDelay string `json:"max_delay"`
}

// CodeText is one vendor code and its text.
type CodeText struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	// HTTPStatus is the HTTP status of a request-level code when the
	// scenario mirrors codes (request_error_http: mirror, the default).
	HTTPStatus int `json:"http_status,omitempty"`
}

// listCodes serves GET /__sandbox/codes.
func (a *API) listCodes(c echo.Context) error {
	out := Codes{MaxDelay: sandbox.MaxDelay.String()}
	for _, code := range sandbox.WarningCodes() {
		out.Warnings = append(out.Warnings, CodeText{Code: int(code), Message: sandbox.WarningText(code, "")})
	}
	for _, code := range sandbox.ItemErrorCodes() {
		out.Errors = append(out.Errors, CodeText{Code: int(code), Message: sandbox.ItemMessage(code)})
	}
	for _, code := range sandbox.RequestCodes() {
		// Only the codes the header accepts: ParseOutcome is the rule.
		if _, err := sandbox.ParseOutcome("status=" + strconv.Itoa(int(code))); err != nil {
			continue
		}
		out.Statuses = append(out.Statuses, CodeText{Code: int(code), Message: sandbox.RequestMessage(code),
			HTTPStatus: sandbox.HTTPStatus(code)})
	}
	return c.JSON(http.StatusOK, out)
}
