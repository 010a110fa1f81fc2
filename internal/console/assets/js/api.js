// The control API, read with fetch. Paths are relative to the page
// (/__sandbox/ui/), so "requests" is /__sandbox/requests. When the server
// has an admin token, a 401 opens the token dialog once; every call waiting
// on it is retried with the token, which stays in this tab's session
// storage.

const tokenKey = 'capsandbox.adminToken';

// ApiError is a failed control call: HTTP status and the server's message.
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function token() {
  return sessionStorage.getItem(tokenKey) || '';
}

// url builds the address of a control route with its query; arrays add a
// parameter once per value, empty values are left out.
export function url(route, query) {
  const u = new URL('../' + route, document.baseURI);
  for (const [k, v] of Object.entries(query || {})) {
    for (const x of [v].flat()) {
      if (x !== undefined && x !== null && x !== '') u.searchParams.append(k, String(x));
    }
  }
  return u;
}

// call sends a control request and returns its decoded JSON (null for an
// empty answer). opts: method, ns (namespace), query, body (JSON value or
// a string with contentType).
export async function call(route, opts = {}) {
  const query = Object.assign({}, opts.query);
  if (opts.ns) query.namespace = opts.ns;
  for (;;) {
    const sent = token();
    const headers = {Accept: 'application/json'};
    if (sent) headers.Authorization = 'Bearer ' + sent;
    let body;
    if (opts.body !== undefined) {
      headers['Content-Type'] = opts.contentType || 'application/json';
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    }
    const res = await fetch(url(route, query), {
      method: opts.method || 'GET', headers, body, cache: 'no-store', credentials: 'omit',
    });
    if (res.status === 401) {
      await askToken(sent ? 'The server refused that token.' : '');
      continue;
    }
    const text = await res.text();
    let data = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = {error: text};
      }
    }
    if (!res.ok) {
      throw new ApiError(res.status, (data && data.error) || `HTTP ${res.status}`);
    }
    return data;
  }
}

let pending = null; // the open dialog's promise, shared by every waiting call

// askToken opens the token dialog (once, however many calls wait) and
// resolves when a token has been entered.
export function askToken(problem) {
  if (pending) return pending;
  const dialog = document.getElementById('token-dialog');
  const form = document.getElementById('token-form');
  const input = document.getElementById('token-input');
  const error = document.getElementById('token-error');
  error.textContent = problem;
  error.hidden = !problem;
  input.value = '';
  pending = new Promise((resolve) => {
    const done = (ev) => {
      ev.preventDefault();
      const t = input.value.trim();
      if (!t) return;
      sessionStorage.setItem(tokenKey, t);
      form.removeEventListener('submit', done);
      dialog.close();
      pending = null;
      resolve();
    };
    form.addEventListener('submit', done);
  });
  dialog.addEventListener('cancel', (ev) => ev.preventDefault(), {once: true}); // Escape: the console needs it
  if (!dialog.open) dialog.showModal();
  input.focus();
  return pending;
}

// say shows a message in the status line (an ARIA live region).
export function say(message, isError) {
  const el = document.getElementById('status');
  el.textContent = message;
  el.classList.toggle('error', Boolean(isError));
}

// sayError shows a failed call.
export function sayError(what, err) {
  say(`${what}: ${err && err.message ? err.message : err}`, true);
}
