package sandboxtest_test

import (
	"fmt"
	"testing"

	"github.com/capsandbox/capsandbox/sandbox/sandboxtest"
)

// BenchmarkRun is what sandboxtest.Run costs a test: start a server on a
// temporary store and stop it. The load harness runs it by this name.
func BenchmarkRun(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sb, err := sandboxtest.Start()
		if err != nil {
			b.Fatal(err)
		}
		if err := sb.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRunFirstRequest starts a server, registers one customer and
// stops it, so that work deferred past the start is counted too.
func BenchmarkRunFirstRequest(b *testing.B) {
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		sb, err := sandboxtest.Start()
		if err != nil {
			b.Fatal(err)
		}
		i++
		mustAdd(b, sb, addBody(fmt.Sprintf("9198%08d", i), "Asha"))
		if err := sb.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
