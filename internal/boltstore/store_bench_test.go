package boltstore

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/sandbox"
	bolt "go.etcd.io/bbolt"
)

// Store benchmarks. The parallel ones run 50 writers (like the load
// harness's 50 connections) and compare the group commit with bbolt's own
// Batch, which waits up to MaxBatchDelay (10 ms) for a batch to fill.
//
//	go test -run - -bench . -benchmem ./internal/boltstore

// syncModes are the --sync modes and their Options (interval at the
// server's default, 100 ms).
var syncModes = []struct {
	name string
	opts Options
}{
	{"always", Options{}},
	{"interval", Options{NoSync: true, SyncInterval: 100 * time.Millisecond}},
	{"none", Options{NoSync: true}},
}

func benchStore(b *testing.B, opts Options) *Store {
	b.Helper()
	s, err := Open(filepath.Join(b.TempDir(), "c.db"), opts)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// benchCustomer is a customer of the size the load harness registers.
func benchCustomer(id int64) *sandbox.Customer {
	m := strconv.FormatInt(917000000000+id, 10)
	c := &sandbox.Customer{UserID: id, FirstName: "Asha", LastName: "Rao", Mobile: m, Email: "u" + m + "@example.com",
		Type: sandbox.TypeLoyalty, FraudStatus: "NONE", RegisteredOn: "2026-11-25 20:48:18", UpdatedOn: "2026-11-25 20:48:18",
		RegisteredBy: "till1", Loyalty: &sandbox.Loyalty{ProgramID: "469", Slab: 1, TierExpiry: "2126-11-25 23:59:59"}}
	for i := range 10 {
		c.CustomFields = append(c.CustomFields, sandbox.Field{Name: fmt.Sprint("field_", i), Value: "value number " + strconv.Itoa(i)})
	}
	return c
}

func insertFn(id int64) func(sandbox.Tx) error {
	c := benchCustomer(id)
	return func(tx sandbox.Tx) error {
		if found, err := tx.Find(sandbox.Mobile, c.Mobile); err != nil || found != nil {
			return fmt.Errorf("mobile %s: %v %v", c.Mobile, found, err)
		}
		return tx.Insert(c, [3]string{c.Mobile, c.Email, ""})
	}
}

// BenchmarkInsert is one writer inserting customers, one commit each,
// without fsync.
func BenchmarkInsert(b *testing.B) {
	s := benchStore(b, Options{NoSync: true})
	b.ReportAllocs()
	for i := range b.N {
		if err := s.Update("b", insertFn(int64(i+1))); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInsertSequential is BenchmarkInsert in each --sync mode: the
// commit cost a test suite sending one request at a time waits for.
func BenchmarkInsertSequential(b *testing.B) {
	for _, m := range syncModes {
		b.Run("sync="+m.name, func(b *testing.B) {
			s := benchStore(b, m.opts)
			b.ReportAllocs()
			for i := range b.N {
				if err := s.Update("b", insertFn(int64(i+1))); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func benchParallelInsert(b *testing.B, opts Options, update func(s *Store, fn func(sandbox.Tx) error) error) {
	s := benchStore(b, opts)
	var next atomic.Int64
	b.ReportAllocs()
	b.SetParallelism(25)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := update(s, insertFn(next.Add(1))); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func groupUpdate(s *Store, fn func(sandbox.Tx) error) error { return s.Update("b", fn) }

func batchUpdate(s *Store, fn func(sandbox.Tx) error) error {
	return s.db.Batch(func(btx *bolt.Tx) error { return runCall(btx, &call{ns: "b", fn: fn}) })
}

// BenchmarkInsertParallel is 50 concurrent writers in each --sync mode.
func BenchmarkInsertParallel(b *testing.B) {
	for _, m := range syncModes {
		b.Run("group/sync="+m.name, func(b *testing.B) { benchParallelInsert(b, m.opts, groupUpdate) })
		b.Run("bboltBatch/sync="+m.name, func(b *testing.B) { benchParallelInsert(b, m.opts, batchUpdate) })
	}
}

// BenchmarkFind looks customers up by mobile in a store of 10,000.
func BenchmarkFind(b *testing.B) {
	s := benchStore(b, Options{NoSync: true})
	const n = 10000
	err := s.db.Update(func(btx *bolt.Tx) error {
		for i := int64(1); i <= n; i++ {
			if err := runCall(btx, &call{ns: "b", fn: insertFn(i)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		m := strconv.FormatInt(917000000000+int64(i%n)+1, 10)
		err := s.View("b", func(tx sandbox.Tx) error {
			c, err := tx.Find(sandbox.Mobile, m)
			if c == nil || c.Mobile != m {
				return fmt.Errorf("mobile %s: %v %v", m, c, err)
			}
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStoreSize registers 100,000 customers of the harness's shape
// in transactions of 5,000 and reports the file's bytes per customer.
func BenchmarkStoreSize(b *testing.B) {
	const n, chunk = 100000, 5000
	for range b.N {
		s := benchStore(b, Options{NoSync: true})
		for start := int64(0); start < n; start += chunk {
			err := s.db.Update(func(btx *bolt.Tx) error {
				for i := start + 1; i <= start+chunk; i++ {
					if err := runCall(btx, &call{ns: "b", fn: insertFn(i)}); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		fi, err := os.Stat(s.Path())
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(fi.Size())/n, "bytes/customer")
	}
}
