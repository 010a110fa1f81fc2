package sandbox_test

import (
	"reflect"
	"testing"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// FuzzParseOutcome: the X-Sandbox-Outcome parser never panics; it either
// refuses a header with a message, or returns an outcome within the
// limits that survives a round trip through its own String form.
//
//	go test -run - -fuzz FuzzParseOutcome -fuzztime 20s ./internal/sandbox
func FuzzParseOutcome(f *testing.F) {
	for _, s := range []string{"warning=1017", "error=1001", "status=503", "delay=250ms", "reset",
		"warning=1017, warning=91015 ,delay=2s", "", " , ", "delay=30001", "delay=-1s", "delay=1.5s",
		"status=200", "unknown", "warning=abc", "reset=1", "DELAY=5", "error=1001,status=429,delay=0,reset",
		"warning=", "=1017", "delay=1e3ms", "status=1060"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		o, err := sandbox.ParseOutcome(header)
		if err != nil {
			if !o.IsZero() || err.Error() == "" {
				t.Fatalf("%q: error %v with outcome %+v", header, err, o)
			}
			return
		}
		if o.Delay < 0 || o.Delay > sandbox.MaxDelay {
			t.Fatalf("%q: delay %v out of range", header, o.Delay)
		}
		back, err := sandbox.ParseOutcome(o.String())
		if err != nil || !reflect.DeepEqual(back, o) {
			t.Fatalf("%q: %+v -> %q -> %+v, %v", header, o, o.String(), back, err)
		}
	})
}
