package sandboxtest_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/capsandbox/capsandbox/sandbox/sandboxtest"
)

// TestScenarioOptions: WithScenariosDir and WithScenario start the server
// on a scenario file of one's own, and WithSeed decides its fake customers
// (the same seed the same customers, another seed others).
func TestScenarioOptions(t *testing.T) {
	dir := t.TempDir()
	yaml := "name: two-fakes\ndescription: default plus two fake customers\nextends: default\ncustomers:\n  - fake: 2\n"
	if err := os.WriteFile(filepath.Join(dir, "two-fakes.yaml"), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	first := func(seed int64) string {
		sb := sandboxtest.Run(t, sandboxtest.WithScenariosDir(dir), sandboxtest.WithScenario("two-fakes"), sandboxtest.WithSeed(seed))
		info, err := sb.Scenario()
		must(t, err)
		cs, err := sb.Customers()
		must(t, err)
		if info.Name != "two-fakes" || len(cs) != 2 {
			t.Fatalf("scenario %q with %d customers, want two-fakes with its 2 fake customers", info.Name, len(cs))
		}
		return cs[0].Mobile + " " + cs[0].FirstName
	}
	a, again, b := first(42), first(42), first(43)
	if a != again {
		t.Errorf("seed 42 made %q, then %q", a, again)
	}
	if a == b {
		t.Errorf("seeds 42 and 43 made the same first customer %q", a)
	}
}
