package verify

import (
	"fmt"
	"strconv"
	"strings"
)

// seg is one step of a path: an object key, or a list index (also the
// occurrence of a repeated XML element).
type seg struct {
	key   string
	index int // -1 for a key step
}

// path is where a value sits in a document: $.response.customers.customer[0].user_id.
type path []seg

func (p path) key(k string) path { return append(p[:len(p):len(p)], seg{key: k, index: -1}) }
func (p path) index(i int) path  { return append(p[:len(p):len(p)], seg{index: i}) }

func (p path) String() string {
	var b strings.Builder
	b.WriteString("$")
	for _, s := range p {
		if s.index >= 0 {
			fmt.Fprintf(&b, "[%d]", s.index)
		} else {
			b.WriteString(".")
			b.WriteString(s.key)
		}
	}
	return b.String()
}

// pattern matches paths. Its syntax is the path's: keys joined by ".",
// "[n]" an index, with three wildcards: "*" any one key, "[*]" any index
// or none (XML writes a lone element without an index), "**" any number
// of steps. A leading "$." is optional.
type pattern struct {
	text  string
	steps []step
}

type step struct {
	kind  byte // 'k' key, 'i' index, '*' any key, '?' any index or none, '/' any steps
	key   string
	index int
}

// parsePattern reads an ignore pattern; header patterns ("header:Name")
// are handled apart and never reach it.
func parsePattern(s string) (pattern, error) {
	p := pattern{text: s}
	rest := strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(s), "$"), ".")
	if rest == "" {
		return p, fmt.Errorf("ignore pattern %q is empty", s)
	}
	for _, part := range strings.Split(rest, ".") {
		key, idx := part, ""
		if i := strings.IndexByte(part, '['); i >= 0 {
			key, idx = part[:i], part[i:]
		}
		switch key {
		case "":
			if idx == "" {
				return p, fmt.Errorf("ignore pattern %q has an empty step", s)
			}
		case "**":
			p.steps = append(p.steps, step{kind: '/'})
		case "*":
			p.steps = append(p.steps, step{kind: '*'})
		default:
			p.steps = append(p.steps, step{kind: 'k', key: key})
		}
		for idx != "" {
			inner, after, ok := strings.Cut(strings.TrimPrefix(idx, "["), "]")
			if !ok || idx[0] != '[' {
				return p, fmt.Errorf("ignore pattern %q: unclosed [", s)
			}
			st, err := indexStep(inner)
			if err != nil {
				return p, fmt.Errorf("ignore pattern %q: %v", s, err)
			}
			p.steps = append(p.steps, st)
			idx = after
		}
	}
	return p, nil
}

func indexStep(s string) (step, error) {
	if s == "*" {
		return step{kind: '?'}, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return step{}, fmt.Errorf("[%s] is neither [*] nor an index", s)
	}
	return step{kind: 'i', index: n}, nil
}

// match reports whether the pattern matches the whole path.
func (p pattern) match(pa path) bool { return matchSteps(p.steps, pa) }

func matchSteps(st []step, pa path) bool {
	if len(st) == 0 {
		return len(pa) == 0
	}
	switch s := st[0]; s.kind {
	case '/':
		for i := 0; i <= len(pa); i++ {
			if matchSteps(st[1:], pa[i:]) {
				return true
			}
		}
		return false
	case '?':
		if len(pa) > 0 && pa[0].index >= 0 && matchSteps(st[1:], pa[1:]) {
			return true
		}
		return matchSteps(st[1:], pa)
	case 'i':
		return len(pa) > 0 && pa[0].index == s.index && matchSteps(st[1:], pa[1:])
	case '*':
		return len(pa) > 0 && pa[0].index < 0 && matchSteps(st[1:], pa[1:])
	default:
		return len(pa) > 0 && pa[0].index < 0 && pa[0].key == s.key && matchSteps(st[1:], pa[1:])
	}
}
