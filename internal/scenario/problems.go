package scenario

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// This file turns the YAML parser's and decoder's errors into Errors, and
// merges the schema's problems with the semantic checks' so that a file's
// problems are all reported in one run, one message each.

var lineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// yamlSyntaxError reports a file the YAML parser rejects: at the line
// whose indentation is wrong when that explains it (the parser names the
// start of the block it was reading), else where the parser says.
func yamlSyntaxError(file string, data []byte, err error) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := lineRE.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if p, ok := indentProblem(data); ok && p.line >= line {
		return &Error{File: file, Line: p.line, Column: p.column, Msg: "YAML syntax: " + p.msg}
	}
	return &Error{File: file, Line: line, Msg: "YAML syntax: " + msg}
}

var (
	unknownFieldRE = regexp.MustCompile(`field (\S+) not found in type \S+`)
	quotedValueRE  = regexp.MustCompile("`([^`]*)`")
)

// typeErrors reports decoding problems the schema let through; one on a
// line the schema already reported is the same problem and is dropped.
func typeErrors(src *source, schemaErrs Errors, err error) Errors {
	te, ok := err.(*yaml.TypeError)
	if !ok {
		return Errors{{File: src.file, Msg: err.Error()}}
	}
	var out Errors
	for _, e := range te.Errors {
		m := lineRE.FindStringSubmatch(e)
		if m == nil {
			out = append(out, &Error{File: src.file, Msg: e})
			continue
		}
		n, _ := strconv.Atoi(m[1])
		msg := m[2]
		if f := unknownFieldRE.FindStringSubmatch(msg); f != nil {
			msg = "unknown key " + strconv.Quote(f[1])
		} else {
			msg = strings.Replace(msg, "cannot unmarshal !!", "wrong type: cannot use !!", 1)
		}
		p := src.atLine(n, quotedValueRE.FindStringSubmatch(msg))
		p.Msg = msg
		if !reportedOnLine(schemaErrs, p.File, p.Line) {
			out = append(out, p)
		}
	}
	return out
}

// atLine finds the node a decoder error on line n concerns (the scalar
// quoted in its message, when there is one) for its file and column. Its
// path is the mapping or list that holds the node: the decoder may have
// left all of that one unread, so the semantic checks' problems there are
// consequences of this one.
func (s *source) atLine(n int, quoted []string) *Error {
	var found *yaml.Node
	var path []string
	var walk func(x *yaml.Node, steps []string)
	walk = func(x *yaml.Node, steps []string) {
		if x == nil || found != nil {
			return
		}
		if x.Line == n && x.Kind == yaml.ScalarNode && (quoted == nil || x.Value == quoted[1]) {
			found, path = x, steps
			return
		}
		for i, c := range x.Content {
			switch x.Kind {
			case yaml.MappingNode:
				walk(c, append(slices.Clip(steps), x.Content[i&^1].Value))
			case yaml.SequenceNode:
				walk(c, append(slices.Clip(steps), strconv.Itoa(i)))
			}
		}
	}
	walk(s.root, []string{})
	if found == nil {
		return &Error{File: s.file, Line: n, path: []string{}}
	}
	file := s.file
	if f, ok := s.origin[found]; ok {
		file = f
	}
	return &Error{File: file, Line: n, Column: found.Column, path: path[:max(0, len(path)-1)]}
}

func reportedOnLine(errs Errors, file string, line int) bool {
	for _, e := range errs {
		if e.File == file && e.Line == line {
			return true
		}
	}
	return false
}

// mergeProblems returns the schema's problems and every semantic problem
// that is not a consequence of one: a semantic problem at, above or below
// a node the schema rejected repeats it (a till the schema finds without
// a username is not also "a till that needs a username"). Identical
// problems are reported once.
func mergeProblems(schemaErrs, semantic Errors) Errors {
	out := slices.Clone(schemaErrs)
	for _, e := range semantic {
		if !related(e, schemaErrs) && !contains(out, e) {
			out = append(out, e)
		}
	}
	return out
}

func related(e *Error, errs Errors) bool {
	if e.path == nil {
		return false
	}
	for _, s := range errs {
		if s.path != nil && (hasSteps(e.path, s.path) || hasSteps(s.path, e.path)) {
			return true
		}
	}
	return false
}

// hasSteps reports whether path starts with prefix.
func hasSteps(path, prefix []string) bool {
	return len(path) >= len(prefix) && slices.Equal(path[:len(prefix)], prefix)
}

func contains(errs Errors, e *Error) bool {
	for _, x := range errs {
		if x.File == e.File && x.Line == e.Line && x.Column == e.Column && x.Msg == e.Msg {
			return true
		}
	}
	return false
}
