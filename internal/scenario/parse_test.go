package scenario

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// mustParse parses a scenario that must load.
func mustParse(t *testing.T, yaml string) *Scenario {
	t.Helper()
	s, err := Parse("t.yaml", []byte(yaml))
	if err != nil {
		t.Fatalf("Parse: %v\n%s", err, yaml)
	}
	return s
}

const minimal = "name: m\norg:\n  tills: [{username: till1, password: \"123\"}]\n  country: {base: {code: \"91\", lengths: [10]}}\n"

// TestParseErrors: each problem is reported as file:line:column: what is wrong.
func TestParseErrors(t *testing.T) {
	cases := []struct{ name, yaml, want string }{
		{"empty file", "", "t.yaml: the file is empty; a scenario needs at least name and org"},
		{"not a mapping", "- a\n", "t.yaml:1: a scenario must be a mapping of keys (name, org, sandbox, customers, rules)"},
		{"syntax", "name: x\n  org: [\n", "t.yaml:2:3: YAML syntax: bad indentation: this line is indented deeper than line 1, which already has a value"},
		{"missing name", "org: {}\n", "t.yaml:1:1: name: is required"},
		{"missing org", "name: x\n", "t.yaml:1:1: org: is required"},
		{"unknown nested key", minimal + "  program: {id: 1, slabs: [{name: Base, colour: red}]}\n", `t.yaml:5:41: unknown key "colour" in org.program.slabs[0]`},
		{"wrong type", "name: x\nextends: default\norg:\n  id: abc\n", "t.yaml:4:3: org.id: must be an integer, got string"},
		{"bad setting value", "name: x\nextends: default\nsandbox:\n  duplicate_policy: ignore\n", `t.yaml:4:3: sandbox.duplicate_policy: must be one of "upsert", "reject"`},
		{"unknown config", "name: x\nextends: default\norg:\n  configs:\n    CONF_NOPE: 1\n", "t.yaml:5:5: unknown config CONF_NOPE (GET /v1.1/organization/configs lists the known ones)"},
		{"bad config value", "name: x\nextends: default\norg:\n  configs:\n    CONF_ALLOW_EMAIL_UPDATE: maybe\n", `t.yaml:5:5: config CONF_ALLOW_EMAIL_UPDATE: must be 0/1 or true/false, not "maybe"`},
		{"config twice", "name: x\nextends: default\norg:\n  configs:\n    CONF_SKIP_SECONDARY_ID_ON_PRIMARY_MISMATCH: 1\n    CONFIG_SKIP_SECONDARY_ID_ON_PRIMARY_MISMATCH: 0\n", "t.yaml:5:5: CONFIG_SKIP_SECONDARY_ID_ON_PRIMARY_MISMATCH and CONF_SKIP_SECONDARY_ID_ON_PRIMARY_MISMATCH are the same config; set it once"},
		{"duplicate till", "name: x\norg:\n  country: {base: {code: \"91\"}}\n  tills: [{username: a, password: b}, {username: A, password: c}]\n", `t.yaml:4:40: duplicate till "A"`},
		{"duplicate key", minimal + "  tills: []\n", `t.yaml:5:3: mapping key "tills" already defined at line 3`},
		{"bad time zone", "name: x\nextends: default\norg:\n  time_zone: Mars/Olympus\n", `t.yaml:4:3: unknown time zone "Mars/Olympus"`},
		{"first slab threshold", minimal + "  program:\n    id: 1\n    slabs:\n      - {name: Base, threshold: 5}\n", `t.yaml:8:22: the first slab ("Base") is where every customer starts: its threshold must be 0`},
		{"slab order", minimal + "  program:\n    id: 1\n    slabs:\n      - {name: Base}\n      - {name: Gold, threshold: 500}\n      - {name: Silver, threshold: 100}\n", `t.yaml:10:24: slabs go lowest first: "Silver" needs a threshold above "Gold"'s (500)`},
		{"duplicate slab", minimal + "  program:\n    id: 1\n    slabs:\n      - {name: Base}\n      - {name: base, threshold: 1}\n", `t.yaml:9:10: duplicate slab "base"`},
		{"points without program", minimal + "  side_effects: {points: 10}\n", "t.yaml:5:18: points need a program"},
		{"unknown directive", "name: x\nextends: default\nrules:\n  - outcome: explode\n", `t.yaml:4:5: unknown outcome directive "explode" (known: warning, error, status, delay, reset)`},
		{"bad code", "name: x\nextends: default\nrules:\n  - outcome: warning=1001\n", `t.yaml:4:5: warning=1001: "1001" is not a warning code (GET /__sandbox/codes lists them)`},
		{"bad status", "name: x\nextends: default\nrules:\n  - outcome: status=200\n", `t.yaml:4:5: status=200: "200" is not a request-level failure code (e.g. 400, 401, 403, 429, 500, 503, 1060; GET /__sandbox/codes lists them)`},
		{"missing capture", "name: x\nextends: default\nrules:\n  - match: {mobile: {regex: '^(91)'}}\n    outcome: error=$2\n", "t.yaml:5:5: $2 refers to a capture the match does not have (it has 1 group(s))"},
		{"capture for reset", "name: x\nextends: default\nrules:\n  - match: {mobile: {regex: '^(91)'}}\n    outcome: reset=$1\n", `t.yaml:5:5: "reset=$1": only warning, error, status and delay may take a captured value`},
		{"bad regex", "name: x\nextends: default\nrules:\n  - match: {email: {regex: '(['}}\n    outcome: warning=1017\n", "t.yaml:4:21: bad regex: error parsing regexp: missing closing ]: `[`"},
		{"empty condition", "name: x\nextends: default\nrules:\n  - match: {email: {}}\n    outcome: warning=1017\n", "t.yaml:4:13: rules[0].match.email: must have at least 1 key(s)"},
		{"rule on undefined field", "name: x\nextends: default\nrules:\n  - match: {custom_fields: {tier: gold}}\n    outcome: warning=1017\n", `t.yaml:4:29: custom field "tier" is not defined in org.custom_fields`},
		{"nth range", "name: x\nextends: default\nrules:\n  - match: {nth: {from: 5, to: 2}}\n    outcome: warning=1017\n", "t.yaml:4:13: nth: to (2) must not be below from (5)"},
		{"customer field undefined", "name: x\nextends: default\ncustomers:\n  - mobile: \"919800000001\"\n    custom_fields: {tier: gold}\n", `t.yaml:5:21: custom field "tier" is not defined in org.custom_fields`},
		{"customer invalid", "name: x\nextends: default\ncustomers:\n  - {mobile: \"12\"}\n", "t.yaml:4:5: this customer would not be registered: 1001 Unable to register. Invalid mobile number."},
		{"customer repeated", "name: x\nextends: default\ncustomers:\n  - {mobile: \"919800000001\"}\n  - {mobile: \"919800000001\", firstname: B}\n", "t.yaml:5:5: this customer repeats an identifier of an earlier one (it would update it, not register a new one)"},
		{"fake and explicit", "name: x\nextends: default\ncustomers:\n  - {fake: 2, mobile: \"919800000001\"}\n", "t.yaml:4:5: an entry is either fake: N or one explicit customer, not both"},
		{"extends unknown", "name: x\nextends: nowhere\n", "t.yaml:2:1: extends: no scenario \"nowhere\" (built-in scenarios: "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("t.yaml", []byte(c.yaml))
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("want Errors, got %v", err)
			}
			if !strings.HasPrefix(es[0].Error(), c.want) {
				t.Errorf("got  %s\nwant %s", err, c.want)
			}
		})
	}
}

// TestExtendsErrorsNameTheFile: a problem in an extended file is reported
// at that file's line; a cycle is reported where it closes.
func TestExtendsErrorsNameTheFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	write("base.yaml", "name: base\nextends: default\norg:\n  configs:\n    CONF_NOPE: 1\n")
	child := write("child.yaml", "name: child\nextends: base\n")
	_, err := ParseFile(child)
	if want := filepath.Join(dir, "base.yaml") + ":5:5: unknown config CONF_NOPE"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v, want %s…", err, want)
	}
	write("broken.yaml", "name: broken\nextends: default\nsandbox: {batch_limit: many}\n")
	child2 := write("child2.yaml", "name: child2\nextends: broken.yaml\n")
	_, err = ParseFile(child2)
	want := filepath.Join(dir, "broken.yaml") + ":3:11: sandbox.batch_limit: must be an integer, got string\n" +
		child2 + `:2:1: extends: scenario "broken.yaml" (` + filepath.Join(dir, "broken.yaml") + ") has errors"
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
	a := write("a.yaml", "name: a\nextends: b\n")
	write("b.yaml", "name: b\nextends: a\n")
	_, err = ParseFile(a)
	if err == nil || !strings.Contains(err.Error(), "extends: cycle: "+a+" → "+filepath.Join(dir, "b.yaml")+" → "+a) {
		t.Errorf("cycle: got %v", err)
	}
}

// TestDefaultsFilled: a minimal scenario gets the default settings.
func TestDefaultsFilled(t *testing.T) {
	s := mustParse(t, minimal)
	if s.Org.UserIDStart != 1 || s.Org.Location.String() != "UTC" || s.Settings.BatchLimit != 100 ||
		s.Settings.DuplicatePolicy != "upsert" || s.Org.Configs.PrimaryKey.Key() != "mobile" {
		t.Errorf("defaults not filled: %+v %+v", s.Org, s.Settings)
	}
	if s.Source != "t.yaml" || string(s.YAML) != minimal {
		t.Errorf("Source %q, YAML kept as written: %v", s.Source, string(s.YAML) == minimal)
	}
}

// TestAliasBomb: aliases that expand exponentially are refused quickly.
func TestAliasBomb(t *testing.T) {
	yaml := "name: bomb\nextends: default\nx0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
	for i := 1; i < 9; i++ {
		yaml += "x" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [" + strings.Repeat("*a"+string(rune('0'+i-1))+", ", 9) + "*a" + string(rune('0'+i-1)) + "]\n"
	}
	start := time.Now()
	_, err := Parse("bomb.yaml", []byte(yaml))
	if err == nil || !strings.Contains(err.Error(), "expands to more than") || time.Since(start) > 5*time.Second {
		t.Fatalf("got %v after %v", err, time.Since(start))
	}
}

// TestOneMessagePerProblem: a bad regex is one problem (not also "a
// condition needs ..."); a till the schema finds without a password is not
// reported again by the semantic check; two problems at one node are two.
func TestOneMessagePerProblem(t *testing.T) {
	cases := []struct {
		name, yaml string
		want       []string
	}{
		{"bad regex", "name: x\nextends: default\nrules:\n  - match: {email: {regex: '(['}}\n    outcome: warning=1017\n",
			[]string{"t.yaml:4:21: bad regex: error parsing regexp: missing closing ]: `[`"}},
		{"schema and semantic at one node", "name: x\nextends: default\norg:\n  tills:\n    - {username: a}\n",
			[]string{"t.yaml:5:7: org.tills[0].password: is required"}},
		{"schema and semantic elsewhere", "name: x\nextends: default\norg:\n  id: nine\n  time_zone: Nowhere/City\n",
			[]string{"t.yaml:4:3: org.id: must be an integer, got string", `t.yaml:5:3: unknown time zone "Nowhere/City"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("t.yaml", []byte(c.yaml))
			if err == nil || err.Error() != strings.Join(c.want, "\n") {
				t.Errorf("got\n%v\nwant\n%s", err, strings.Join(c.want, "\n"))
			}
		})
	}
}
