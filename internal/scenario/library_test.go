package scenario

import (
	"io/fs"
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
	l, err := NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	for name, e := range l.byName {
		if e.s != nil || e.load == nil {
			t.Errorf("%s parsed before first use", name)
		}
	}
	if _, err := l.Get("outage"); err != nil {
		t.Fatal(err)
	}
	if e := l.byName["outage"]; e.s == nil || e.load != nil {
		t.Error("outage not kept after first use")
	}
	if e := l.byName["default"]; e.s != nil {
		t.Error("default parsed as a side effect of outage's extends")
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
