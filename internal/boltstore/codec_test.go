package boltstore

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/capsandbox/capsandbox/internal/sandbox"
	"pgregory.net/rapid"
)

// TestCodecRoundTrip: any customer decodes to exactly what was encoded.
func TestCodecRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := genCustomer(t)
		got, err := decodeCustomer(encodeCustomer(nil, c))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, c) {
			t.Fatalf("round trip\n got %+v\nwant %+v", got, c)
		}
	})
}

// TestCodecCoversEveryField fills every field of sandbox.Customer (and
// Loyalty, Field, Subscription) by reflection: a field added to the domain
// type without a codec change fails here instead of being silently dropped.
func TestCodecCoversEveryField(t *testing.T) {
	c := new(sandbox.Customer)
	fill(reflect.ValueOf(c).Elem(), 1)
	got, err := decodeCustomer(encodeCustomer(nil, c))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, c) {
		t.Fatalf("a field does not survive the store codec\n got %+v\nwant %+v", got, c)
	}
}

// fill gives every field a distinct non-zero value.
func fill(v reflect.Value, n int) int {
	switch v.Kind() {
	case reflect.String:
		v.SetString("s" + string(rune('a'+n%26)) + string(rune('a'+n/26)))
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(n * 1000003))
	case reflect.Float64:
		v.SetFloat(float64(n) + 0.25)
	case reflect.Struct:
		for i := range v.NumField() {
			n = fill(v.Field(i), n+1)
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		n = fill(v.Index(0), n+1)
		n = fill(v.Index(1), n+1)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		n = fill(v.Elem(), n+1)
	default:
		panic("fill: unhandled kind " + v.Kind().String() + ": teach the codec and this test about it")
	}
	return n
}

// TestCodecReadsJSONRecords: records stored as JSON by earlier versions
// still load.
func TestCodecReadsJSONRecords(t *testing.T) {
	c := &sandbox.Customer{UserID: 9, Mobile: "919876543210", Type: sandbox.TypeLoyalty,
		CustomFields: []sandbox.Field{{Name: "a", Value: "b"}}, Loyalty: &sandbox.Loyalty{ProgramID: "1", LoyaltyPoints: 2.5}}
	raw, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeCustomer(raw)
	if err != nil || !reflect.DeepEqual(got, c) {
		t.Fatalf("got %+v, %v", got, err)
	}
}

// TestCodecRefusesDamage: every truncation, and a record with a byte
// flipped in its length prefix, is an error, never a panic.
func TestCodecRefusesDamage(t *testing.T) {
	c := new(sandbox.Customer)
	fill(reflect.ValueOf(c).Elem(), 1)
	rec := encodeCustomer(nil, c)
	for n := range len(rec) {
		if _, err := decodeCustomer(rec[:n]); err == nil {
			t.Fatalf("truncated to %d of %d bytes: no error", n, len(rec))
		}
	}
	long := append(append([]byte(nil), rec...), 0)
	if _, err := decodeCustomer(long); err == nil {
		t.Fatal("trailing byte: no error")
	}
	bad := append([]byte(nil), rec...)
	bad[0] = codecVersion + 1
	if _, err := decodeCustomer(bad); err == nil {
		t.Fatal("unknown version: no error")
	}
}

func genCustomer(t *rapid.T) *sandbox.Customer {
	str := rapid.String()
	c := &sandbox.Customer{UserID: rapid.Int64().Draw(t, "id")}
	for _, p := range []*string{&c.FirstName, &c.LastName, &c.Mobile, &c.Email, &c.ExternalID, &c.Type,
		&c.FraudStatus, &c.FraudReason, &c.FraudModified, &c.RegisteredOn, &c.UpdatedOn, &c.RegisteredBy,
		&c.RegisteredTill, &c.AssociatedWith} {
		*p = str.Draw(t, "s")
	}
	field := rapid.Custom(func(t *rapid.T) sandbox.Field {
		return sandbox.Field{Name: str.Draw(t, "n"), Value: str.Draw(t, "v")}
	})
	c.CustomFields = rapid.SliceOfN(field, 0, 12).Draw(t, "cf")
	c.ExtendedFields = rapid.SliceOfN(field, 0, 4).Draw(t, "ef")
	c.Subscriptions = rapid.SliceOfN(rapid.Custom(func(t *rapid.T) sandbox.Subscription {
		return sandbox.Subscription{Channel: str.Draw(t, "c"), Priority: str.Draw(t, "p"), Status: str.Draw(t, "st")}
	}), 0, 4).Draw(t, "subs")
	for _, p := range []*[]sandbox.Field{&c.CustomFields, &c.ExtendedFields} {
		if len(*p) == 0 {
			*p = nil
		}
	}
	if len(c.Subscriptions) == 0 {
		c.Subscriptions = nil
	}
	if rapid.Bool().Draw(t, "loyal") {
		f := rapid.Float64()
		c.Loyalty = &sandbox.Loyalty{ProgramID: str.Draw(t, "p"), Slab: rapid.Int().Draw(t, "slab"),
			TierExpiry: str.Draw(t, "te"), LifetimePoints: f.Draw(t, "f"), LoyaltyPoints: f.Draw(t, "f"),
			LifetimePurchases: f.Draw(t, "f"), Redeemed: f.Draw(t, "f"), Expired: f.Draw(t, "f"),
			Returned: f.Draw(t, "f"), Adjusted: f.Draw(t, "f")}
	}
	return c
}
