// The console's router. Views live in the URL fragment, so every view is a
// link (back, forward and bookmarks work):
//   #/ns/<namespace>/journal | customers[/<user id>] | scenario | outcome
//   #/namespaces

import {call, say} from './api.js';
import {h, append, clear} from './dom.js';
import * as journal from './journal.js';
import * as customers from './customers.js';
import * as scenario from './scenario.js';
import * as outcome from './outcome.js';
import * as namespaces from './namespaces.js';

const views = {journal, customers, scenario, outcome, namespaces};
const nameRE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

let current = {ns: 'default'};
let unmount = () => {};

// parse reads a fragment into {view, ns, arg, params}, or null when the
// fragment is not a console route (such as the skip link's #main).
function parse(hash) {
  if (hash === '' || hash === '#' || hash === '#/') return {view: 'journal', ns: current.ns, arg: '', params: new URLSearchParams()};
  if (!hash.startsWith('#/')) return null;
  const [path, qs] = hash.slice(2).split('?');
  const parts = path.split('/').map(decodeURIComponent);
  const params = new URLSearchParams(qs || '');
  if (parts[0] === 'namespaces') return {view: 'namespaces', ns: current.ns, arg: '', params};
  if (parts[0] === 'ns' && parts.length >= 3) return {view: parts[2], ns: parts[1], arg: parts[3] || '', params};
  return {view: 'unknown', ns: current.ns, arg: hash, params};
}

function route() {
  const r = parse(location.hash);
  if (!r) return;
  const main = document.getElementById('main');
  unmount();
  unmount = () => {};
  say('');
  if (!nameRE.test(r.ns)) {
    clear(main).append(h('p', {class: 'error'}, `“${r.ns}” is not a namespace name: 1–64 letters, digits, ., _ or -.`));
    return;
  }
  current = r;
  updateNav(r);
  const v = views[r.view];
  if (!v) {
    clear(main).append(h('p', {class: 'error'}, 'No such view. '), h('a', {href: `#/ns/${r.ns}/journal`}, 'Open the journal'));
    return;
  }
  const done = v.mount(main, r);
  if (typeof done === 'function') unmount = done;
}

function updateNav(r) {
  for (const a of document.querySelectorAll('#nav a')) {
    const view = a.dataset.view;
    a.href = view === 'namespaces' ? '#/namespaces' : `#/ns/${r.ns}/${view}`;
    if (view === r.view) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `${r.view === 'namespaces' ? 'Namespaces' : r.ns + ' · ' + r.view} — capsandbox console`;
  fillNamespaces(r.ns);
}

// fillNamespaces lists the namespaces in the header's picker, the default
// first, with the current one selected.
async function fillNamespaces(ns) {
  const sel = document.getElementById('ns-select');
  let names = [];
  try {
    names = namespaces.sorted((await call('namespaces')).details).map((d) => d.name);
  } catch {
    // the view shows the error; the picker keeps the current name
  }
  if (!names.includes(ns)) names.push(ns);
  clear(sel);
  append(sel, names.map((n) => h('option', {value: n, selected: n === ns}, n)));
}

function start() {
  document.getElementById('ns-select').addEventListener('change', (ev) => {
    const view = current.view === 'namespaces' || current.arg ? (current.view === 'customers' ? 'customers' : 'journal') : current.view;
    location.hash = `#/ns/${ev.target.value}/${view}`;
  });
  window.addEventListener('hashchange', route);
  route();
}

start();
