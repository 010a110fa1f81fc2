package scenario

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/capsandbox/capsandbox/internal/schema"
	"go.yaml.in/yaml/v3"
)

// Parse loads one scenario file: YAML syntax, the JSON Schema
// schemas/scenario.schema.json, `extends:`, then the semantic checks. file
// names it in error messages; when file is a file on disk, `extends:` also
// finds scenarios of its directory, else built-ins only. The result has
// every default filled in. Errors are Errors, each "file:line:column:
// problem": the schema's and the semantic checks' problems together.
func Parse(file string, data []byte) (*Scenario, error) {
	return parse(file, data, resolveDisk)
}

// ParseFile loads a scenario file from disk.
func ParseFile(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, Errors{{File: path, Msg: err.Error()}}
	}
	return Parse(path, data)
}

// parseBuiltin loads an embedded scenario; it extends built-ins only.
func parseBuiltin(name string, data []byte) (*Scenario, error) {
	s, err := parseWith(&loader{resolve: resolveBuiltin, builtin: true}, builtinFile(name), data)
	if err == nil {
		s.Source = "builtin:" + s.Name
	}
	return s, err
}

func parse(file string, data []byte, res resolver) (*Scenario, error) {
	return parseWith(&loader{resolve: res}, file, data)
}

func parseWith(l *loader, file string, data []byte) (*Scenario, error) {
	src, errs := l.load(file, data)
	if src == nil {
		return nil, errs.sorted()
	}
	var doc fileDoc
	if err := src.root.Decode(&doc); err != nil {
		errs = append(errs, typeErrors(src, errs, err)...)
	}
	c := &converter{src: src}
	s := c.scenario(&doc, len(errs) > 0)
	if errs = mergeProblems(errs, c.errs); len(errs) > 0 {
		return nil, errs.sorted()
	}
	s.YAML = data
	s.Source = file
	s.chain = src.chain
	return s, nil
}

// source is a scenario's YAML after `extends:`: the merged top-level
// mapping, and the file each inherited node came from.
type source struct {
	file   string
	root   *yaml.Node
	origin map[*yaml.Node]string
	chain  []string // the files extended, nearest first
}

// locate returns the file and line of the node at a dotted path.
func (s *source) locate(path string) (string, int) {
	e := s.problem(splitPath(path), "")
	return e.File, e.Line
}

// problem is msg at the node at path steps: the file that wrote it, its
// line and column.
func (s *source) problem(steps []string, msg string) *Error {
	n := find(s.root, steps)
	file := s.file
	if f, ok := s.origin[n]; ok {
		file = f
	}
	return &Error{File: file, Line: n.Line, Column: n.Column, Msg: msg, path: append([]string{}, steps...)}
}

// maxExtends bounds how many files one scenario may extend in a chain.
const maxExtends = 8

// loader loads a file and, through `extends:`, the files it builds on.
type loader struct {
	resolve resolver
	stack   []string // files being loaded, outermost first
	// builtin skips the schema check: the embedded scenarios are checked
	// against the schema by TestBuiltinsMatchTheSchema, and compiling the
	// schema is half of what parsing the first scenario costs a starting
	// server. The semantic checks run as for any file.
	builtin bool
}

// load reads file and what it extends. The source is nil when the YAML
// cannot be read or an extended file has problems; else the problems are
// those of the schema check, and the source is still returned so the
// semantic checks can report theirs in the same run.
func (l *loader) load(file string, data []byte) (*source, Errors) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, Errors{yamlSyntaxError(file, data, err)}
	}
	root := content(&doc)
	if root == nil {
		return nil, Errors{{File: file, Msg: "the file is empty; a scenario needs at least name and org"}}
	}
	if root.Kind != yaml.MappingNode {
		return nil, Errors{{File: file, Line: root.Line, Msg: "a scenario must be a mapping of keys (name, org, sandbox, customers, rules)"}}
	}
	src := &source{file: file, root: root, origin: map[*yaml.Node]string{}}
	if ext := value(root, "extends"); ext != nil && ext.Kind == yaml.ScalarNode {
		base, errs := l.extend(file, keyNode(root, "extends"), ext.Value)
		if len(errs) > 0 {
			return nil, errs
		}
		for n, f := range base.origin {
			src.origin[n] = f
		}
		markOrigin(src.origin, base.root, base.file)
		src.root = merge(base.root, root)
		src.chain = append([]string{base.file}, base.chain...)
	}
	if l.builtin {
		return src, nil
	}
	return src, src.checkSchema()
}

// extend loads the scenario that file's `extends:` (at node at) names.
func (l *loader) extend(file string, at *yaml.Node, name string) (*source, Errors) {
	fail := func(format string, args ...any) (*source, Errors) {
		return nil, Errors{{File: file, Line: at.Line, Column: at.Column, Msg: fmt.Sprintf(format, args...)}}
	}
	l.stack = append(l.stack, file)
	defer func() { l.stack = l.stack[:len(l.stack)-1] }()
	if len(l.stack) > maxExtends {
		return fail("extends: more than %d scenarios in a chain", maxExtends)
	}
	baseFile, data, err := l.resolve(name, file)
	if err != nil {
		return fail("extends: %v", err)
	}
	for _, f := range l.stack {
		if f == baseFile {
			return fail("extends: cycle: %s → %s", strings.Join(l.stack, " → "), baseFile)
		}
	}
	base, errs := l.load(baseFile, data)
	if base == nil || len(errs) > 0 {
		return nil, append(errs, &Error{File: file, Line: at.Line, Column: at.Column, Msg: fmt.Sprintf("extends: scenario %q (%s) has errors", name, baseFile)})
	}
	return base, nil
}

// checkSchema validates the scenario, after extends, against the scenario
// schema; each problem is reported in the file that wrote the node.
func (s *source) checkSchema() Errors {
	doc, ok := generic(s.root)
	if !ok {
		return Errors{{File: s.file, Msg: fmt.Sprintf("the scenario expands to more than %d values (aliases?)", maxValues)}}
	}
	var errs Errors
	for _, p := range schema.Default().Validate(schema.Scenario, doc) {
		steps := splitPath(p.Path)
		msg := p.Message
		switch {
		case msg == "is not allowed here" && len(steps) > 0:
			msg = "unknown key " + strconv.Quote(steps[len(steps)-1])
			if len(steps) > 1 {
				msg += " in " + joinSteps(steps[:len(steps)-1])
			}
		case p.Path != "":
			msg = p.Path + ": " + msg
		}
		errs = append(errs, s.problem(steps, msg))
	}
	return errs
}

// joinSteps renders path steps as org.tills[0].username.
func joinSteps(steps []string) string {
	var b strings.Builder
	for _, s := range steps {
		if _, err := strconv.Atoi(s); err == nil {
			b.WriteString("[" + s + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s)
	}
	return b.String()
}

// converter turns a decoded file into a Scenario, collecting semantic
// errors at the file and line of the YAML node they concern.
type converter struct {
	src  *source
	errs Errors
}

func (c *converter) errorf(path string, format string, args ...any) {
	c.errs = append(c.errs, c.src.problem(splitPath(path), fmt.Sprintf(format, args...)))
}

// scenario converts and checks d; schemaFailed says the schema check
// found problems, so the initial customers, which need a sound org, are
// not registered.
func (c *converter) scenario(d *fileDoc, schemaFailed bool) *Scenario {
	s := &Scenario{Name: d.Name, Description: strings.TrimSpace(d.Description), Extends: d.Extends}
	if s.Name == "" {
		c.errorf("", "missing name")
	}
	s.Org = c.org(&d.Org)
	s.Settings = c.settings(&d.Sandbox)
	for i, cd := range d.Customers {
		s.Customers = append(s.Customers, c.customer(i, cd))
	}
	for i := range d.Rules {
		s.Rules = append(s.Rules, c.rule(i, &d.Rules[i]))
	}
	c.checkRuleFields(s)
	if len(c.errs) == 0 && !schemaFailed {
		c.checkCustomers(s)
	}
	return s
}
