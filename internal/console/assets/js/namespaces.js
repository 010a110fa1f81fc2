// Namespaces: each with its active scenario, customer count, journal size
// and last activity; the default namespace first.

import {call, sayError} from './api.js';
import {h, append, clear, scroller, table} from './dom.js';
import {ago} from './format.js';

const namePattern = '[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}';

// sorted puts the default namespace first, then the rest by name.
export function sorted(details) {
  return details.slice().sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
}

export function mount(main) {
  clear(main);
  const holder = h('div');
  const input = h('input', {id: 'ns-open', required: true, pattern: namePattern, placeholder: 'checkout-test-17'});
  append(main, [
    h('div', {class: 'head'}, h('h1', {}, 'Namespaces')),
    h('p', {class: 'muted'}, 'Each namespace (the X-Sandbox-Namespace header) has its own customers, scenario, clock and journal.'),
    holder,
    h('form', {class: 'inline', onsubmit: (ev) => { ev.preventDefault(); if (input.checkValidity()) location.hash = `#/ns/${input.value}/journal`; }},
      h('label', {for: 'ns-open'}, 'Open another namespace'), input, h('button', {type: 'submit'}, 'Open')),
  ]);
  (async () => {
    try {
      const list = await call('namespaces');
      const rows = sorted(list.details).map((d) => h('tr', {},
        h('th', {scope: 'row'}, h('a', {href: `#/ns/${d.name}/journal`}, d.name)),
        h('td', {}, d.scenario),
        h('td', {class: 'num'}, h('a', {href: `#/ns/${d.name}/customers`}, String(d.customers))),
        h('td', {class: 'num'}, `${d.requests} / ${d.journal_cap}`),
        h('td', {title: d.last_activity || ''}, d.last_activity ? ago(d.last_activity) : h('span', {class: 'muted'}, 'none since start'))));
      clear(holder).append(scroller(table(['Namespace', 'Scenario', 'Customers', 'Journal', 'Last request'], rows, {class: 'namespaces'})));
    } catch (err) {
      sayError('Reading namespaces', err);
    }
  })();
  return () => {};
}
