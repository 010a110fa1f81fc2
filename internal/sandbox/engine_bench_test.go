package sandbox_test

import (
	"strconv"
	"testing"

	"github.com/capsandbox/capsandbox/internal/memstore"
	"github.com/capsandbox/capsandbox/internal/sandbox"
	"github.com/capsandbox/capsandbox/internal/scenario"
)

// Benchmarks of the registration engine alone (on the in-memory store, one
// transaction per item), with the default scenario's org and the
// harness's customer:
//
//	go test -run - -bench EngineAdd -benchmem ./internal/sandbox

func benchEngine(b *testing.B) *sandbox.Engine {
	b.Helper()
	lib, err := scenario.NewLibrary("")
	if err != nil {
		b.Fatal(err)
	}
	scn, err := lib.Get("default")
	if err != nil {
		b.Fatal(err)
	}
	settings := scn.Settings
	return &sandbox.Engine{Org: scn.Org, Settings: &settings, Seed: 1}
}

var benchFields = []sandbox.Field{
	{Name: "City_name", Value: "Bangalore"}, {Name: "address", Value: "Bangalore1234"},
	{Name: "bde_mobile_number", Value: "12345678"}, {Name: "bde_name", Value: "pidilite"},
	{Name: "firm_name", Value: "pidilite1"}, {Name: "club", Value: "pidilite2"},
	{Name: "pincode", Value: "54321"}, {Name: "pwgConsumption", Value: "true"},
	{Name: "state", Value: "pidilite5"}, {Name: "profile_image_name", Value: "customerprofile1"},
}

func benchItem(n int) sandbox.ItemInput {
	m := strconv.Itoa(7000000000 + n)
	return sandbox.ItemInput{Mobile: "91" + m, Email: "u" + m + "@example.com", FirstName: "Asha", LastName: "Rao",
		Type: "LOYALTY", Till: "till1", CustomFields: benchFields}
}

func benchAdd(b *testing.B, e *sandbox.Engine, st *memstore.Store, in *sandbox.ItemInput) {
	var r sandbox.ItemResult
	err := st.Update("bench", func(tx sandbox.Tx) error {
		var err error
		r, err = e.Add(tx, in, testNow, sandbox.Outcome{})
		return err
	})
	if err != nil || !r.Success {
		b.Fatalf("item %d: %s %v", r.Code, r.Message, err)
	}
}

// BenchmarkEngineAdd decides new registrations and re-adds of stored
// customers (the update path).
func BenchmarkEngineAdd(b *testing.B) {
	b.Run("new", func(b *testing.B) {
		e, s := benchEngine(b), memstore.New()
		items := make([]sandbox.ItemInput, b.N)
		for i := range items {
			items[i] = benchItem(i)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := range b.N {
			benchAdd(b, e, s, &items[i])
		}
	})
	b.Run("existing", func(b *testing.B) {
		e, s := benchEngine(b), memstore.New()
		items := make([]sandbox.ItemInput, 1000)
		for i := range items {
			items[i] = benchItem(i)
			benchAdd(b, e, s, &items[i])
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := range b.N {
			benchAdd(b, e, s, &items[i%len(items)])
		}
	})
}
