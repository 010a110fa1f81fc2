package sandboxtest_test

import (
	"fmt"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/capsandbox/capsandbox/internal/scenario"
	"github.com/capsandbox/capsandbox/sandbox/sandboxtest"
	"github.com/capsandbox/capsandbox/scenarios"
)

// Servers of one process share the parsed built-in scenarios (and the
// compiled schemas). Sandboxes started at the same time still keep their
// own customers, scenario and clock, and the shared scenarios come out of
// their traffic as a fresh parse reads them. Run with -race.
func TestParallelSandboxes(t *testing.T) {
	t.Run("group", func(t *testing.T) {
		for i := range 8 {
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				t.Parallel()
				sb := sandboxtest.Run(t)
				fixed := i%2 == 1
				if fixed {
					must(t, sb.UseScenario("welcome-coupon"))
					must(t, sb.SetNow(time.Date(2031, 1, 1+i, 12, 0, 0, 0, time.UTC)))
				}
				var first int64
				for j := range 3 {
					_, r := mustAdd(t, sb, addBody(fmt.Sprintf("9198%04d%04d", i, j), fmt.Sprintf("Asha%d", j)))
					c := r.Response.Customers.Customer[0]
					if on := c.RegisteredOn; fixed != strings.HasPrefix(on, fmt.Sprintf("2031-01-%02d", 1+i)) {
						t.Errorf("sandbox %d (fixed clock %v): registered_on %s", i, fixed, on)
					}
					if j == 0 {
						first = c.UserID
					} else if c.UserID != first+int64(j) {
						t.Errorf("sandbox %d: user id %d, want %d (its own sequence)", i, c.UserID, first+int64(j))
					}
				}
				sb.CheckCustomerCount(t, 3)
				sb.CheckNotRegistered(t, fmt.Sprintf("9198%04d%04d", (i+1)%8, 0))
				info, err := sb.Scenario()
				must(t, err)
				if want := map[bool]string{false: "default", true: "welcome-coupon"}[fixed]; info.Name != want {
					t.Errorf("sandbox %d: scenario %s, want %s", i, info.Name, want)
				}
			})
		}
	})
	lib, err := scenario.NewLibrary("")
	must(t, err)
	for _, name := range lib.Names() {
		shared, err := lib.Get(name)
		must(t, err)
		data, err := fs.ReadFile(scenarios.FS, name+".yaml")
		must(t, err)
		fresh, err := scenario.Parse("scenarios/"+name+".yaml", data)
		must(t, err)
		fresh.Source = shared.Source
		if !reflect.DeepEqual(shared, fresh) {
			t.Errorf("built-in %s changed while shared", name)
		}
	}
}
