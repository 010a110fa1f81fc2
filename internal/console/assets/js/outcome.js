// Force the next answer: builds an X-Sandbox-Outcome value from the codes
// the server lists (GET codes, the vendor's texts), with a ready curl
// command and the equivalent magic e-mail tag.

import {call, sayError} from './api.js';
import {h, append, clear} from './dom.js';
import {shellQuote} from './format.js';

export function mount(main, ctx) {
  clear(main);
  append(main, h('div', {class: 'head'}, h('h1', {}, 'Force an outcome'), h('span', {class: 'muted'}, `namespace ${ctx.ns}`)));
  (async () => {
    try {
      const [codes, scn] = await Promise.all([call('codes'), call('scenario/settings', {ns: ctx.ns})]);
      build(main, ctx, codes, scn);
    } catch (err) {
      sayError('Reading the codes', err);
    }
  })();
  return () => {};
}

const option = (c) => h('option', {value: String(c.code)}, `${c.code} — ${c.message}`);

function build(main, ctx, codes, scn) {
  const state = {warnings: []};
  const warnSel = h('select', {id: 'o-warning'}, codes.warnings.map(option));
  const warnList = h('ul', {class: 'chips', 'aria-label': 'Chosen warnings'});
  const errSel = h('select', {id: 'o-error', onchange: render}, h('option', {value: ''}, '(none)'), codes.errors.map(option));
  const statusSel = h('select', {id: 'o-status', onchange: render}, h('option', {value: ''}, '(none)'),
    codes.statuses.map((c) => h('option', {value: String(c.code)}, `${c.code} — ${c.message} (HTTP ${c.http_status})`)));
  const delay = h('input', {id: 'o-delay', placeholder: `250ms, 2s (at most ${codes.max_delay})`, oninput: render});
  const reset = h('input', {id: 'o-reset', type: 'checkbox', onchange: render});
  const mobile = h('input', {id: 'o-mobile', value: '919876543210', inputmode: 'numeric', oninput: render});
  const headerOut = h('output', {id: 'outcome-header', for: 'o-warning o-error o-status o-delay o-reset', class: 'mono'});
  const curlOut = h('pre', {id: 'outcome-curl', class: 'curl'});
  const magicOut = h('div', {id: 'outcome-magic'});

  const addWarning = () => {
    if (!state.warnings.includes(warnSel.value)) state.warnings.push(warnSel.value);
    render();
  };
  const field = (label, id, control, hint) => h('div', {class: 'field'}, h('label', {for: id}, label), control,
    hint ? h('p', {class: 'hint'}, hint) : null);

  append(main, h('div', {class: 'grid2'},
    h('form', {class: 'card stack', 'aria-label': 'Outcome', onsubmit: (ev) => ev.preventDefault()},
      field('Warning', 'o-warning', h('div', {class: 'inline'}, warnSel, h('button', {type: 'button', onclick: addWarning}, 'Add warning')),
        'Every successful customer gets it; add several if you like.'),
      warnList,
      field('Item error', 'o-error', errSel, 'Every customer fails with this item code; nothing is stored.'),
      field('Request status', 'o-status', statusSel, 'The whole request fails with the vendor’s request-level body.'),
      field('Delay', 'o-delay', delay, 'The answer waits this long.'),
      h('div', {class: 'field check'}, reset, h('label', {for: 'o-reset'}, 'Reset: close the connection without an answer')),
      field('Mobile in the sample request', 'o-mobile', mobile)),
    h('section', {class: 'card', 'aria-label': 'Result'},
      h('h2', {}, 'Header'), headerOut,
      h('h2', {}, 'Ready to run'), curlOut,
      h('h2', {}, 'Without a header'), magicOut)));

  function render() {
    clear(warnList);
    for (const w of state.warnings) {
      warnList.append(h('li', {}, `warning=${w}`, h('button', {type: 'button', class: 'small', 'aria-label': `Remove warning ${w}`,
        onclick: () => { state.warnings = state.warnings.filter((x) => x !== w); render(); }}, '×')));
    }
    const parts = state.warnings.map((w) => `warning=${w}`);
    if (errSel.value) parts.push(`error=${errSel.value}`);
    if (statusSel.value) parts.push(`status=${statusSel.value}`);
    if (delay.value.trim()) parts.push(`delay=${delay.value.trim()}`);
    if (reset.checked) parts.push('reset');
    const value = parts.join(', ');
    headerOut.textContent = value ? `X-Sandbox-Outcome: ${value}` : '(choose an outcome)';
    curlOut.textContent = curl(ctx, scn, value, mobile.value.trim(), '');
    showMagic(magicOut, ctx, scn, state, mobile.value.trim());
  }
  render();
}

function body(mobile, email) {
  const c = {mobile};
  if (email) c.email = email;
  return JSON.stringify({root: {customer: [c]}});
}

function curl(ctx, scn, outcome, mobile, email) {
  const till = scn.tills[0] || {username: 'till1', password_hex: '…'};
  const parts = ['curl -s -i', '-u ' + shellQuote(`${till.username}:${till.password_hex || till.password_md5}`)];
  if (ctx.ns !== 'default') parts.push('-H ' + shellQuote(`X-Sandbox-Namespace: ${ctx.ns}`));
  if (outcome) parts.push('-H ' + shellQuote(`X-Sandbox-Outcome: ${outcome}`));
  parts.push('-H ' + shellQuote('Content-Type: application/json')); // without it the vendor answers 415
  parts.push('-d ' + shellQuote(body(mobile, email)));
  parts.push(shellQuote(`${location.origin}/v1.1/customer/add?format=json`));
  return parts.join(' \\\n  ');
}

// delayMS reads "250ms", "2s" or "1500" as milliseconds (NaN otherwise).
function delayMS(v) {
  const m = v.trim().match(/^(\d+(?:\.\d+)?)(ms|s)?$/);
  if (!m) return NaN;
  return Math.round(Number(m[1]) * (m[2] === 's' ? 1000 : 1));
}

// showMagic explains the e-mail tags of the scenario's magic rules (the
// rules marked magic whose outcome takes the code from the tag).
function showMagic(box, ctx, scn, state, mobile) {
  clear(box);
  const has = (outcome) => scn.rules.some((r) => r.magic && r.outcome === outcome);
  if (!has('warning=$1') && !has('error=$1') && !has('status=$1') && !has('delay=$1')) {
    append(box, h('p', {}, `Scenario ${scn.name} has no magic e-mail values; default and the scenarios that extend it do (+w<code>, +e<code>, +s<status>, +d<ms>).`));
    return;
  }
  const tags = [];
  const missing = [];
  const tag = (outcome, t) => (has(outcome) ? tags.push(t) : missing.push(t));
  for (const w of state.warnings) tag('warning=$1', `+w${w}`);
  const err = document.getElementById('o-error').value;
  const st = document.getElementById('o-status').value;
  const d = document.getElementById('o-delay').value;
  if (err) tag('error=$1', `+e${err}`);
  if (st) tag('status=$1', `+s${st}`);
  if (d.trim()) {
    const n = delayMS(d);
    if (Number.isNaN(n)) missing.push('a delay in whole milliseconds');
    else tag('delay=$1', `+d${n}`);
  }
  if (!tags.length) {
    append(box, h('p', {class: 'muted'}, 'Choose a warning, error, status or delay to see its e-mail tag.'));
  } else {
    const email = `qa${tags.join('')}@example.com`;
    append(box, [
      h('p', {}, 'An app that cannot set headers gets the same outcome from this e-mail in the customer (magic values of ',
        h('span', {class: 'mono'}, scn.name), '):'),
      h('p', {class: 'mono email'}, email),
      h('pre', {class: 'curl'}, curl(ctx, scn, '', mobile, email))]);
  }
  if (document.getElementById('o-reset').checked) missing.push('reset');
  if (missing.length) append(box, h('p', {class: 'hint'}, `No e-mail tag for: ${missing.join(', ')} — use the header.`));
}
