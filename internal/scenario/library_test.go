package scenario

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/capsandbox/capsandbox/scenarios"
)

// The library parses a built-in on first use, so this test is what makes
// a broken built-in fail before a user switches to it.
func TestBuiltinsParseUnderTheirFileName(t *testing.T) {
	files, err := fs.Glob(scenarios.FS, "*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no built-in scenarios: %v", err)
	}
	l, err := NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(l.Names(), ","); got != strings.Join(builtinNames(), ",") {
		t.Errorf("library names %s, files %s", got, strings.Join(builtinNames(), ","))
	}
	for _, f := range files {
		name := strings.TrimSuffix(f, ".yaml")
		data, _ := fs.ReadFile(scenarios.FS, f)
		direct, err := parseBuiltin(name, data)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if direct.Name != name {
			t.Errorf("%s: name %q, want the file name %q", f, direct.Name, name)
		}
		got, err := l.Get(name)
		if err != nil || got.Name != name || got.Source != "builtin:"+name || got.Description != direct.Description {
			t.Errorf("Get(%q) = %+v, %v", name, got, err)
		}
		again, _ := l.Get(name)
		if again != got {
			t.Errorf("Get(%q) parsed the scenario twice", name)
		}
	}
	if n := len(l.List()); n != len(files) {
		t.Errorf("List has %d scenarios, want %d", n, len(files))
	}
}

func TestLibraryParsesBuiltinsOnFirstUse(t *testing.T) {
	// The library's entries are the process's (builtins), which other
	// tests have used: check a fresh set of the same entries.
	entries := builtinEntries()
	for name, e := range entries {
		if e.s != nil || e.load == nil {
			t.Errorf("%s parsed before first use", name)
		}
	}
	if _, err := entries["outage"].get(); err != nil {
		t.Fatal(err)
	}
	if e := entries["outage"]; e.s == nil || e.load != nil {
		t.Error("outage not kept after first use")
	}
	if e := entries["default"]; e.s != nil {
		t.Error("default parsed as a side effect of outage's extends")
	}
	l, err := NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	for name, e := range l.byName {
		if e != builtins()[name] {
			t.Errorf("library entry %s is not the process's built-in", name)
		}
	}
}

// Every library of a process shares the built-ins it has not replaced; a
// directory's scenario of the same name stays its library's own.
func TestLibrariesShareBuiltins(t *testing.T) {
	a, err := NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "mine.yaml"), []byte("name: outage\ndescription: a directory's outage\nextends: default\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := NewLibrary(dir)
	if err != nil {
		t.Fatal(err)
	}
	da, _ := a.Get("default")
	db, _ := b.Get("default")
	if da == nil || da != db {
		t.Errorf("default parsed once per library: %p and %p", da, db)
	}
	oa, _ := a.Get("outage")
	ob, _ := b.Get("outage")
	if oa == nil || ob == nil || oa == ob || ob.Description != "a directory's outage" || oa.Source != "builtin:outage" {
		t.Errorf("the directory's outage leaked: built-in %+v, directory's %+v", oa, ob)
	}
	c, err := NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	if oc, _ := c.Get("outage"); oc != oa {
		t.Errorf("a later library got %+v, want the built-in outage", oc)
	}
}

// Sharing holds only while nothing changes a parsed scenario: the shared
// built-ins equal a fresh parse (sandboxtest's TestParallelSandboxes
// checks it after traffic).
func TestSharedBuiltinsEqualAFreshParse(t *testing.T) {
	for _, name := range builtinNames() {
		shared, err := builtins()[name].get()
		if err != nil {
			t.Fatal(err)
		}
		fresh, err := builtinEntries()[name].get()
		if err != nil {
			t.Fatal(err)
		}
		if shared == fresh || !reflect.DeepEqual(shared, fresh) {
			t.Errorf("%s: the shared scenario differs from a fresh parse", name)
		}
	}
}

func BenchmarkNewLibrary(b *testing.B) {
	for b.Loop() {
		l, err := NewLibrary("")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := l.Get("default"); err != nil {
			b.Fatal(err)
		}
	}
}

// The library skips the schema check for built-ins (parseBuiltin); this
// test is where they get it.
func TestBuiltinsMatchTheSchema(t *testing.T) {
	for _, name := range builtinNames() {
		data, err := fs.ReadFile(scenarios.FS, name+".yaml")
		if err != nil {
			t.Fatal(err)
		}
		l := &loader{resolve: resolveBuiltin}
		src, errs := l.load(builtinFile(name), data)
		if len(errs) > 0 {
			t.Errorf("%s: %v", name, errs)
			continue
		}
		if errs := src.checkSchema(); len(errs) > 0 {
			t.Errorf("%s: %v", name, errs)
		}
	}
	// The check that parseBuiltin skips does catch what the schema forbids.
	l := &loader{resolve: resolveBuiltin}
	if _, errs := l.load("bad.yaml", []byte("name: bad\nextends: default\nsandbox: {no_such_setting: 1}\n")); len(errs) == 0 {
		t.Error("a scenario with an unknown setting passed the schema check")
	}
}
