package scenario

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRefresh: a changed file that loads replaces its scenario, and so
// does one that extends it; an unchanged file is not reported; a file with
// problems keeps its last good version and is reported once per version; a
// removed file's scenario stays.
func TestRefresh(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("base.yaml", "name: base\nextends: default\norg: {id: 1}\n")
	write("child.yaml", "name: child\nextends: base\n")
	write("alone.yaml", "name: alone\nextends: default\n")
	l, err := NewLibrary(dir)
	if err != nil {
		t.Fatal(err)
	}
	names := func(ss []*Scenario) string {
		var out []string
		for _, s := range ss {
			out = append(out, s.Name)
		}
		return strings.Join(out, ",")
	}
	if r, err := l.Refresh(); err != nil || len(r.Changed)+len(r.Problems)+len(r.Removed) != 0 {
		t.Fatalf("nothing changed, got %+v, %v", r, err)
	}
	write("base.yaml", "name: base\nextends: default\norg: {id: 2}\n")
	r, _ := l.Refresh()
	if got := names(r.Changed); got != "base,child" {
		t.Errorf("changed %q, want base and the child that extends it", got)
	}
	if s, _ := l.Get("child"); s.Org.ID != 2 {
		t.Errorf("child's org id %d, want the new base's 2", s.Org.ID)
	}
	write("alone.yaml", "name: alone\nextends: default\ncolour: red\n")
	r, _ = l.Refresh()
	if len(r.Problems) != 1 || !strings.Contains(r.Problems[0].Error(), `alone.yaml:3:1: unknown key "colour"`) || len(r.Changed) != 0 {
		t.Errorf("problems %v, changed %q", r.Problems, names(r.Changed))
	}
	if s, err := l.Get("alone"); err != nil || strings.Contains(string(s.YAML), "colour") {
		t.Errorf("the last good version of alone must stay: %v", err)
	}
	if r, _ = l.Refresh(); len(r.Problems) != 0 {
		t.Errorf("the same bad version is reported again: %v", r.Problems)
	}
	os.Remove(filepath.Join(dir, "alone.yaml"))
	r, _ = l.Refresh()
	if len(r.Removed) != 1 || filepath.Base(r.Removed[0]) != "alone.yaml" {
		t.Errorf("removed %q", r.Removed)
	}
	if _, err := l.Get("alone"); err != nil {
		t.Errorf("a removed file's scenario must keep serving: %v", err)
	}
}
