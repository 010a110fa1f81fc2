// Journal entries as table rows: time, method, path, status, item codes,
// duration; a row's button expands it to the request and the response.

import {h, append, dl, statusClass, scroller} from './dom.js';
import {clock, curlFor, header, ms, pretty} from './format.js';

export const columns = ['Time', 'Method', 'Path', 'Status', 'Item codes', 'Took'];
const classes = ['time', 'method', 'path', 'http-status', 'codes', 'num took'];

// entryTable returns an empty journal table and its tbody.
export function entryTable(caption) {
  const tbody = h('tbody');
  const t = h('table', {class: 'journal'},
    caption ? h('caption', {class: 'sr-only'}, caption) : null,
    h('thead', {}, h('tr', {}, columns.map((c, i) => h('th', {scope: 'col', class: classes[i]}, c)))),
    tbody);
  return {wrap: scroller(t), tbody};
}

// entryRows returns the summary row and the (hidden) detail row of entry.
export function entryRows(entry) {
  const detail = h('tr', {class: 'detail', hidden: true, 'data-seq': entry.seq});
  const id = `entry-${entry.seq}-${Math.random().toString(36).slice(2, 8)}`;
  const toggle = h('button', {
    type: 'button', class: 'expand', 'aria-expanded': 'false', 'aria-controls': id,
    title: 'Show the request and the response',
    onclick: () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      if (open && !detail.firstChild) append(detail, h('td', {colspan: columns.length, id}, details(entry)));
      detail.hidden = !open;
    },
  }, h('span', {class: 'caret', 'aria-hidden': 'true'}), clock(entry.time));
  const codes = (entry.item_codes || []).map((c) => h('span', {class: 'code'}, c));
  const row = h('tr', {class: 'entry', 'data-seq': entry.seq},
    h('td', {class: 'time', title: entry.time}, toggle),
    h('td', {class: 'method'}, entry.method),
    h('td', {class: 'path'}, entry.path, entry.query ? h('span', {class: 'query muted'}, '?' + entry.query) : null),
    h('td', {class: 'http-status'}, h('span', {class: statusClass(entry.status)}, String(entry.status))),
    h('td', {class: 'codes'}, codes.length ? codes : h('span', {class: 'muted'}, '—'), warnings(entry)),
    h('td', {class: 'num took'}, ms(entry.duration_ms)));
  return [row, detail];
}

// warnings returns chips for the warning codes in a vendor answer (JSON
// or XML): they are not item codes, but they are what a client checks.
function warnings(entry) {
  const found = warningCodes(entry.response || '');
  return found.map((w) => h('span', {class: 'code warn', title: `warning ${w}`}, `w${w}`));
}

export function warningCodes(text) {
  const out = [];
  const t = text.trimStart();
  if (t.startsWith('{')) {
    try {
      const doc = JSON.parse(text);
      const items = (((doc.response || {}).customers || {}).customer) || [];
      for (const c of [items].flat()) {
        const ws = ((c.item_status || {}).warnings || {}).warning || [];
        out.push(...[ws].flat().map(String));
      }
    } catch {
      // not the vendor's JSON: no warnings to show
    }
  } else if (t.startsWith('<')) {
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    for (const w of doc.querySelectorAll('item_status warnings warning')) out.push(w.textContent.trim());
  }
  return out.filter(Boolean);
}

// details shows a request and its answer side by side.
function details(entry) {
  const origin = location.origin;
  const curl = h('pre', {class: 'curl', hidden: true});
  const copy = h('button', {type: 'button', class: 'copy-curl', onclick: () => copyCurl(entry, origin, curl, copy)}, 'Copy as curl');
  return h('div', {class: 'panes'},
    h('section', {class: 'pane', 'aria-label': 'Request'},
      h('h3', {}, 'Request'),
      h('p', {class: 'mono'}, `${entry.method} ${entry.path}${entry.query ? '?' + entry.query : ''}`),
      dl([['Seq', String(entry.seq)], ['Request id', entry.request_id], ['Time', entry.time]]),
      headerTable(entry.headers),
      body(entry.body, header(entry.headers, 'Content-Type')),
      cutNote(entry.body_cut, entry.body_size),
      h('div', {class: 'actions'}, copy),
      curl),
    h('section', {class: 'pane', 'aria-label': 'Response'},
      h('h3', {}, 'Response ', h('span', {class: statusClass(entry.status)}, String(entry.status))),
      h('p', {}, 'Item codes: ', (entry.item_codes || []).join(', ') || '—', ` · ${ms(entry.duration_ms)}`),
      entry.response_headers ? headerTable(entry.response_headers) : h('p', {class: 'muted'}, 'Headers not recorded.'),
      body(entry.response, header(entry.response_headers, 'Content-Type')),
      cutNote(entry.response_cut, entry.response_size)));
}

// cutNote says that the journal kept only the start of a long body.
function cutNote(cut, size) {
  if (!cut) return null;
  return h('p', {class: 'muted cut'}, `Only the start is journalled: the whole was ${size} bytes.`);
}

function headerTable(map) {
  const rows = [];
  for (const name of Object.keys(map || {}).sort()) {
    for (const v of [map[name]].flat()) rows.push(h('tr', {}, h('th', {scope: 'row'}, name), h('td', {}, v)));
  }
  if (!rows.length) return h('p', {class: 'muted'}, 'No headers.');
  return scroller(h('table', {class: 'headers'}, h('tbody', {}, rows)));
}

// body shows a body pretty-printed, with a button for the exact bytes.
function body(text, contentType) {
  if (!text) return h('p', {class: 'muted'}, 'No body.');
  const nice = pretty(text, contentType);
  const pre = h('pre', {class: 'body'}, nice);
  if (nice === text) return pre;
  let exact = false;
  const btn = h('button', {
    type: 'button', class: 'small', 'aria-pressed': 'false',
    onclick: () => {
      exact = !exact;
      pre.textContent = exact ? text : nice;
      btn.setAttribute('aria-pressed', String(exact));
    },
  }, 'Exact bytes');
  return h('div', {}, h('div', {class: 'actions'}, btn), pre);
}

async function copyCurl(entry, origin, pre, btn) {
  const cmd = curlFor(entry, origin);
  pre.textContent = cmd;
  pre.hidden = false;
  try {
    await navigator.clipboard.writeText(cmd);
    btn.textContent = 'Copied — copy again';
  } catch {
    btn.textContent = 'Copy as curl (select the command below)';
  }
}
