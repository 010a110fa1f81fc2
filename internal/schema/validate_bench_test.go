package schema

import (
	"testing"

	"github.com/capsandbox/capsandbox/schemas"
	"github.com/xeipuuv/gojsonschema"
)

// BenchmarkValidateAddRequest checks the harness's add body (one customer,
// ten custom fields) the way every request is checked, and with
// gojsonschema alone (what Validate did before the fast checker).
//
//	go test -run - -bench ValidateAddRequest -benchmem ./internal/schema
func BenchmarkValidateAddRequest(b *testing.B) {
	s, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	doc := decode(&testing.T{}, `{"root":{"customer":[{"mobile":"917000000001","email":"u7000000001@example.com",`+
		`"firstname":"Asha","lastname":"Rao","type":"LOYALTY","custom_fields":{"field":[`+
		`{"name":"City_name","value":"Bangalore"},{"name":"address","value":"Bangalore1234"},`+
		`{"name":"bde_mobile_number","value":"12345678"},{"name":"bde_name","value":"pidilite"},`+
		`{"name":"firm_name","value":"pidilite1"},{"name":"club","value":"pidilite2"},`+
		`{"name":"pincode","value":"54321"},{"name":"pwgConsumption","value":"true"},`+
		`{"name":"state","value":"pidilite5"},{"name":"profile_image_name","value":"customerprofile1"}]}}]}}`)
	b.Run("Validate", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if probs := s.Validate(AddRequest, doc); probs != nil {
				b.Fatal(probs)
			}
		}
	})
	b.Run("gojsonschema", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			res, err := s.schema(AddRequest).Validate(gojsonschema.NewRawLoader(doc))
			if err != nil || !res.Valid() {
				b.Fatal(err, res.Errors())
			}
		}
	})
}

// BenchmarkLoad is what compiling every schema costs (a server on a
// built-in scenario compiles none before it is ready, all right after).
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for range b.N {
		s, err := load(schemas.FS)
		if err == nil {
			err = s.CompileAll()
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}
