// DOM helpers. Everything the console shows is built from nodes: text goes
// in with textContent or text nodes, never as markup, so a value from a
// client request (a firstname, a body) is always shown as text.

const forbidden = new Set(['style', 'innerhtml', 'outerhtml', 'srcdoc']);

// h creates an element: h('a', {href: '#/x', class: 'btn', onclick: fn}, 'text', child).
// Attributes starting with "on" become event listeners; true sets an empty
// attribute; null, undefined and false are skipped.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (forbidden.has(k.toLowerCase())) throw new Error(`h: attribute ${k} is not allowed`);
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k === 'value') el.value = v;
    else if (k === 'checked' || k === 'selected') el[k] = Boolean(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

// append adds children (nodes, strings, numbers, nested arrays) to el.
export function append(el, children) {
  for (const c of [children].flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// clear empties el.
export function clear(el) {
  el.replaceChildren();
  return el;
}

// scroller wraps a wide element (a table) so it scrolls sideways on a
// narrow window instead of widening the page.
export function scroller(child) {
  return h('div', {class: 'scroll'}, child);
}

// table builds a table from a header row and rows of cells.
export function table(headers, rows, attrs) {
  return h('table', attrs || {},
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', {scope: 'col'}, t)))),
    h('tbody', {}, rows));
}

// dl builds a definition list from [term, value] pairs, skipping empty values.
export function dl(pairs, attrs) {
  const out = h('dl', attrs || {class: 'pairs'});
  for (const [k, v] of pairs) {
    if (v === undefined || v === null || v === '') continue;
    append(out, [h('dt', {}, k), h('dd', {}, v)]);
  }
  return out;
}

// statusClass names the colour class of an HTTP status.
export function statusClass(status) {
  if (status >= 500) return 'st st5';
  if (status >= 400) return 'st st4';
  if (status >= 300) return 'st st3';
  return 'st st2';
}

// debounce calls fn once calls stop for ms milliseconds.
export function debounce(fn, ms) {
  let t = 0;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}
