package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/capsandbox/capsandbox/sandbox"
	"go.yaml.in/yaml/v3"
)

// Parse loads one scenario file. file names it in error messages. The
// result has every default filled in.
func Parse(file string, data []byte) (*Scenario, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, Errors{yamlSyntaxError(file, err)}
	}
	var doc fileDoc
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return nil, typeErrors(file, err)
	}
	c := &converter{file: file, root: &root}
	s := c.scenario(&doc)
	if len(c.errs) > 0 {
		return nil, c.errs.sorted()
	}
	s.YAML = data
	s.Source = file
	return s, nil
}

var lineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

func yamlSyntaxError(file string, err error) *Error {
	msg := err.Error()
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return &Error{File: file, Line: n, Msg: "YAML syntax: " + m[2]}
	}
	return &Error{File: file, Msg: strings.TrimPrefix(msg, "yaml: ")}
}

var unknownFieldRE = regexp.MustCompile(`field (\S+) not found in type \S+`)

func typeErrors(file string, err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return Errors{yamlSyntaxError(file, err)}
	}
	var out Errors
	for _, e := range te.Errors {
		m := lineRE.FindStringSubmatch(e)
		if m == nil {
			out = append(out, &Error{File: file, Msg: e})
			continue
		}
		n, _ := strconv.Atoi(m[1])
		msg := m[2]
		if f := unknownFieldRE.FindStringSubmatch(msg); f != nil {
			msg = "unknown key " + strconv.Quote(f[1])
		} else {
			msg = strings.Replace(msg, "cannot unmarshal !!", "wrong type: cannot use !!", 1)
		}
		out = append(out, &Error{File: file, Line: n, Msg: msg})
	}
	return out.sorted()
}

// converter turns a decoded file into a Scenario, collecting semantic
// errors with the line of the YAML node they concern.
type converter struct {
	file string
	root *yaml.Node
	errs Errors
}

func (c *converter) errorf(path string, format string, args ...any) {
	c.errs = append(c.errs, &Error{File: c.file, Line: lineOf(c.root, path), Msg: fmt.Sprintf(format, args...)})
}

// lineOf returns the line of the node at a dotted path such as
// "org.tills.0.username" (the nearest existing ancestor when the path does
// not exist).
func lineOf(root *yaml.Node, path string) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	if path == "" {
		return line
	}
	for _, part := range strings.Split(path, ".") {
		next := child(n, part)
		if next == nil {
			return line
		}
		n, line = next, next.Line
	}
	return line
}

func child(n *yaml.Node, part string) *yaml.Node {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == part {
				if n.Content[i+1].Kind == yaml.ScalarNode {
					return n.Content[i]
				}
				return n.Content[i+1]
			}
		}
	case yaml.SequenceNode:
		if i, err := strconv.Atoi(part); err == nil && i >= 0 && i < len(n.Content) {
			return n.Content[i]
		}
	}
	return nil
}

func (c *converter) scenario(d *fileDoc) *Scenario {
	s := &Scenario{Name: d.Name, Description: strings.TrimSpace(d.Description)}
	if s.Name == "" {
		c.errorf("", "missing name")
	}
	s.Org = c.org(&d.Org)
	s.Settings = c.settings(&d.Sandbox)
	for i, cd := range d.Customers {
		s.Customers = append(s.Customers, c.customer(i, cd))
	}
	for i, r := range d.Rules {
		s.Rules = append(s.Rules, Rule{Name: r.Name, Match: r.Match, Outcome: r.Outcome, Times: r.Times,
			Line: lineOf(c.root, fmt.Sprintf("rules.%d", i))})
	}
	return s
}

func (c *converter) customer(i int, d customerDoc) InitialCustomer {
	if d.Fake < 0 {
		c.errorf(fmt.Sprintf("customers.%d.fake", i), "fake must be a positive count")
	}
	in := sandbox.ItemInput{Mobile: d.Mobile, Email: d.Email, ExternalID: d.ExternalID, FirstName: d.FirstName,
		LastName: d.LastName, Type: d.Type, RegisteredOn: d.RegisteredOn}
	for _, k := range sortedKeys(d.CustomFields) {
		in.CustomFields = append(in.CustomFields, sandbox.Field{Name: k, Value: d.CustomFields[k]})
	}
	for _, k := range sortedKeys(d.ExtendedFields) {
		in.ExtendedFields = append(in.ExtendedFields, sandbox.Field{Name: k, Value: d.ExtendedFields[k]})
	}
	if d.Fake == 0 && in.Mobile == "" && in.Email == "" && in.ExternalID == "" {
		c.errorf(fmt.Sprintf("customers.%d", i), "a customer needs mobile, email or external_id (or fake: N)")
	}
	return InitialCustomer{Input: in, Fake: d.Fake}
}
