// Package scenario loads capsandbox scenarios: YAML files that describe an
// org (tills, mobile rules, registration configs, fields, program, side
// effects), the sandbox settings for the vendor's open questions, the
// customers a namespace starts with, and the outcomes to inject.
//
// Errors always read "file:line:column: problem".
package scenario

import (
	"fmt"
	"sort"
	"strings"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// Scenario is a loaded, checked scenario.
type Scenario struct {
	Name        string
	Description string
	Source      string // file path, or "builtin:<name>"
	Extends     string // the scenario it extends, as written; "" for none
	Org         *sandbox.Org
	Settings    sandbox.Settings
	Customers   []InitialCustomer
	Rules       []Rule
	YAML        []byte // the file as written

	chain []string // the files it extends, nearest first
}

// InitialCustomer is a customer present when a namespace starts: an
// explicit one (Input) or Fake generated ones.
type InitialCustomer struct {
	Input sandbox.ItemInput
	Fake  int
}

// Rule is an injected outcome of a scenario: when Match holds, Outcome
// (X-Sandbox-Outcome directives, possibly with $1-style captures) applies,
// for the first Times matching requests when Times > 0. Magic rules (the
// magic values of docs/SCENARIOS.md, "Forcing an outcome") rank above
// plain ones.
type Rule struct {
	Name    string
	Match   map[string]any // the match mapping as written
	Outcome string
	Times   int
	Magic   bool
	File    string // the file that defines the rule (an extended one for inherited rules)
	Line    int

	match   ruleMatch
	outcome template
}

// Error is a problem in a scenario file at a line and column (1-based; 0
// = the whole file, or the whole line).
type Error struct {
	File   string
	Line   int
	Column int
	Msg    string

	path []string // the node the problem concerns, when known (for de-duplication)
}

// Error returns "file:line:column: problem" (or "file:line: problem",
// "file: problem" when the position is not known).
func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Errors is every problem found in one or more files, one per line.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

func (es Errors) sorted() Errors {
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].File != es[j].File {
			return es[i].File < es[j].File
		}
		if es[i].Line != es[j].Line {
			return es[i].Line < es[j].Line
		}
		return es[i].Column < es[j].Column
	})
	return es
}
