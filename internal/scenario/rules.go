package scenario

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// This file compiles a scenario's `rules:`; evaluate.go applies them.

// ruleMatch is a compiled rule condition. Item conditions (identifiers,
// custom fields) are checked per request item; request conditions
// (header, nth, path, till) once per request. Every condition given must
// hold; a value that is absent never matches.
type ruleMatch struct {
	ids    [3]*textMatch // by sandbox.Identifier
	custom []fieldMatch  // sorted by name
	header []fieldMatch  // sorted by canonical header name
	nth    *nthDoc
	path   *textMatch
	till   *textMatch
}

type fieldMatch struct {
	name string
	m    *textMatch
}

// textMatch is a compiled equals / prefix / suffix / regex condition.
type textMatch struct {
	equals         *string
	prefix, suffix string
	re             *regexp.Regexp
}

// itemLevel reports whether the rule matches items rather than requests.
func (m *ruleMatch) itemLevel() bool {
	return m.ids != [3]*textMatch{} || len(m.custom) > 0
}

// regexps lists the rule's regular expressions in capture order: mobile,
// email, external_id, custom fields by name, headers by name, path, till.
func (m *ruleMatch) regexps() []*regexp.Regexp {
	var all []*textMatch
	all = append(all, m.ids[:]...)
	for _, f := range m.custom {
		all = append(all, f.m)
	}
	for _, f := range m.header {
		all = append(all, f.m)
	}
	all = append(all, m.path, m.till)
	var out []*regexp.Regexp
	for _, t := range all {
		if t != nil && t.re != nil {
			out = append(out, t.re)
		}
	}
	return out
}

// rule converts and checks rule i.
func (c *converter) rule(i int, d *ruleDoc) Rule {
	path := fmt.Sprintf("rules.%d", i)
	file, line := c.src.locate(path)
	r := Rule{Name: d.Name, Outcome: d.Outcome, Times: d.Times, Magic: d.Magic, File: file, Line: line}
	if r.Name == "" {
		r.Name = fmt.Sprintf("rule %d", i+1)
	}
	if v, _ := generic(nodeAt(c.src.root, splitPath(path+".match"))); v != nil {
		r.Match, _ = v.(map[string]any)
	}
	r.match = c.ruleMatch(path+".match", &d.Match)
	r.outcome = c.template(path+".outcome", d.Outcome, r.match.regexps())
	if d.Times < 0 {
		c.errorf(path+".times", "times must be at least 1")
	}
	return r
}

func (c *converter) ruleMatch(path string, d *matchDoc) ruleMatch {
	var m ruleMatch
	m.ids[sandbox.Mobile] = c.textMatch(path+".mobile", d.Mobile)
	m.ids[sandbox.Email] = c.textMatch(path+".email", d.Email)
	m.ids[sandbox.ExternalID] = c.textMatch(path+".external_id", d.ExternalID)
	for _, name := range sortedKeys(d.CustomFields) {
		doc := d.CustomFields[name]
		m.custom = append(m.custom, fieldMatch{name, c.textMatch(path+".custom_fields."+name, &doc)})
	}
	for _, name := range sortedKeys(d.Header) {
		doc := d.Header[name]
		m.header = append(m.header, fieldMatch{canonicalHeader(name), c.textMatch(path+".header."+name, &doc)})
	}
	sort.SliceStable(m.header, func(i, j int) bool { return m.header[i].name < m.header[j].name })
	if d.Nth != nil {
		n := *d.Nth
		if n.To > 0 && n.To < n.From {
			c.errorf(path+".nth", "nth: to (%d) must not be below from (%d)", n.To, n.From)
		}
		m.nth = &n
	}
	m.path = c.textMatch(path+".path", d.Path)
	m.till = c.textMatch(path+".till", d.Till)
	return m
}

// textMatch compiles a condition; nil when the key is absent.
func (c *converter) textMatch(path string, d *textMatchDoc) *textMatch {
	if d == nil {
		return nil
	}
	t := &textMatch{equals: d.Equals, prefix: d.Prefix, suffix: d.Suffix}
	if d.Regex != "" {
		re, err := regexp.Compile(d.Regex)
		if err != nil {
			c.errorf(path+".regex", "bad regex: %v", err)
		}
		t.re = re
	}
	if t.equals == nil && t.prefix == "" && t.suffix == "" && d.Regex == "" { // a bad regex is reported above, once
		c.errorf(path, "a condition needs equals, prefix, suffix or regex")
	}
	return t
}

// canonicalHeader writes a header name the way net/http keys it.
func canonicalHeader(name string) string {
	parts := strings.Split(strings.ToLower(name), "-")
	for i, p := range parts {
		if p != "" {
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, "-")
}

// checkRuleFields reports custom fields a rule matches that the org does
// not define (such a rule could never match).
func (c *converter) checkRuleFields(s *Scenario) {
	for i, r := range s.Rules {
		for _, f := range r.match.custom {
			if _, ok := s.Org.CustomField(f.name); !ok {
				c.errorf(fmt.Sprintf("rules.%d.match.custom_fields.%s", i, f.name),
					"custom field %q is not defined in org.custom_fields", f.name)
			}
		}
	}
}
