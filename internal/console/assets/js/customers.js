// Customers: a paged table with search by mobile, email, external id or
// user id; a customer's page with the stored record and the requests that
// touched it.

import {call, sayError} from './api.js';
import {h, append, clear, dl, scroller, table} from './dom.js';
import {entryRows, entryTable} from './entries.js';

const pageSize = 50;

export function mount(main, ctx) {
  if (ctx.arg) return mountCustomer(main, ctx);
  let after = 0;
  const trail = []; // the after values of earlier pages, for "Previous"
  const input = h('input', {id: 'c-search', type: 'search', autocomplete: 'off',
    placeholder: 'mobile, email, external id or user id', value: ctx.params.get('q') || ''});
  const info = h('p', {class: 'muted'});
  const holder = h('div');
  const prev = h('button', {type: 'button', disabled: true, onclick: () => { after = trail.pop() || 0; load(); }}, 'Previous page');
  const next = h('button', {type: 'button', disabled: true, onclick: () => { trail.push(after); after = next.dataset.after; load(); }}, 'Next page');

  clear(main);
  append(main, [
    h('div', {class: 'head'}, h('h1', {}, 'Customers'), h('span', {class: 'muted'}, `namespace ${ctx.ns}`)),
    h('form', {class: 'filters', role: 'search', 'aria-label': 'Find customers',
      onsubmit: (ev) => { ev.preventDefault(); after = 0; trail.length = 0; load(); }},
    h('div', {class: 'field grow'}, h('label', {for: 'c-search'}, 'Find by identifier'), input),
    h('div', {class: 'field'}, h('button', {type: 'submit', class: 'primary'}, 'Search')),
    h('div', {class: 'field'}, h('button', {type: 'button', onclick: () => { input.value = ''; after = 0; trail.length = 0; load(); }}, 'Show all'))),
    info, holder, h('div', {class: 'actions'}, prev, next),
  ]);

  async function load() {
    const q = input.value.trim();
    try {
      let list;
      if (q) {
        list = await call('customers', {ns: ctx.ns, query: {identifier: q}});
        if (/^\d+$/.test(q)) { // also a user id
          const byID = await call('customers', {ns: ctx.ns, query: {user_id: q}});
          const seen = new Set(list.customers.map((c) => c.user_id));
          list.customers.push(...byID.customers.filter((c) => !seen.has(c.user_id)));
        }
        info.textContent = `${list.customers.length} of ${list.total} customers match “${q}”.`;
      } else {
        list = await call('customers', {ns: ctx.ns, query: {after, limit: pageSize}});
        info.textContent = `${list.total} customers in ${ctx.ns}.`;
      }
      clear(holder).append(customerTable(ctx.ns, list.customers));
      next.disabled = q !== '' || !list.next_after;
      next.dataset.after = list.next_after || 0;
      prev.disabled = q !== '' || trail.length === 0;
    } catch (err) {
      sayError('Reading customers', err);
    }
  }
  load();
  return () => {};
}

function customerTable(ns, customers) {
  if (!customers.length) return h('p', {class: 'muted empty'}, 'No customers.');
  const rows = customers.map((c) => h('tr', {},
    h('td', {}, h('a', {href: `#/ns/${ns}/customers/${c.user_id}`}, String(c.user_id))),
    h('td', {}, c.mobile || ''), h('td', {}, c.email || ''), h('td', {}, c.external_id || ''),
    h('td', {class: 'name'}, [c.firstname, c.lastname].filter(Boolean).join(' ')),
    h('td', {}, c.type || ''),
    h('td', {}, c.loyalty ? c.loyalty.slab_name || String(c.loyalty.slab) : ''),
    h('td', {class: 'num'}, c.loyalty ? String(c.loyalty.loyalty_points) : ''),
    h('td', {}, c.registered_on || '')));
  return scroller(table(['User id', 'Mobile', 'Email', 'External id', 'Name', 'Type', 'Slab', 'Points', 'Registered on'],
    rows, {class: 'customers'}));
}

async function mountCustomer(main, ctx) {
  clear(main);
  const back = h('a', {href: `#/ns/${ctx.ns}/customers`}, '← All customers');
  append(main, [h('p', {}, back)]);
  try {
    const list = await call('customers', {ns: ctx.ns, query: {user_id: ctx.arg}});
    const c = list.customers[0];
    if (!c) {
      append(main, h('p', {class: 'empty'}, `No customer ${ctx.arg} in ${ctx.ns}.`));
      return () => {};
    }
    const name = [c.firstname, c.lastname].filter(Boolean).join(' ');
    append(main, [
      h('div', {class: 'head'}, h('h1', {}, `Customer ${c.user_id}`), name ? h('span', {class: 'name'}, name) : null),
      h('div', {class: 'panes'},
        h('section', {class: 'pane', 'aria-label': 'Stored record'}, h('h2', {}, 'Stored record'), record(c)),
        h('section', {class: 'pane', 'aria-label': 'As JSON'}, h('h2', {}, 'As the control API returns it'),
          h('pre', {class: 'body'}, JSON.stringify(c, null, 2)))),
      h('h2', {}, 'Requests that touched this customer'),
    ]);
    const ids = [c.mobile, c.email, c.external_id, String(c.user_id)].filter(Boolean);
    const res = await call('requests', {ns: ctx.ns, query: {identifier: ids}});
    if (!res.requests.length) {
      append(main, h('p', {class: 'muted empty'}, 'None in the journal (it is kept in memory and holds the latest requests only).'));
    } else {
      const {wrap, tbody} = entryTable('Requests naming this customer, newest first');
      for (const e of res.requests.reverse()) tbody.append(...entryRows(e));
      append(main, wrap);
    }
  } catch (err) {
    sayError('Reading the customer', err);
  }
  return () => {};
}

function record(c) {
  const l = c.loyalty || {};
  const fields = (m) => Object.entries(m || {}).map(([k, v]) => `${k} = ${v}`).join('\n');
  return dl([
    ['User id', String(c.user_id)], ['Mobile', c.mobile], ['Email', c.email], ['External id', c.external_id],
    ['First name', c.firstname], ['Last name', c.lastname], ['Type', c.type], ['Fraud status', c.fraud_status],
    ['Registered on', c.registered_on], ['Updated on', c.updated_on], ['Registered by', c.registered_by],
    ['Registered till', c.registered_till], ['Associated with', c.associated_with],
    ['Custom fields', fields(c.custom_fields)], ['Extended fields', fields(c.extended_fields)],
    ['Slab', c.loyalty ? `${l.slab_name || ''} (${l.slab})` : ''], ['Tier expiry', l.tier_expiry_date],
    ['Loyalty points', c.loyalty ? String(l.loyalty_points) : ''], ['Lifetime points', c.loyalty ? String(l.lifetime_points) : ''],
  ]);
}
