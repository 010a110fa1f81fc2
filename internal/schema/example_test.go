package schema_test

import (
	"fmt"

	"github.com/capsandbox/capsandbox/internal/schema"
)

func ExampleSet_ValidateJSON() {
	set, err := schema.Load()
	if err != nil {
		panic(err)
	}
	body := []byte(`{"root":{"customer":[{"mobile":"919876543210","firstname":123,"custom_fields":{"field":"x"}}]}}`)
	for _, p := range set.ValidateJSON(schema.AddRequest, body) {
		fmt.Println(p)
	}
	// Output:
	// root.customer[0].custom_fields.field: must not be a non-empty string ("", an empty XML element, is the only string accepted here)
	// root.customer[0].firstname: must be a string or null, got integer
}
