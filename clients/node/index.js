// capsandbox-client: a client of capsandbox's control API (/__sandbox/*)
// and of its emulated vendor routes, with the global fetch only (Node 20+).
//
//   import { Sandbox } from "capsandbox-client";
//   const sb = new Sandbox({ url: "http://127.0.0.1:8080" }).namespace("checkout-1");
//   await sb.useScenario("warning-1017");
//   await sb.add({ mobile: "919876543210" });
//   const sent = await sb.requests({ path: "/v1.1/customer/add" });
//
// Every method works in the client's namespace (X-Sandbox-Namespace).
import { createHash, randomBytes } from "node:crypto";

export const NAMESPACE_HEADER = "X-Sandbox-Namespace";
export const OUTCOME_HEADER = "X-Sandbox-Outcome";

/** SandboxError is a control or vendor call that did not answer 2xx. */
export class SandboxError extends Error {
  constructor(method, path, status, body) {
    super(`${method} ${path}: HTTP ${status}: ${typeof body === "string" ? body : JSON.stringify(body)}`);
    this.status = status;
    this.body = body;
  }
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** uniqueNamespace turns a label (a test's name) into a fresh namespace name. */
export function uniqueNamespace(label = "test") {
  const base = String(label).replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[^A-Za-z0-9]+/, "").slice(0, 40) || "test";
  return `${base}-${randomBytes(4).toString("hex")}`;
}

/** Sandbox is a client bound to one server, one namespace and, optionally, a forced outcome. */
export class Sandbox {
  #o;

  /**
   * @param {object} [o]
   * @param {string} [o.url] server base URL (default CAPSANDBOX_URL, else http://127.0.0.1:8080)
   * @param {string} [o.namespace] namespace (default "default")
   * @param {string} [o.token] admin token (default CAPSANDBOX_ADMIN_TOKEN)
   * @param {string} [o.till] till of the vendor calls (default "till1")
   * @param {string} [o.password] the till's password, sent as its MD5 hex (default "123")
   * @param {number} [o.timeoutMs] bound on each call (default 10000)
   */
  constructor(o = {}) {
    const env = globalThis.process?.env ?? {};
    this.#o = {
      url: (o.url ?? env.CAPSANDBOX_URL ?? "http://127.0.0.1:8080").replace(/\/+$/, ""),
      namespace: o.namespace ?? "default",
      token: o.token ?? env.CAPSANDBOX_ADMIN_TOKEN ?? "",
      till: o.till ?? "till1",
      password: o.password ?? "123",
      timeoutMs: o.timeoutMs ?? 10000,
      outcome: o.outcome ?? "",
    };
    if (!NAME_RE.test(this.#o.namespace)) throw new Error(`invalid namespace ${JSON.stringify(this.#o.namespace)}`);
  }

  /** The server's base URL. */
  get url() { return this.#o.url; }
  /** The namespace this client works in. */
  get name() { return this.#o.namespace; }
  /** The outcome this client forces on vendor calls ("" for none). */
  get outcome() { return this.#o.outcome; }

  /** namespace returns a client of another namespace (a fresh, unique one when no name is given). */
  namespace(name) { return new Sandbox({ ...this.#o, namespace: name ?? uniqueNamespace() }); }

  /**
   * force returns a client whose vendor calls send X-Sandbox-Outcome: outcome
   * (e.g. "warning=1017", "error=1001", "status=503", "delay=250ms", "reset");
   * its headers() are what an app under test should send to get that outcome.
   */
  force(outcome) { return new Sandbox({ ...this.#o, outcome }); }

  /** headers are what an app under test sends to reach this namespace (and forced outcome). */
  headers() {
    const h = { [NAMESPACE_HEADER]: this.#o.namespace };
    if (this.#o.outcome) h[OUTCOME_HEADER] = this.#o.outcome;
    return h;
  }

  /** authorization is the vendor's Basic header: base64(till + ":" + md5hex(password)). */
  authorization() {
    const md5 = createHash("md5").update(this.#o.password).digest("hex");
    return "Basic " + Buffer.from(`${this.#o.till}:${md5}`).toString("base64");
  }

  async #call(method, path, { body, query, vendor = false, contentType = "application/json", ok = [200, 201, 204] } = {}) {
    const qs = query ? new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== "").map(([k, v]) => [k, String(v)])).toString() : "";
    const target = path + (qs ? (path.includes("?") ? "&" : "?") + qs : "");
    const headers = { ...this.headers() };
    if (!vendor) delete headers[OUTCOME_HEADER];
    if (vendor) headers.Authorization = this.authorization();
    else if (this.#o.token) headers.Authorization = `Bearer ${this.#o.token}`;
    if (body !== undefined) headers["Content-Type"] = contentType;
    const res = await fetch(this.#o.url + target, {
      method, headers, signal: AbortSignal.timeout(this.#o.timeoutMs),
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let doc = text;
    try { doc = text ? JSON.parse(text) : null; } catch { /* not JSON: keep the text */ }
    if (!ok.includes(res.status)) throw new SandboxError(method, target, res.status, doc);
    return doc;
  }

  /** health answers GET /__sandbox/health. */
  health() { return this.#call("GET", "/__sandbox/health", { ok: [200] }); }

  /** waitReady polls health until the server is ready, or throws after timeoutMs. */
  async waitReady(timeoutMs = 10000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try { return await this.health(); } catch (err) {
        if (Date.now() > deadline) throw new Error(`capsandbox at ${this.#o.url} not ready within ${timeoutMs} ms: ${err.message}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** reset puts the namespace back to its scenario's initial customers (clock, journal, counters cleared). */
  reset() { return this.#call("POST", "/__sandbox/reset"); }

  /** useScenario switches the namespace to a scenario by name, or to a YAML document ({ yaml }), and resets it. */
  useScenario(scenario) {
    if (typeof scenario === "string") return this.#call("PUT", "/__sandbox/scenario", { query: { name: scenario } });
    return this.#call("PUT", "/__sandbox/scenario", { body: scenario.yaml, contentType: "application/yaml" });
  }

  /** scenario answers the namespace's active scenario. */
  scenario() { return this.#call("GET", "/__sandbox/scenario"); }

  /**
   * requests answers the namespace's journal of vendor requests, oldest first.
   * @param {{path?: string, method?: string, status?: string|number, since?: string, after?: number, limit?: number}} [filter]
   */
  async requests(filter = {}) { return (await this.#call("GET", "/__sandbox/requests", { query: filter })).requests; }

  /** clearRequests empties the namespace's journal. */
  async clearRequests() { await this.#call("DELETE", "/__sandbox/requests"); }

  /**
   * customers answers the namespace's stored customers: a page, or the matches of a filter.
   * @param {{mobile?: string, email?: string, external_id?: string, identifier?: string, user_id?: number, limit?: number, after?: number}} [filter]
   */
  async customers(filter = {}) { return (await this.#call("GET", "/__sandbox/customers", { query: filter })).customers; }

  /** insertCustomers stores customers directly (all or nothing) and answers them as stored. */
  async insertCustomers(...customers) { return (await this.#call("POST", "/__sandbox/customers", { body: customers })).customers; }

  /** setClock fixes ({fixed}), offsets ({offset}) or advances ({advance}) the namespace's clock; {} = real time. */
  setClock(clock = {}) { return this.#call("PUT", "/__sandbox/clock", { body: clock }); }

  /** add registers customers with POST /v1.1/customer/add (JSON) and answers the vendor's envelope. */
  add(...customers) {
    return this.#call("POST", "/v1.1/customer/add", { vendor: true, query: { format: "json" }, body: { root: { customer: customers } }, ok: [200] });
  }

  /** get looks customers up with GET /v1.1/customer/get (e.g. { mobile }) and answers the vendor's envelope. */
  get(query) { return this.#call("GET", "/v1.1/customer/get", { vendor: true, query: { format: "json", ...query }, ok: [200] }); }
}
