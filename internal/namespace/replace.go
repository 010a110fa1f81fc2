package namespace

import (
	"fmt"
	"sort"

	"github.com/capsandbox/capsandbox/internal/scenario"
)

// Replace makes s the scenario of every namespace whose active scenario
// has s's name, at once and without a reset: stored customers, clocks and
// journals stay; the rule counters start again, for the rules are new.
// When the server's scenario has s's name, new namespaces start with s
// too. A namespace that had switched to the scenario stores the new
// version, so a restart keeps it. It returns the namespaces changed, in
// name order. A scenario over a limit (CheckScenario) replaces nothing:
// its *LimitError is returned.
func (m *Manager) Replace(s *scenario.Scenario) ([]string, error) {
	if err := m.CheckScenario(s); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.baseMu.Lock()
	base := m.opts.Scenario
	if base.Name == s.Name {
		m.opts.Scenario = s
	}
	m.baseMu.Unlock()
	var changed []string
	for name, ns := range m.spaces {
		select {
		case <-ns.ready:
		default:
			continue // being created or dropped: it starts from the scenario as it is then
		}
		if ns.openErr != nil {
			continue
		}
		ok, err := ns.replace(s, base)
		if err != nil {
			return changed, fmt.Errorf("namespace %s: %w", name, err)
		}
		if ok {
			changed = append(changed, name)
		}
	}
	sort.Strings(changed)
	return changed, nil
}

// replace swaps in s when the namespace runs a scenario of its name; base
// is the server's scenario before the swap.
func (n *Namespace) replace(s, base *scenario.Scenario) (bool, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.scn.Name != s.Name {
		return false, nil
	}
	switched := n.scn != base
	n.setScenario(s)
	n.counters.Reset()
	if !switched {
		return true, nil
	}
	return true, n.m.opts.Store.SetMeta(n.Name, metaScenarioYAML, string(s.YAML))
}
