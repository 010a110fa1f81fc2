package sandbox

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// String returns the code's digits.
func (c Code) String() string { return strconv.Itoa(int(c)) }

// MessageTexts selects the wording of vendor texts: the current
// documentation's (the default) or the legacy API documentation's.
type MessageTexts string

// The wordings a scenario's message_texts selects.
const (
	TextsCurrent MessageTexts = "current"
	TextsLegacy  MessageTexts = "legacy"
)

// Request returns the response.status.message of a request-level code in
// wording t.
func (t MessageTexts) Request(c Code) string {
	if m, ok := legacyRequestMessages[c]; ok && t == TextsLegacy {
		return m
	}
	return requestMessages[c]
}

// Item returns the item_status.message of a failed item code in wording t.
func (t MessageTexts) Item(c Code) string {
	if m, ok := legacyItemMessages[c]; ok && t == TextsLegacy {
		return m
	}
	return itemMessages[c]
}

// Warning returns the text warning c appends to an item message in
// wording t: "{x}" is label (an identifier's label or an extended field's
// name) and "{y}" the refused value; an empty one is dropped with its
// space.
func (t MessageTexts) Warning(c Code, label, value string) string {
	text := warningTexts[c]
	if m, ok := legacyWarningTexts[c]; ok && t == TextsLegacy {
		text = m
	}
	return fill(fill(text, "{x}", label), "{y}", value)
}

func fill(text, placeholder, v string) string {
	if !strings.Contains(text, placeholder) {
		return text
	}
	if v == "" {
		text = strings.ReplaceAll(text, " "+placeholder, "")
		text = strings.ReplaceAll(text, placeholder+" ", "")
	}
	return strings.ReplaceAll(text, placeholder, v)
}

// RequestMessage returns the current response.status.message of a
// request-level code.
func RequestMessage(c Code) string { return TextsCurrent.Request(c) }

// ItemMessage returns the current item_status.message of a failed item
// code.
func ItemMessage(c Code) string { return TextsCurrent.Item(c) }

// WarningText returns the current text a warning appends to the item
// message, with "{x}" replaced by label (dropped when label is empty).
func WarningText(c Code, label string) string { return TextsCurrent.Warning(c, label, "") }

// TokenExpiredMessage is the 498 message for a token that expired at t,
// in the OAuth gateway's timestamp form (2019-12-02T12:31:15.000+0530).
func TokenExpiredMessage(t time.Time) string {
	return requestMessages[StatusTokenExpired] + " " + t.Format("2006-01-02T15:04:05.000-0700")
}

// IsRequestCode reports whether c is a request-level code.
func IsRequestCode(c Code) bool { _, ok := requestMessages[c]; return ok }

// IsItemErrorCode reports whether c is an item error code (one that fails an
// item).
func IsItemErrorCode(c Code) bool { _, ok := itemMessages[c]; return ok }

// IsWarningCode reports whether c is a warning code (including the
// subscription codes the engine raises as warnings).
func IsWarningCode(c Code) bool { _, ok := warningTexts[c]; return ok }

// HTTPStatus returns the HTTP status a request-level code is answered with:
// the code itself when it is an HTTP status, else 400.
func HTTPStatus(c Code) int {
	if c >= 100 && c <= 599 {
		return int(c)
	}
	return 400
}

// ItemErrorCodes lists every item error code in ascending order.
func ItemErrorCodes() []Code { return sortedKeys(itemMessages) }

// WarningCodes lists every warning code in ascending order.
func WarningCodes() []Code { return sortedKeys(warningTexts) }

// RequestCodes lists every request-level code in ascending order.
func RequestCodes() []Code { return sortedKeys(requestMessages) }

func sortedKeys(m map[Code]string) []Code {
	out := make([]Code, 0, len(m))
	for c := range m {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
