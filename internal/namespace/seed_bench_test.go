package namespace_test

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkSeedFake measures `capsandbox seed`'s core: 10,000 fake
// customers per op through the engine, 2,000 per transaction, into a fresh
// namespace of a store without fsync. It reports customers per second;
// compare medians of -count runs.
func BenchmarkSeedFake(b *testing.B) {
	const perOp = 10000
	m := newManager(b, nil)
	start := time.Now()
	for i := 0; b.Loop(); i++ {
		ns := mustGet(b, m, fmt.Sprintf("bench-%d", i))
		res, err := ns.SeedFake(perOp, 2000, int64(i), nil)
		if err != nil || res.Created != perOp {
			b.Fatalf("%+v %v", res, err)
		}
	}
	b.ReportMetric(float64(b.N*perOp)/time.Since(start).Seconds(), "customers/s")
}
