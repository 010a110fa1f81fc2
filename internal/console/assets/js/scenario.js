// Scenario and clock: the namespace's active scenario with its settings,
// a switcher over every scenario, reset, and the clock (real, fixed,
// shifted).

import {call, say, sayError} from './api.js';
import {h, append, clear, dl, scroller, table} from './dom.js';

export function mount(main, ctx) {
  clear(main);
  const active = h('section', {class: 'card', 'aria-labelledby': 'sc-active'});
  const clockBox = h('section', {class: 'card', 'aria-labelledby': 'sc-clock'});
  const switcher = h('section', {class: 'card', 'aria-labelledby': 'sc-switch'});
  append(main, [
    h('div', {class: 'head'}, h('h1', {}, 'Scenario & clock'), h('span', {class: 'muted'}, `namespace ${ctx.ns}`)),
    h('div', {class: 'grid2'}, active, clockBox),
    switcher,
  ]);
  const refresh = async () => {
    try {
      const [s, list, clock] = await Promise.all([
        call('scenario/settings', {ns: ctx.ns}), call('scenarios'), call('clock', {ns: ctx.ns})]);
      showActive(active, ctx, s, refresh);
      showClock(clockBox, ctx, clock);
      showSwitcher(switcher, ctx, s.name, list.scenarios, refresh);
    } catch (err) {
      sayError('Reading the scenario', err);
    }
  };
  refresh();
  return () => {};
}

function showActive(box, ctx, s, refresh) {
  const tills = s.tills.map((t) => h('tr', {}, h('td', {}, t.username), h('td', {}, t.password),
    h('td', {class: 'mono'}, t.password_md5), h('td', {}, t.store_code || '')));
  const settings = s.settings.map((x) => h('tr', {}, h('th', {scope: 'row', class: 'mono'}, x.key),
    h('td', {class: 'mono'}, x.value), h('td', {class: 'doc'}, x.doc || '')));
  const configs = s.configs.map((x) => h('tr', {}, h('th', {scope: 'row', class: 'mono'}, x.key),
    h('td', {class: 'mono'}, x.value), h('td', {class: 'doc'}, x.doc || '')));
  const rules = s.rules.map((r) => h('tr', {}, h('td', {}, r.name), h('td', {class: 'mono'}, JSON.stringify(r.match)),
    h('td', {class: 'mono'}, r.outcome), h('td', {}, r.times ? String(r.times) : ''), h('td', {}, r.magic ? 'magic' : ''),
    h('td', {class: 'mono muted'}, r.where)));
  clear(box);
  append(box, [
    h('h2', {id: 'sc-active'}, 'Active: ', h('span', {class: 'scenario-name'}, s.name)),
    h('p', {}, s.description),
    dl([['Source', s.source], ['Extends', s.extends]]),
    h('h3', {}, 'Tills'),
    scroller(table(['Till', 'Password', 'md5 (what clients send)', 'Store'], tills)),
    h('details', {}, h('summary', {}, `Sandbox settings (${s.settings.length})`),
      scroller(table(['Setting', 'Value', 'What it does'], settings, {class: 'settings'}))),
    h('details', {}, h('summary', {}, `Org configs (${s.configs.length})`),
      scroller(table(['Config', 'Value', 'What it does'], configs, {class: 'settings'}))),
    h('details', {}, h('summary', {}, `Rules (${s.rules.length})`),
      rules.length ? scroller(table(['Rule', 'Match', 'Outcome', 'Times', 'Rank', 'Where'], rules)) : h('p', {class: 'muted'}, 'No rules.')),
    resetControl(ctx, refresh),
  ]);
}

// resetControl asks once more before resetting: the customers go.
function resetControl(ctx, refresh) {
  const box = h('div', {class: 'actions'});
  const ask = h('button', {type: 'button', onclick: () => { ask.hidden = true; confirm.hidden = false; yes.focus(); }}, 'Reset namespace…');
  const yes = h('button', {type: 'button', class: 'danger', onclick: async () => {
    try {
      const r = await call('reset', {method: 'POST', ns: ctx.ns});
      say(`Namespace ${ctx.ns} reset: ${r.customers} initial customers; clock and journal cleared.`);
      refresh();
    } catch (err) {
      sayError('Reset', err);
    }
  }}, `Yes, reset ${ctx.ns}`);
  const no = h('button', {type: 'button', onclick: () => { confirm.hidden = true; ask.hidden = false; ask.focus(); }}, 'Cancel');
  const confirm = h('span', {hidden: true}, 'Drops the customers and restores the scenario’s initial ones. ', yes, ' ', no);
  return append(box, [ask, confirm]);
}

function showSwitcher(box, ctx, current, scenarios, refresh) {
  const items = scenarios.map((s) => h('li', {class: s.name === current ? 'current' : ''},
    h('div', {}, h('strong', {}, s.name), s.name === current ? h('span', {class: 'badge'}, 'active') : null,
      h('p', {class: 'muted'}, s.description)),
    h('button', {type: 'button', 'data-scenario': s.name, disabled: s.name === current,
      'aria-label': `Switch ${ctx.ns} to ${s.name}`, onclick: () => switchTo(s.name)}, 'Switch')));
  async function switchTo(name) {
    try {
      const s = await call('scenario', {method: 'PUT', ns: ctx.ns, body: {name}});
      say(`Namespace ${ctx.ns} now runs ${s.name} (reset to its ${s.initial_customers} initial customers).`);
      await refresh();
    } catch (err) {
      sayError(`Switching to ${name}`, err);
    }
  }
  clear(box);
  append(box, [h('h2', {id: 'sc-switch'}, 'Switch scenario'),
    h('p', {class: 'muted'}, 'Switching resets the namespace to the new scenario’s initial customers, clock and journal.'),
    h('ul', {class: 'scenarios'}, items)]);
}

function clockMode(c) {
  if (c.fixed) return 'fixed';
  return c.offset && c.offset !== '0s' ? 'shifted' : 'real';
}

function showClock(box, ctx, c) {
  const mode = clockMode(c);
  const radio = (value, label) => h('div', {class: 'radio'},
    h('input', {type: 'radio', name: 'clock-mode', id: `clock-${value}`, value, checked: value === mode}),
    h('label', {for: `clock-${value}`}, label));
  const fixed = h('input', {id: 'clock-fixed-at', value: c.now_vendor, placeholder: 'YYYY-MM-DD HH:MM:SS'});
  const offset = h('input', {id: 'clock-offset', value: mode === 'shifted' ? c.offset : '-24h', placeholder: '-36h, 30d'});
  const adv = h('input', {id: 'clock-advance', placeholder: '24h, 30d'});
  const put = async (body, what) => {
    try {
      const now = await call('clock', {method: 'PUT', ns: ctx.ns, body});
      say(`Clock of ${ctx.ns} ${what}: ${now.now_vendor}.`);
      showClock(box, ctx, now);
    } catch (err) {
      sayError('Setting the clock', err);
    }
  };
  const apply = (ev) => {
    ev.preventDefault();
    const m = box.querySelector('input[name=clock-mode]:checked').value;
    if (m === 'fixed') put({fixed: fixed.value.trim()}, 'fixed');
    else if (m === 'shifted') put({offset: offset.value.trim()}, 'shifted');
    else put({}, 'back to real time');
  };
  clear(box);
  append(box, [
    h('h2', {id: 'sc-clock'}, 'Clock'),
    h('p', {class: 'now'}, h('span', {class: 'mono', id: 'clock-now'}, c.now_vendor), ' ',
      h('span', {class: 'badge'}, mode === 'shifted' ? `shifted ${c.offset}` : mode)),
    h('p', {class: 'muted'}, 'Stamps registered_on, updated_on and tier expiry dates in this namespace.'),
    h('form', {class: 'stack', onsubmit: apply},
      h('fieldset', {}, h('legend', {}, 'Mode'),
        radio('real', 'Real time'),
        radio('fixed', 'Fixed at'), h('div', {class: 'indent'}, h('label', {for: 'clock-fixed-at', class: 'sr-only'}, 'Fixed time'), fixed),
        radio('shifted', 'Shifted by'), h('div', {class: 'indent'}, h('label', {for: 'clock-offset', class: 'sr-only'}, 'Offset'), offset)),
      h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Set clock'),
        h('button', {type: 'button', onclick: () => refreshClock(box, ctx)}, 'Read again'))),
    h('form', {class: 'inline', onsubmit: (ev) => { ev.preventDefault(); put({advance: adv.value.trim()}, 'advanced'); }},
      h('label', {for: 'clock-advance'}, 'Advance by'), adv, h('button', {type: 'submit'}, 'Advance')),
  ]);
}

async function refreshClock(box, ctx) {
  try {
    showClock(box, ctx, await call('clock', {ns: ctx.ns}));
  } catch (err) {
    sayError('Reading the clock', err);
  }
}
