package scenario

import (
	"os"
	"path/filepath"
	"testing"
)

// TestExtendsMerge: mappings merge deeply, lists replace, rules come
// before the inherited ones, name and description are not inherited.
func TestExtendsMerge(t *testing.T) {
	s := mustParse(t, `name: child
extends: default
org:
  user_id_start: 500
  configs:
    CONF_ALLOW_EMAIL_UPDATE: 1
  tills:
    - {username: till1, password: "123"}
  custom_fields:
    - {name: tier}
  program:
    slabs:
      - {name: Entry}
sandbox:
  batch_limit: 5
rules:
  - name: mine
    outcome: warning=1017
`)
	o := s.Org
	switch {
	case o.UserIDStart != 500 || o.ID != 146 || o.Name != "capsandbox demo org":
		t.Errorf("org scalars: start %d id %d name %q", o.UserIDStart, o.ID, o.Name)
	case !o.Configs.AllowEmailUpdate || o.Configs.PrimaryKey.Key() != "mobile":
		t.Error("configs must merge key by key")
	case len(o.Tills) != 1 || len(o.CustomFields) != 1 || o.CustomFields[0].Name != "tier":
		t.Errorf("lists must replace: %d tills, %v", len(o.Tills), o.CustomFields)
	case o.Program.ID != "469" || len(o.Program.Slabs) != 1 || o.Program.TierValidityYears != 100:
		t.Errorf("program: %+v", o.Program)
	case len(o.ExtendedFields) != 17:
		t.Errorf("extended fields must be inherited, got %d", len(o.ExtendedFields))
	case s.Settings.BatchLimit != 5:
		t.Errorf("batch limit %d", s.Settings.BatchLimit)
	case s.Description != "" || s.Name != "child" || s.Extends != "default":
		t.Errorf("name %q description %q extends %q", s.Name, s.Description, s.Extends)
	}
	if len(s.Rules) != 5 || s.Rules[0].Name != "mine" || !s.Rules[1].Magic {
		t.Fatalf("rules: want mine then the 4 inherited magic rules, got %d", len(s.Rules))
	}
	if s.Rules[0].File != "t.yaml" || s.Rules[1].File != "scenarios/default.yaml" || s.Rules[0].Line != 17 {
		t.Errorf("rule origins: %s:%d, %s", s.Rules[0].File, s.Rules[0].Line, s.Rules[1].File)
	}
}

// TestExtendsResolution: a relative path, a sibling by name (not itself),
// then a built-in.
func TestExtendsResolution(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"org.yaml":     "name: shared-org\nextends: default\norg: {id: 900}\n",
		"by-name.yaml": "name: by-name\nextends: shared-org\n",
		"by-path.yaml": "name: by-path\nextends: ./org.yaml\n",
		// A directory scenario may take a built-in's name and extend it.
		"default.yaml": "name: default\nextends: default\norg: {id: 901}\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, id := range map[string]int64{"by-name.yaml": 900, "by-path.yaml": 900, "default.yaml": 901} {
		s, err := ParseFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if s.Org.ID != id || len(s.Org.Tills) != 2 {
			t.Errorf("%s: org %d with %d tills, want %d from the chain", name, s.Org.ID, len(s.Org.Tills), id)
		}
	}
	// Parsed from memory (no file on disk), only built-ins are found.
	if _, err := Parse("request body", []byte("name: x\nextends: shared-org\n")); err == nil {
		t.Error("a scenario parsed from memory must not find files of the working directory")
	}
}

// TestLibrary: the built-ins and a directory's scenarios; a directory
// scenario replaces a built-in of its name; a bad file keeps the previous
// contents on Reload.
func TestLibrary(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("mine.yaml", "name: mine\ndescription: My org.\nextends: outage\n")
	write("warning.yml", "name: warning-1017\ndescription: Replaced.\nextends: default\n")
	l, err := NewLibrary(dir)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(l.Names()); n != 15 {
		t.Errorf("%d scenarios, want 14 built-ins + mine", n)
	}
	if s, _ := l.Get("warning-1017"); s == nil || s.Description != "Replaced." {
		t.Error("a directory scenario must replace the built-in of its name")
	}
	if s, _ := l.Get("mine"); s == nil || len(s.Rules) != 10 || s.Source != filepath.Join(dir, "mine.yaml") {
		t.Errorf("mine: %+v", s)
	}
	if s, _ := l.Get("outage"); s == nil || s.Source != "builtin:outage" {
		t.Errorf("outage source %q", s.Source)
	}
	write("bad.yaml", "name: bad\nsurprise: 1\n")
	bad := filepath.Join(dir, "bad.yaml")
	if err := l.Reload(); err == nil || err.Error() != bad+":1:1: org: is required\n"+bad+`:2:1: unknown key "surprise"` {
		t.Errorf("Reload: %v", err)
	}
	if _, err := l.Get("mine"); err != nil {
		t.Error("a failed Reload must keep the previous scenarios")
	}
}

// TestLibraryParse: a YAML body parsed through the library extends the
// library directory's scenarios as well as the built-ins.
func TestLibraryParse(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "org.yaml"), []byte("name: shared-org\nextends: default\norg: {id: 900}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := NewLibrary(dir)
	if err != nil {
		t.Fatal(err)
	}
	s, err := l.Parse("request body", []byte("name: mine\nextends: shared-org\n"))
	if err != nil || s.Org.ID != 900 || s.Source != "request body" {
		t.Fatalf("Library.Parse: %v %+v", err, s)
	}
	if _, err := l.Parse("request body", []byte("name: mine\nextends: outage\n")); err != nil {
		t.Errorf("built-ins must stay reachable: %v", err)
	}
}
