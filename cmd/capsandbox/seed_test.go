package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/internal/boltstore"
	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// runSeedCmd runs `capsandbox seed args...` and returns the exit code and
// output.
func runSeedCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	unsetServeEnv(t) // seed reads the same variables as serve
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"seed"}, args...), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// storedCustomers reads every customer of a namespace from a store file.
func storedCustomers(t *testing.T, path, ns string) []*sandbox.Customer {
	t.Helper()
	st, err := boltstore.Open(path, boltstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Check(); err != nil {
		t.Fatalf("store check: %v", err)
	}
	var out []*sandbox.Customer
	err = st.View(ns, func(tx sandbox.Tx) error {
		var err error
		out, err = tx.List(0, 1<<30)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var mobileRE = regexp.MustCompile(`^91[6-9][0-9]{9}$`)

func TestSeedWritesValidCustomers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	code, stdout, stderr := runSeedCmd(t, "--count", "250", "--batch", "100", "--data", path, "--namespace", "load", "--scenario", "default")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "seeded 250 customers into namespace load of "+path) || strings.Contains(stdout+stderr, "█") {
		t.Errorf("summary (no progress bar off a terminal) = %q, stderr %q", stdout, stderr)
	}
	cs := storedCustomers(t, path, "load")
	if len(cs) != 250 {
		t.Fatalf("%d customers stored, want 250", len(cs))
	}
	seen := map[string]bool{}
	for _, c := range cs {
		if !mobileRE.MatchString(c.Mobile) || !strings.HasSuffix(c.Email, "@example.com") || c.FirstName == "" ||
			c.Type != sandbox.TypeLoyalty || c.Loyalty == nil || c.RegisteredBy != "till1" || seen[c.Mobile] {
			t.Fatalf("customer %+v", c)
		}
		seen[c.Mobile] = true
	}
	if n := len(storedCustomers(t, path, "default")); n != 0 {
		t.Errorf("the default namespace got %d customers", n)
	}
	// A second run adds new customers instead of colliding with the first.
	if code, stdout, _ := runSeedCmd(t, "--count", "50", "--data", path, "--namespace", "load"); code != 0 || !strings.Contains(stdout, "it now holds 300 customers") {
		t.Errorf("second run: exit %d, %q", code, stdout)
	}
}

func TestSeedIsDeterministic(t *testing.T) {
	dir := t.TempDir()
	var dumps []string
	for _, name := range []string{"a.db", "b.db"} {
		path := filepath.Join(dir, name)
		if code, _, stderr := runSeedCmd(t, "--count", "40", "--batch", "7", "--seed", "42", "--data", path); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var b strings.Builder
		for _, c := range storedCustomers(t, path, "default") {
			c.RegisteredOn, c.UpdatedOn, c.Loyalty.TierExpiry = "", "", "" // stamped from the clock
			data, _ := json.Marshal(c)
			b.Write(data)
		}
		dumps = append(dumps, b.String())
	}
	if dumps[0] != dumps[1] {
		t.Error("the same seed wrote different customers")
	}
	other := filepath.Join(dir, "c.db")
	runSeedCmd(t, "--count", "40", "--seed", "43", "--data", other)
	if storedCustomers(t, other, "default")[0].Mobile == storedCustomers(t, filepath.Join(dir, "a.db"), "default")[0].Mobile {
		t.Error("seeds 42 and 43 wrote the same first customer")
	}
}

const externalPrimaryYAML = `name: ext-primary
description: registers by external id with a fixed format
org:
  id: 5
  name: ext org
  tills:
    - {username: till1, password: "123", store_code: s1}
  country:
    base: {name: India, code: "91", lengths: [10]}
  external_id: {prefix: "CARD", length: 12}
  configs:
    CONF_REGISTRATION_PRIMARY_KEY: external_id
`

func TestSeedExternalIDPrimary(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "ext.yaml"), externalPrimaryYAML)
	path := filepath.Join(dir, "s.db")
	if code, _, stderr := runSeedCmd(t, "--count", "30", "--data", path, "--scenarios-dir", dir, "--scenario", "ext-primary"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	cs := storedCustomers(t, path, "default")
	if len(cs) != 30 || cs[0].ExternalID != "CARD00000001" || cs[29].ExternalID != "CARD00000030" {
		t.Errorf("%d customers, external ids %q..%q", len(cs), cs[0].ExternalID, cs[len(cs)-1].ExternalID)
	}
}

func TestSeedRefusesLockedStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	st, err := boltstore.Open(path, boltstore.Options{}) // as a running server holds it
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	code, _, stderr := runSeedCmd(t, "--count", "5", "--data", path)
	if code != 1 || !strings.Contains(stderr, "locked by another process") || !strings.Contains(stderr, "stop the server first") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestSeedBadArguments(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	tests := []struct {
		args    []string
		code    int
		mention string
	}{
		{[]string{"--data", path}, 2, "--count must be a positive"},
		{[]string{"--count", "-3", "--data", path}, 2, "--count must be a positive"},
		{[]string{"--count", "3", "--data", ":memory:"}, 2, "--data must name a store file"},
		{[]string{"--count", "3", "--data", path, "--namespace", "no spaces"}, 2, `--namespace "no spaces"`},
		{[]string{"--count", "3", "--data", path, "--sync", "sometimes"}, 2, "--sync (CAPSANDBOX_SYNC) must be interval, always or none"},
		{[]string{"--count", "3", "--data", path, "--sync-interval", "-5ms"}, 2, "--sync-interval (CAPSANDBOX_SYNC_INTERVAL) must be positive"},
		{[]string{"--count", "3", "--data", path, "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"--count", "3", "--data", path, "--scenario", "no-such"}, 1, `unknown scenario "no-such"`},
	}
	for _, tc := range tests {
		code, _, stderr := runSeedCmd(t, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.mention) {
			t.Errorf("seed %v: exit %d, stderr %q; want exit %d mentioning %q", tc.args, code, stderr, tc.code, tc.mention)
		}
	}
}
