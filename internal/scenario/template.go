package scenario

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/capsandbox/capsandbox/internal/sandbox"
)

// template is a rule's outcome: X-Sandbox-Outcome directives that may
// refer to regex captures of the match ($1, ${1}, ${name}).
type template struct {
	text  string
	refs  bool            // text refers to captures; parsed per match
	fixed sandbox.Outcome // the parsed outcome when refs is false
}

var refRE = regexp.MustCompile(`\$(?:(\d+)|\{(\w+)\})`)

// capturable are the directives whose value may come from a capture.
var capturable = map[string]bool{"warning": true, "error": true, "status": true, "delay": true}

// template checks an outcome at load: directives and codes written out are
// parsed now; a directive that refers to captures must name a capture the
// rule's regexes have.
func (c *converter) template(path, text string, res []*regexp.Regexp) template {
	t := template{text: text, refs: refRE.MatchString(text)}
	if strings.TrimSpace(text) == "" {
		c.errorf(path, "outcome is empty; use directives such as warning=1017, error=1001, status=503, delay=250ms, reset")
		return t
	}
	if !t.refs {
		o, err := sandbox.ParseOutcome(text)
		if err != nil {
			c.errorf(path, "%v", err)
		}
		t.fixed = o
		return t
	}
	groups, names := captureNames(res)
	for _, part := range strings.Split(text, ",") {
		name, _, _ := strings.Cut(strings.TrimSpace(part), "=")
		name = strings.ToLower(strings.TrimSpace(name))
		if !refRE.MatchString(part) {
			if _, err := sandbox.ParseOutcome(part); err != nil {
				c.errorf(path, "%v", err)
			}
			continue
		}
		if !capturable[name] {
			c.errorf(path, "%q: only warning, error, status and delay may take a captured value", strings.TrimSpace(part))
		}
		for _, m := range refRE.FindAllStringSubmatch(part, -1) {
			if !refExists(m, groups, names) {
				c.errorf(path, "%s refers to a capture the match does not have (it has %d group(s)%s)", m[0], groups, namedList(names))
			}
		}
	}
	return t
}

func captureNames(res []*regexp.Regexp) (int, map[string]bool) {
	groups, names := 0, map[string]bool{}
	for _, re := range res {
		groups += re.NumSubexp()
		for _, n := range re.SubexpNames() {
			if n != "" {
				names[n] = true
			}
		}
	}
	return groups, names
}

func refExists(m []string, groups int, names map[string]bool) bool {
	ref := m[1] + m[2]
	if n, err := strconv.Atoi(ref); err == nil {
		return n >= 1 && n <= groups
	}
	return names[ref]
}

func namedList(names map[string]bool) string {
	if len(names) == 0 {
		return ""
	}
	return fmt.Sprintf(", named %s", strings.Join(sortedKeys(names), ", "))
}

// captures are the groups the regexes of one rule matched, in capture
// order.
type captures struct {
	groups []string
	named  map[string]string
}

func (cs *captures) add(re *regexp.Regexp, sub []string) {
	for i, name := range re.SubexpNames() {
		if i == 0 {
			continue
		}
		cs.groups = append(cs.groups, sub[i])
		if name != "" {
			if cs.named == nil {
				cs.named = map[string]string{}
			}
			cs.named[name] = sub[i]
		}
	}
}

func (cs *captures) then(more captures) captures {
	out := captures{groups: append(append([]string(nil), cs.groups...), more.groups...), named: map[string]string{}}
	for k, v := range cs.named {
		out.named[k] = v
	}
	for k, v := range more.named {
		out.named[k] = v
	}
	return out
}

// expand returns the outcome for one match; an invalid captured value is
// an error naming it, like an invalid X-Sandbox-Outcome header.
func (t *template) expand(cs captures) (sandbox.Outcome, error) {
	if !t.refs {
		return t.fixed, nil
	}
	text := refRE.ReplaceAllStringFunc(t.text, func(ref string) string {
		m := refRE.FindStringSubmatch(ref)
		if n, err := strconv.Atoi(m[1] + m[2]); err == nil {
			if n >= 1 && n <= len(cs.groups) {
				return cs.groups[n-1]
			}
			return ""
		}
		return cs.named[m[2]]
	})
	return sandbox.ParseOutcome(text)
}
