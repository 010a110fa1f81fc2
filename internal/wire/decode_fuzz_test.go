package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// Fuzz targets of request decoding. Run one for a while with e.g.
//
//	go test -run - -fuzz FuzzDecodeJSON -fuzztime 20s ./internal/wire
//
// Found inputs land in testdata/fuzz/<target>/ and replay in every
// `go test` run.

// jsonSeeds are valid and invalid bodies the fuzzer starts from.
var jsonSeeds = []string{
	`{"root":{"customer":[{"mobile":"919876543210","email":"a@example.com","custom_fields":{"field":[{"name":"a","value":"1"}]}}]}}`,
	`{"root":{"customer":{"mobile":919876543210,"type":"LOYALTY","fraud_status":{"status":""}}}}`,
	`{"a":"\u00e9\ud83d\ude00\ud800x\udc00\"\\\/\b\f\n\r\t","b":[true,false,null,-0,1.5e+3,2E-2,0.0]}`,
	` [ ] `, `{}`, `""`, `-12`, `{"a":1,"a":2}`,
	``, ` `, `{`, `{"a" 1}`, `{"a":1,}`, `[1,]`, `01`, `1.`, `.5`, `-`, `1e`, `tru`, `nul`,
	`{} {}`, `{}x`, "\"a\x01b\"", `"\x"`, `"\u12"`, `"abc`, `{"a":[1,2}`, "\xef\xbb\xbf{}",
	strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth),
	strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1),
	`{"s":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}`,
}

// FuzzDecodeJSON: DecodeJSON never panics; its fast parser accepts exactly
// what encoding/json accepts (within MaxDepth) and yields the same value.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add([]byte(s))
	}
	if sample, err := os.ReadFile("../../schemas/customer-add.request.schema.json"); err == nil {
		f.Add(sample) // a large, deep, valid document
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		v, err := DecodeJSON(body)
		if !utf8.Valid(body) {
			if err == nil {
				t.Fatal("invalid UTF-8 accepted")
			}
			return
		}
		std, stdErr := decodeJSONStd(body)
		fast, ok := parseJSON(string(body))
		switch {
		case ok && stdErr != nil:
			t.Fatalf("fast parser accepted what encoding/json refuses (%v): %q", stdErr, body)
		case !ok && stdErr == nil:
			t.Fatalf("fast parser refused a valid document: %q", body)
		case ok && !reflect.DeepEqual(fast, std):
			t.Fatalf("fast parser disagrees\n fast %#v\n  std %#v", fast, std)
		case (err == nil) != (stdErr == nil) || (err == nil && !reflect.DeepEqual(v, std)):
			t.Fatalf("DecodeJSON %v / %v, encoding/json %v", v, err, stdErr)
		}
	})
}

// FuzzDecodeXML: DecodeXML never panics or hangs, never expands an entity
// it was not built with, and every value it returns is in the generic form
// (string leaves, maps, lists) within MaxDepth.
func FuzzDecodeXML(f *testing.F) {
	for _, s := range []string{
		`<?xml version="1.0" encoding="UTF-8"?><root><customer><mobile>919876543210</mobile><custom_fields><field><name>a</name><value>1</value></field><field><name>b</name><value/></field></custom_fields></customer></root>`,
		`<root><customer><email>a&amp;b@example.com</email></customer><customer/></root>`,
		`<!DOCTYPE r [<!ENTITY e "xxxxxxxxxx"><!ENTITY f "&e;&e;&e;">]><root>&f;</root>`,
		`<root>&unknown;</root>`, `<root><![CDATA[<x>]]></root>`, `<a:root xmlns:a="u"><a:x>1</a:x></a:root>`,
		`<?xml version="1.0" encoding="latin1"?><root/>`, `<root>`, `</root>`, `<root/><x/>`, `x<root/>`,
		strings.Repeat("<a>", MaxDepth+2) + strings.Repeat("</a>", MaxDepth+2),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		v, err := DecodeXML(body)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		if bytes.Contains(body, []byte("<!")) && bytes.Contains(body, []byte("ENTITY")) {
			t.Fatalf("a document declaring entities was accepted: %q", body)
		}
		m, ok := v.(map[string]any)
		if !ok || len(m) != 1 {
			t.Fatalf("root is %#v", v)
		}
		checkGeneric(t, v, 0)
	})
}

// checkGeneric fails unless v is maps, lists and strings only, at most
// MaxDepth+1 levels deep (the root's wrapper map adds one).
func checkGeneric(t *testing.T, v any, depth int) {
	t.Helper()
	if depth > MaxDepth+1 {
		t.Fatalf("value nests %d levels", depth)
	}
	switch x := v.(type) {
	case string:
	case map[string]any:
		for _, c := range x {
			checkGeneric(t, c, depth+1)
		}
	case []any:
		for _, c := range x {
			checkGeneric(t, c, depth)
		}
	default:
		t.Fatalf("value of type %T", v)
	}
}

// TestFastJSONSeeds runs the seeds through both paths as a plain test.
func TestFastJSONSeeds(t *testing.T) {
	for _, s := range jsonSeeds {
		fast, ok := parseJSON(s)
		std, err := decodeJSONStd([]byte(s))
		if ok != (err == nil) || (ok && !reflect.DeepEqual(fast, std)) {
			t.Errorf("%q: fast %#v %v, std %#v %v", s, fast, ok, std, err)
		}
	}
	v, ok := parseJSON(`{"n":12.50}`)
	if n, _ := v.(map[string]any)["n"].(json.Number); !ok || n != "12.50" {
		t.Errorf("number literal not kept: %#v", v)
	}
}
