package sandbox

import (
	"regexp"
	"testing"

	"pgregory.net/rapid"
)

// emailPattern is the definition validEmail implements.
var emailPattern = regexp.MustCompile(`^[A-Za-z0-9._+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+$`)

func TestValidEmailMatchesPattern(t *testing.T) {
	for _, v := range []string{"", "@", "a@b", "a@b.c", "a@b.", "a@.b", "@b.c", "a@@b.c", "a.b+c_d-e@x-y.z.w",
		"a@b..c", "a b@c.d", "a@b.c\n", "ä@b.c", "a@b.c.", "a@-.-", "A@B.C", "a@b@c.d"} {
		if got, want := validEmail(v), emailPattern.MatchString(v); got != want {
			t.Errorf("validEmail(%q) = %v, the pattern says %v", v, got, want)
		}
	}
	alphabet := []rune("aZ9._+-@ .\n\x00é")
	rapid.Check(t, func(rt *rapid.T) {
		v := string(rapid.SliceOfN(rapid.SampledFrom(alphabet), 0, 12).Draw(rt, "runes"))
		if got, want := validEmail(v), emailPattern.MatchString(v); got != want {
			rt.Fatalf("validEmail(%q) = %v, the pattern says %v", v, got, want)
		}
	})
}

func BenchmarkValidEmail(b *testing.B) {
	for b.Loop() {
		if !validEmail("u5000012345@example.com") {
			b.Fatal("rejected")
		}
	}
}
