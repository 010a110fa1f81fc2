package schema

import (
	"fmt"
	"strings"

	"github.com/xeipuuv/gojsonschema"
)

const digitsPattern = "^[0-9]+$"

// message words one gojsonschema error as a predicate of its path.
func message(e gojsonschema.ResultError) string {
	d := e.Details()
	switch e.Type() {
	case "invalid_type":
		return fmt.Sprintf("must be %s, got %s", typeNames(fmt.Sprint(d["expected"])), d["given"])
	case "required":
		return "is required"
	case "additional_property_not_allowed":
		return "is not allowed here"
	case "const":
		return fmt.Sprintf("must be %v", d["allowed"])
	case "enum":
		return fmt.Sprintf("must be one of %v", d["allowed"])
	case "pattern":
		if fmt.Sprint(d["pattern"]) == digitsPattern {
			return "must be a string of digits"
		}
		return fmt.Sprintf("must match the pattern %v", d["pattern"])
	case "string_lte":
		if fmt.Sprint(d["max"]) == "0" {
			return "must not be a non-empty string (\"\", an empty XML element, is the only string accepted here)"
		}
		return fmt.Sprintf("must be at most %v characters long", d["max"])
	case "string_gte":
		return fmt.Sprintf("must be at least %v characters long", d["min"])
	case "array_min_items":
		return fmt.Sprintf("must have at least %v item(s)", d["min"])
	case "array_max_items":
		return fmt.Sprintf("must have at most %v item(s)", d["max"])
	case "array_min_properties":
		return fmt.Sprintf("must have at least %v key(s)", d["min"])
	case "array_max_properties":
		return fmt.Sprintf("must have at most %v key(s)", d["max"])
	case "number_gte":
		return fmt.Sprintf("must be at least %v", d["min"])
	case "number_lte":
		return fmt.Sprintf("must be at most %v", d["max"])
	case "number_any_of", "number_one_of":
		return "does not match any of the allowed shapes"
	}
	return e.Description()
}

// typeNames turns gojsonschema's "string" or "[array,object]" into
// "a string" or "an array or an object".
func typeNames(expected string) string {
	names := strings.Split(strings.Trim(expected, "[]"), ",")
	for i, n := range names {
		if a := article(n); a != "" {
			names[i] = a + " " + n
		}
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

func article(name string) string {
	switch name {
	case "array", "object", "integer":
		return "an"
	case "null":
		return "" // "must be null" reads better than "a null"
	}
	return "a"
}
