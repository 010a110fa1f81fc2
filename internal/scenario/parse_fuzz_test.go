package scenario_test

import (
	"io/fs"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/scenario"
	"github.com/capsandbox/capsandbox/scenarios"
)

// FuzzParse: the scenario loader returns a scenario or an error for any
// bytes — it never panics or hangs. The seeds are the built-in scenarios.
//
//	go test -run - -fuzz FuzzParse -fuzztime 20s ./internal/scenario
func FuzzParse(f *testing.F) {
	files, err := fs.Glob(scenarios.FS, "*.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		data, err := fs.ReadFile(scenarios.FS, name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{"", "name: x\n", "name: x\nextends: default\n", "name: x\nextends: x\n",
		"name: [\n", "a: &a [*a]\n", "name: x\nextends: default\norg: {tills: 5}\n",
		"name: x\nextends: default\nrules:\n - match: {mobile: {regex: '('}}\n   outcome: {warning: 1017}\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		type result struct {
			s   *scenario.Scenario
			err error
		}
		done := make(chan result, 1)
		go func() {
			s, err := scenario.Parse("fuzz.yaml", data)
			done <- result{s, err}
		}()
		select {
		case r := <-done:
			if (r.s == nil) == (r.err == nil) {
				t.Fatalf("scenario %v with error %v", r.s, r.err)
			}
			if r.err != nil && r.err.Error() == "" {
				t.Fatal("an error without a message")
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("Parse did not return within 10 s for %q", data)
		}
	})
}
