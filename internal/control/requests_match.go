package control

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/capsandbox/capsandbox/internal/namespace"
	"github.com/labstack/echo/v4"
)

// MaxIdentifierFilters is the most ?identifier= values one
// GET /__sandbox/requests may give.
const MaxIdentifierFilters = 8

// matchFilters returns the journal tests of ?code= and ?identifier=.
func matchFilters(c echo.Context) ([]func(*namespace.Entry) bool, error) {
	var tests []func(*namespace.Entry) bool
	if s := c.QueryParam("code"); s != "" {
		codes, err := codeList(s)
		if err != nil {
			return nil, err
		}
		tests = append(tests, func(e *namespace.Entry) bool { return hasCode(e.ItemCodes, codes) })
	}
	var ids []string
	for _, v := range c.QueryParams()["identifier"] {
		if v = strings.TrimSpace(v); v != "" {
			ids = append(ids, strings.ToLower(v))
		}
	}
	if len(ids) > MaxIdentifierFilters {
		return nil, fail(http.StatusBadRequest, "at most %d identifier values, not %d", MaxIdentifierFilters, len(ids))
	}
	if len(ids) > 0 {
		tests = append(tests, func(e *namespace.Entry) bool { return touches(e, ids) })
	}
	return tests, nil
}

// codeList parses "1000,1017" into vendor codes.
func codeList(s string) ([]string, error) {
	var codes []string
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if _, err := strconv.Atoi(part); err != nil {
			return nil, fail(http.StatusBadRequest, "code must be vendor codes, comma-separated (1000,1017), not %q", s)
		}
		codes = append(codes, part)
	}
	return codes, nil
}

func hasCode(got, want []string) bool {
	for _, g := range got {
		for _, w := range want {
			if g == w {
				return true
			}
		}
	}
	return false
}

// touches reports whether a journalled request names one of ids (lower
// case) as a whole value in its query, body or response: "919800000050"
// matches the mobile of {"mobile":"919800000050"} and ?mobile=919800000050,
// not 9198000000501.
func touches(e *namespace.Entry, ids []string) bool {
	query, err := url.QueryUnescape(e.Query)
	if err != nil {
		query = e.Query
	}
	for _, text := range [...]string{query, e.Body, e.Response} {
		text = strings.ToLower(text)
		for _, id := range ids {
			if containsValue(text, id) {
				return true
			}
		}
	}
	return false
}

// containsValue reports whether v occurs in text with no identifier
// character (letter, digit, '.', '_', '-', '+', '@') right before or after.
func containsValue(text, v string) bool {
	for from := 0; ; {
		i := strings.Index(text[from:], v)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(v)
		if (i == 0 || !idChar(text[i-1])) && (end == len(text) || !idChar(text[end])) {
			return true
		}
		from = i + 1
	}
}

func idChar(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' ||
		b == '.' || b == '_' || b == '-' || b == '+' || b == '@'
}
