package boltstore

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// FuzzDecodeCustomer: a stored record of any bytes decodes to a customer
// or an error, never a panic; a decoded customer survives a round trip
// (compared encoded, so that an empty list and no list are the same).
//
//	go test -run - -fuzz FuzzDecodeCustomer -fuzztime 20s ./internal/boltstore
func FuzzDecodeCustomer(f *testing.F) {
	full := new(sandbox.Customer)
	fill(reflect.ValueOf(full).Elem(), 1)
	f.Add(encodeCustomer(nil, full))
	f.Add(encodeCustomer(nil, &sandbox.Customer{UserID: 1, Mobile: "919876543210"}))
	f.Add([]byte(`{"id":7,"m":"919876543210","cf":[{"n":"a","v":"b"}],"l":{"p":"1"}}`))
	f.Add([]byte{codecVersion, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, rec []byte) {
		c, err := decodeCustomer(rec)
		if err != nil {
			return
		}
		rec2 := encodeCustomer(nil, c)
		again, err := decodeCustomer(rec2)
		if err != nil || !bytes.Equal(encodeCustomer(nil, again), rec2) {
			t.Fatalf("round trip of %+v: %+v, %v", c, again, err)
		}
	})
}
