// The request journal of a namespace, newest first, live: it polls
// GET requests?after=<last seq> twice a second while the tab is visible.

import {call, say, sayError} from './api.js';
import {h, append, clear, debounce} from './dom.js';
import {entryRows, entryTable} from './entries.js';

const pollMs = 300;
const firstLoad = 200; // newest entries shown on load
const maxRows = 500; // entries kept on the page; older rows are dropped

const vendorPaths = ['/v1.1/customer/add', '/v1.1/customer/get', '/v1.1/customer/update',
  '/v1.1/organization/configs', '/v1.1/organization/customfields', '/v1.1/*'];

export function mount(main, ctx) {
  const filters = {path: '', status: '', code: '', identifier: ''};
  let lastSeq = 0;
  let timer = 0;
  let stopped = false;
  let generation = 0; // bumps when filters change, so late answers are dropped

  const field = (name, label, hint, list) => h('div', {class: 'field'},
    h('label', {for: `f-${name}`}, label),
    h('input', {id: `f-${name}`, name, type: 'search', placeholder: hint, list, autocomplete: 'off',
      oninput: (ev) => { filters[name] = ev.target.value.trim(); refilter(); }}));
  const live = h('input', {type: 'checkbox', id: 'f-live', checked: true,
    onchange: () => (live.checked ? schedule(0) : clearTimeout(timer))});
  const count = h('span', {class: 'muted', 'aria-live': 'off'});
  const {wrap, tbody} = entryTable('Requests, newest first');
  const empty = h('p', {class: 'muted empty'}, 'No requests yet. Send one to /v1.1/customer/add and it appears here.');

  clear(main);
  append(main, [
    h('div', {class: 'head'}, h('h1', {}, 'Request journal'), h('span', {class: 'muted'}, `namespace ${ctx.ns}`)),
    h('form', {class: 'filters', role: 'search', 'aria-label': 'Filter requests', onsubmit: (ev) => ev.preventDefault()},
      field('path', 'Path', '/v1.1/customer/add or /v1.1/*', 'paths'),
      field('status', 'HTTP status', '200, 4xx', null),
      field('code', 'Item code', '1000, 1001', 'item-codes'),
      field('identifier', 'Identifier', 'mobile, email, external id, user id', null),
      h('div', {class: 'field check'}, live, h('label', {for: 'f-live'}, 'Live')),
      h('div', {class: 'field'}, h('button', {type: 'button', onclick: clearJournal}, 'Clear journal'))),
    h('datalist', {id: 'paths'}, vendorPaths.map((p) => h('option', {value: p}))),
    h('datalist', {id: 'item-codes'}),
    count, wrap, empty,
  ]);
  loadCodes(main.querySelector('#item-codes'));

  const query = () => {
    const q = {path: filters.path, status: filters.status, code: filters.code};
    if (filters.identifier) q.identifier = filters.identifier;
    return q;
  };

  async function poll() {
    const gen = generation;
    try {
      const q = query();
      if (lastSeq > 0) q.after = lastSeq;
      else q.limit = firstLoad;
      const res = await call('requests', {ns: ctx.ns, query: q});
      if (stopped || gen !== generation) return;
      if (res.last_seq < lastSeq) { // the journal started again (reset of every namespace)
        reset();
        return schedule(0);
      }
      show(res.requests);
      lastSeq = Math.max(lastSeq, res.last_seq);
      say('');
    } catch (err) {
      if (!stopped && gen === generation) sayError('Reading the journal', err);
    }
    if (!stopped && gen === generation && live.checked) schedule(pollMs);
  }

  function show(entries) {
    for (const e of entries) { // oldest first: each goes on top
      const [row, detail] = entryRows(e);
      tbody.prepend(row, detail);
    }
    while (tbody.rows.length > 2 * maxRows) tbody.lastElementChild.remove();
    const n = tbody.querySelectorAll('tr.entry').length;
    empty.hidden = n > 0;
    count.textContent = n ? `${n} request${n === 1 ? '' : 's'} shown` : '';
  }

  function reset() {
    lastSeq = 0;
    generation++;
    clear(tbody);
    show([]);
  }

  function schedule(after) {
    clearTimeout(timer);
    if (!stopped && !document.hidden) timer = setTimeout(poll, after);
  }

  const refilter = debounce(() => { reset(); schedule(0); }, 250);

  async function clearJournal() {
    try {
      await call('requests', {method: 'DELETE', ns: ctx.ns});
      clear(tbody);
      show([]);
      say(`Journal of ${ctx.ns} cleared.`);
    } catch (err) {
      sayError('Clearing the journal', err);
    }
  }

  const onVisible = () => { if (!document.hidden && live.checked) schedule(0); };
  document.addEventListener('visibilitychange', onVisible);
  schedule(0);
  return () => {
    stopped = true;
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisible);
  };
}

async function loadCodes(list) {
  try {
    const codes = await call('codes');
    append(list, [h('option', {value: '1000'}, 'success')].concat(
      codes.errors.map((c) => h('option', {value: String(c.code)}, c.message)),
      codes.statuses.map((c) => h('option', {value: String(c.code)}, c.message))));
  } catch {
    // the datalist is only a convenience
  }
}
