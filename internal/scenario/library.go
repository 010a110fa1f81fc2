package scenario

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/capsandbox/capsandbox/scenarios"
)

// Library is the set of scenarios a server can switch between: the
// built-in ones and those of an optional directory. It is safe for
// concurrent use.
type Library struct {
	dir string

	mu     sync.RWMutex
	byName map[string]*entry

	refreshMu sync.Mutex
	files     map[string]fileState         // the directory's files as last loaded (refresh.go)
	failed    map[string][sha256.Size]byte // files whose last version did not load, by content
}

// entry is a scenario of a library. A built-in one is parsed on first use
// (and shared by every library: builtins): a server starts on one
// scenario, and parsing all of them (each `extends: default` parses
// default again) was most of its start-up time.
// The built-ins are embedded and checked by the package's tests, so
// parsing them late does not hide an error from a user.
type entry struct {
	once sync.Once
	s    *Scenario
	err  error
	load func() (*Scenario, error)
}

func (e *entry) get() (*Scenario, error) {
	e.once.Do(func() { e.s, e.err = e.load(); e.load = nil })
	return e.s, e.err
}

// builtins are the built-in scenarios of every library of the process:
// each is parsed on first use by any of them and then shared. A parsed
// Scenario is never changed (the namespaces of a server already share
// theirs, concurrently), so a process that starts many servers, such as a
// test binary using sandboxtest, parses each built-in once.
var builtins = sync.OnceValue(builtinEntries)

// builtinEntries returns an unparsed entry for each built-in scenario.
func builtinEntries() map[string]*entry {
	m := map[string]*entry{}
	for _, name := range builtinNames() { // a built-in's name is its file name (tested)
		m[name] = &entry{load: func() (*Scenario, error) {
			data, err := fs.ReadFile(scenarios.FS, name+".yaml")
			if err != nil {
				return nil, err
			}
			return parseBuiltin(name, data)
		}}
	}
	return m
}

func parsed(s *Scenario) *entry {
	e := &entry{s: s}
	e.once.Do(func() {})
	return e
}

// Summary describes a scenario in listings.
type Summary struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Source      string `json:"source"`
}

// NewLibrary knows every built-in scenario (each parsed on first use) and,
// when dir is not empty, loads every *.yaml / *.yml file in dir. A
// directory scenario may replace a built-in of the same name. It returns
// every problem found.
func NewLibrary(dir string) (*Library, error) {
	l := &Library{dir: dir}
	if err := l.Reload(); err != nil {
		return nil, err
	}
	return l, nil
}

// Reload re-reads the directory (the built-ins never change). On error the
// library keeps its previous contents.
func (l *Library) Reload() error {
	byName := map[string]*entry{}
	var errs Errors
	add := func(s *Scenario, err error) {
		if err != nil {
			errs = append(errs, asErrors(err)...)
			return
		}
		byName[s.Name] = parsed(s)
	}
	for name, e := range builtins() {
		byName[name] = e
	}
	loaded := map[string]fileState{}
	if l.dir != "" {
		files, err := scenarioFiles(l.dir)
		if err != nil {
			return err
		}
		for _, f := range files {
			s, err := ParseFile(f)
			add(s, err)
			if err == nil {
				loaded[f] = fileState{name: s.Name, print: fingerprint(s)}
			}
		}
	}
	if len(errs) > 0 {
		return errs.sorted()
	}
	l.refreshMu.Lock()
	defer l.refreshMu.Unlock()
	l.mu.Lock()
	l.byName, l.files, l.failed = byName, loaded, map[string][sha256.Size]byte{}
	l.mu.Unlock()
	return nil
}

func scenarioFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("scenarios directory: %w", err)
	}
	var out []string
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if !e.IsDir() && (ext == ".yaml" || ext == ".yml") {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out, nil
}

func asErrors(err error) Errors {
	if es, ok := err.(Errors); ok {
		return es
	}
	return Errors{{Msg: err.Error()}}
}

// Get returns a scenario by name, or loads it from a file when nameOrPath
// looks like a path (contains a separator or ends in .yaml / .yml).
func (l *Library) Get(nameOrPath string) (*Scenario, error) {
	if strings.ContainsRune(nameOrPath, os.PathSeparator) || strings.HasSuffix(nameOrPath, ".yaml") || strings.HasSuffix(nameOrPath, ".yml") {
		return ParseFile(nameOrPath)
	}
	l.mu.RLock()
	e, ok := l.byName[nameOrPath]
	l.mu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("unknown scenario %q (available: %s)", nameOrPath, strings.Join(l.Names(), ", "))
	}
	return e.get()
}

// Parse loads a scenario that is not a file of the library (a YAML request
// body, a namespace's stored scenario): like the package's Parse, except
// that `extends: NAME` also finds the scenarios of the library's
// directory, not only the built-ins.
func (l *Library) Parse(label string, data []byte) (*Scenario, error) {
	return parse(label, data, func(name, from string) (string, []byte, error) {
		if l.dir != "" && !isPath(name) {
			if path := sibling(l.dir, name, ""); path != "" {
				data, err := os.ReadFile(path)
				return path, data, err
			}
		}
		return resolveBuiltin(name, from)
	})
}

// Names lists the scenario names, sorted.
func (l *Library) Names() []string {
	l.mu.RLock()
	defer l.mu.RUnlock()
	names := make([]string, 0, len(l.byName))
	for n := range l.byName {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// List describes every scenario, sorted by name.
func (l *Library) List() []Summary {
	var out []Summary
	for _, n := range l.Names() {
		s, err := l.Get(n)
		if err == nil {
			out = append(out, Summary{Name: s.Name, Description: s.Description, Source: s.Source})
		}
	}
	return out
}
