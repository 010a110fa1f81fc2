package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/capsandbox/capsandbox/internal/scenario"
)

func init() {
	commands["validate"] = command{"check scenario files (schema and semantic checks, as at start)", runValidate}
}

// runValidate checks each scenario file (a directory: each *.yaml / *.yml
// in it) the way the server checks them at start. It prints every problem
// of a file, in one run, as "file:line:column: problem" on stderr and a
// one-line summary per good file on stdout; it exits 1 when any file has a
// problem, 2 on bad usage.
func runValidate(args []string, stdout, stderr io.Writer) int {
	fs := flagSet("validate", stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: capsandbox validate FILE_OR_DIR...\n\nChecks scenario files (a directory: each *.yaml / *.yml in it) against\nschemas/scenario.schema.json and the semantic rules the server applies at\nstart, and prints every problem of a file in one run, one line each:\nfile:line:column: problem. Exit 0: all valid; 1: a problem; 2: bad usage.")
		printFlags(fs)
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	files, err := validateTargets(fs.Args())
	if err != nil {
		fmt.Fprintf(stderr, "capsandbox validate: %v\n", err)
		return 2
	}
	failed := false
	for _, f := range files {
		s, err := scenario.ParseFile(f)
		if err != nil {
			failed = true
			printProblems(stderr, err)
			continue
		}
		fmt.Fprintln(stdout, summary(f, s))
	}
	if failed {
		return 1
	}
	return 0
}

// validateTargets expands directories into their scenario files.
func validateTargets(args []string) ([]string, error) {
	if len(args) == 0 {
		return nil, errors.New("name at least one scenario file or directory")
	}
	var files []string
	for _, a := range args {
		info, err := os.Stat(a)
		if err != nil || !info.IsDir() {
			files = append(files, a) // a missing file is reported by the parser
			continue
		}
		entries, err := os.ReadDir(a)
		if err != nil {
			return nil, err
		}
		var found []string
		for _, e := range entries {
			ext := strings.ToLower(filepath.Ext(e.Name()))
			if !e.IsDir() && (ext == ".yaml" || ext == ".yml") {
				found = append(found, filepath.Join(a, e.Name()))
			}
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%s: no *.yaml or *.yml files", a)
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, nil
}

func printProblems(w io.Writer, err error) {
	var es scenario.Errors
	if errors.As(err, &es) {
		for _, e := range es {
			fmt.Fprintln(w, e.Error())
		}
		return
	}
	fmt.Fprintln(w, err)
}

// summary is the one line a good file gets.
func summary(file string, s *scenario.Scenario) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: ok: scenario %s", file, s.Name)
	if s.Extends != "" {
		fmt.Fprintf(&b, " (extends %s)", s.Extends)
	}
	initial := 0
	for _, c := range s.Customers {
		initial += max(c.Fake, 1)
	}
	o := s.Org
	fmt.Fprintf(&b, ": org %d, primary %s, %d till(s), %d custom field(s), %d initial customer(s), %d rule(s)",
		o.ID, o.Configs.PrimaryKey.Key(), len(o.Tills), len(o.CustomFields), initial, len(s.Rules))
	return b.String()
}
