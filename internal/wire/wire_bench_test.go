package wire

import (
	"fmt"
	"strings"
	"testing"
)

// Benchmarks of request decoding and response encoding:
//
//	go test -run - -bench . -benchmem ./internal/wire

// benchRequest is the add body the load harness sends.
const benchRequest = `{"root":{"customer":[{"mobile":"917000000001","email":"u7000000001@example.com","firstname":"Asha",` +
	`"lastname":"Rao","type":"LOYALTY","custom_fields":{"field":[{"name":"City_name","value":"Bangalore"},` +
	`{"name":"address","value":"Bangalore1234"},{"name":"bde_mobile_number","value":"12345678"},` +
	`{"name":"bde_name","value":"pidilite"},{"name":"firm_name","value":"pidilite1"},` +
	`{"name":"club","value":"pidilite2"},{"name":"pincode","value":"54321"},` +
	`{"name":"pwgConsumption","value":"true"},{"name":"state","value":"pidilite5"},` +
	`{"name":"profile_image_name","value":"customerprofile1"}]}}]}}`

func BenchmarkDecodeJSON(b *testing.B) {
	body := []byte(benchRequest)
	b.Run("DecodeJSON", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if _, err := DecodeJSON(body); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if _, err := decodeJSONStd(body); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkDecodeXML(b *testing.B) {
	var x strings.Builder
	x.WriteString(`<root><customer><mobile>917000000001</mobile><email>u7000000001@example.com</email><custom_fields>`)
	for i := range 10 {
		fmt.Fprintf(&x, "<field><name>f%d</name><value>v%d</value></field>", i, i)
	}
	x.WriteString(`</custom_fields></customer></root>`)
	body := []byte(x.String())
	b.ReportAllocs()
	for range b.N {
		if _, err := DecodeXML(body); err != nil {
			b.Fatal(err)
		}
	}
}

var benchKeys = strings.Fields("programId redeemed expired returned adjusted lifetimePoints loyaltyPoints " +
	"cumulativePurchases currentSlab nextSlab nextSlabSerialNumber nextSlabDescription slabSNo slabExpiryDate totalPoints")

// sink keeps benchmark results alive.
var sink []byte

// benchDoc builds a document shaped like one add response: a status
// block and a customer of about thirty keys with ten custom fields.
func benchDoc() Value {
	status := Object(5)
	status.Add("success", String("true")).Add("code", Int(200)).Add("message", String("Success")).
		Add("total", String("1")).Add("success_count", String("1"))
	c := Object(24)
	c.Add("user_id", Int(100000001)).Add("firstname", String("Asha")).Add("lastname", String("Rao")).
		Add("mobile", String("917000000001")).Add("email", String("u7000000001@example.com")).
		Add("external_id", Null()).Add("lifetime_points", Float(0)).Add("current_slab", String("Base"))
	ps := Object(15)
	for _, k := range benchKeys {
		ps.Add(k, String("0"))
	}
	c.Add("points_summaries", Wrap("points_summary", Array(ps)))
	fields := make([]Value, 10)
	for i := range fields {
		f := Object(2)
		f.Add("name", String(benchKeys[i])).Add("value", String("value number"))
		fields[i] = f
	}
	c.Add("custom_fields", Wrap("field", Array(fields...))).
		Add("extended_fields", Wrap("field", Array())).
		Add("registered_on", String("2026-11-25 20:48:18")).Add("updated_on", String("2026-11-25 20:48:18"))
	resp := Object(2)
	resp.Add("status", status).Add("customers", Wrap("customer", Array(c)))
	return Wrap("response", resp)
}

func BenchmarkBuildDoc(b *testing.B) {
	b.ReportAllocs()
	for range b.N {
		_ = benchDoc()
	}
}

func BenchmarkEncodeJSON(b *testing.B) {
	doc := benchDoc()
	b.ReportAllocs()
	for range b.N {
		sink = doc.JSON()
	}
}

func BenchmarkEncodeXML(b *testing.B) {
	doc := benchDoc()
	b.ReportAllocs()
	for range b.N {
		sink = doc.XML()
	}
}
