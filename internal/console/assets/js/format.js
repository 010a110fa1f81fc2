// Formatting: pretty bodies, times, and "copy as curl".

// pretty returns a JSON or XML body indented for reading, or the text as
// it is when it is neither.
export function pretty(text, contentType) {
  if (!text) return '';
  const ct = (contentType || '').toLowerCase();
  const t = text.trimStart();
  if (ct.includes('json') || t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      return text;
    }
  }
  if (ct.includes('xml') || t.startsWith('<')) return prettyXML(text);
  return text;
}

function escapeXML(s, attr) {
  let out = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  if (attr) out = out.replace(/"/g, '&quot;');
  return out;
}

// prettyXML re-indents an XML document (the text is parsed, not run).
export function prettyXML(text) {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) return text;
  const lines = [];
  const decl = text.trimStart().match(/^<\?xml[^>]*\?>/);
  if (decl) lines.push(decl[0]);
  const walk = (node, depth) => {
    const pad = '  '.repeat(depth);
    const attrs = Array.from(node.attributes || [], (a) => ` ${a.name}="${escapeXML(a.value, true)}"`).join('');
    const kids = Array.from(node.childNodes).filter((n) => n.nodeType !== Node.TEXT_NODE || n.nodeValue.trim() !== '');
    if (kids.length === 0) {
      lines.push(`${pad}<${node.nodeName}${attrs}/>`);
    } else if (kids.length === 1 && kids[0].nodeType === Node.TEXT_NODE) {
      lines.push(`${pad}<${node.nodeName}${attrs}>${escapeXML(kids[0].nodeValue)}</${node.nodeName}>`);
    } else {
      lines.push(`${pad}<${node.nodeName}${attrs}>`);
      for (const k of kids) {
        if (k.nodeType === Node.ELEMENT_NODE) walk(k, depth + 1);
        else if (k.nodeType === Node.TEXT_NODE || k.nodeType === Node.CDATA_SECTION_NODE) lines.push(pad + '  ' + escapeXML(k.nodeValue.trim()));
      }
      lines.push(`${pad}</${node.nodeName}>`);
    }
  };
  walk(doc.documentElement, 0);
  return lines.join('\n');
}

// header returns the first value of a header in a journalled header map.
export function header(map, name) {
  const n = name.toLowerCase();
  for (const [k, v] of Object.entries(map || {})) {
    if (k.toLowerCase() === n) return [v].flat()[0] || '';
  }
  return '';
}

// shellQuote quotes a string for a POSIX shell.
export function shellQuote(s) {
  return "'" + String(s).replace(/'/g, "'\\''") + "'";
}

// Headers curl sets itself, or that describe this one request only.
const skipHeaders = new Set(['host', 'content-length', 'user-agent', 'accept-encoding', 'connection', 'authorization']);

// curlFor reproduces a journalled request as a curl command; the till's
// password stays masked ("***"), as the journal keeps it.
export function curlFor(entry, origin) {
  const parts = ['curl -s'];
  if (entry.method !== 'GET' || entry.body) parts.push('-X ' + entry.method);
  const auth = header(entry.headers, 'Authorization');
  const basic = auth.match(/^Basic (.*):\*\*\*$/i);
  if (basic) parts.push('-u ' + shellQuote(basic[1] + ':***'));
  else if (auth) parts.push('-H ' + shellQuote('Authorization: ' + auth));
  for (const name of Object.keys(entry.headers || {}).sort()) {
    if (skipHeaders.has(name.toLowerCase())) continue;
    for (const v of [entry.headers[name]].flat()) parts.push('-H ' + shellQuote(`${name}: ${v}`));
  }
  if (entry.body) parts.push('--data-binary ' + shellQuote(entry.body));
  parts.push(shellQuote(origin + entry.path + (entry.query ? '?' + entry.query : '')));
  return parts.join(' \\\n  ');
}

// clock formats an RFC 3339 time as local HH:MM:SS.mmm.
export function clock(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

// ago formats how long ago an RFC 3339 time was.
export function ago(iso) {
  const s = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (Number.isNaN(s)) return '';
  if (s < 5) return 'just now';
  if (s < 90) return `${s} s ago`;
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  if (s < 129600) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} days ago`;
}

// ms formats a duration in milliseconds.
export function ms(v) {
  if (v < 10) return v.toFixed(2) + ' ms';
  if (v < 1000) return v.toFixed(1) + ' ms';
  return (v / 1000).toFixed(2) + ' s';
}
