package sandboxtest_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
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

// BenchmarkRunFirstRequest starts a server, registers one customer through
// the handle's client (a new connection) and stops it, so that work put
// off past the start is counted too.
func BenchmarkRunFirstRequest(b *testing.B) {
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		sb, err := sandboxtest.Start()
		if err != nil {
			b.Fatal(err)
		}
		i++
		body := addBody(fmt.Sprintf("9198%08d", i), "Asha")
		resp, err := sb.Client().Post(sb.URL()+"/v1.1/customer/add?format=json", "application/json", strings.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		raw, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || !strings.Contains(string(raw), "Customer registration successful") {
			b.Fatalf("customer/add: %d %s %v", resp.StatusCode, raw, err)
		}
		if err := sb.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
