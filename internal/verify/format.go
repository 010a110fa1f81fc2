package verify

import (
	"regexp"
	"strings"
)

// layouts are the string formats an instance-specific value is compared
// by, tried in order; a string matching none is "digits" (only 0-9),
// "empty" or "text".
var layouts = []struct {
	name string
	re   *regexp.Regexp
}{
	{"timestamp YYYY-MM-DD HH:MM:SS", regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$`)},
	{"date YYYY-MM-DD", regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)},
	{"RFC 3339 time", regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$`)},
	{"HTTP date", regexp.MustCompile(`^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$`)},
	{"UUID", regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)},
}

// formatOf is the format class of a value compared by type and format
// only: a string's layout, a number's integer or decimal form.
func formatOf(n *node) string {
	switch n.kind {
	case kString:
		return stringFormat(n.text)
	case kNumber:
		if strings.ContainsAny(n.text, ".eE") {
			return "decimal"
		}
		return "integer"
	}
	return n.kind.String()
}

func stringFormat(s string) string {
	if s == "" {
		return "empty"
	}
	for _, l := range layouts {
		if l.re.MatchString(s) {
			return l.name
		}
	}
	if strings.Trim(s, "0123456789") == "" {
		return "digits"
	}
	return "text"
}
