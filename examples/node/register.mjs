// Registers one customer with capsandbox (POST /v1.1/customer/add) and reads
// it back (GET /v1.1/customer/get), using only Node's standard library
// (global fetch, node:crypto). Node 18 or newer.
//
//   CAPSANDBOX_URL=http://127.0.0.1:8080 node examples/node/register.mjs [MOBILE]
//
// Environment: CAPSANDBOX_URL (default http://127.0.0.1:8080), CAPSANDBOX_TILL
// (default till1), CAPSANDBOX_TILL_PASSWORD (default 123),
// CAPSANDBOX_NAMESPACE (optional: one isolated world per test run).
// Exits 1 when the registration does not succeed.
import { createHash } from "node:crypto";

const base = (process.env.CAPSANDBOX_URL || "http://127.0.0.1:8080").replace(/\/$/, "");
const till = process.env.CAPSANDBOX_TILL || "till1";
const password = process.env.CAPSANDBOX_TILL_PASSWORD || "123";
const mobile = process.argv[2] || "919876543210";

// The vendor's Basic auth carries the MD5 hex of the password, not the password.
const md5hex = createHash("md5").update(password).digest("hex");
const headers = {
  Authorization: "Basic " + Buffer.from(`${till}:${md5hex}`).toString("base64"),
  "Content-Type": "application/json",
};
if (process.env.CAPSANDBOX_NAMESPACE) headers["X-Sandbox-Namespace"] = process.env.CAPSANDBOX_NAMESPACE;

async function call(method, path, body) {
  const res = await fetch(base + path, { method, headers, body: body && JSON.stringify(body) });
  const text = await res.text();
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error(`${method} ${path}: HTTP ${res.status}, not JSON: ${text}`);
  }
  return { status: res.status, requestId: res.headers.get("x-cap-requestid"), doc };
}

const add = await call("POST", "/v1.1/customer/add?format=json", {
  root: { customer: [{ mobile, email: `node.${mobile}@example.com`, firstname: "Node", lastname: "Client" }] },
});
const item = add.doc.response?.customers?.customer?.[0];
if (!item || item.item_status.success !== "true") {
  console.error(`registration failed (HTTP ${add.status}, request ${add.requestId}):`, JSON.stringify(add.doc));
  process.exit(1);
}
console.log(`customer/add: user_id ${item.user_id}, code ${item.item_status.code} "${item.item_status.message}"`);

const get = await call("GET", `/v1.1/customer/get?mobile=${mobile}&user_id=true&format=json`);
const found = get.doc.response?.customers?.customer?.[0];
if (!found || String(found.user_id) !== String(item.user_id)) {
  console.error("customer/get did not find the customer:", JSON.stringify(get.doc));
  process.exit(1);
}
console.log(`customer/get: ${found.firstname} ${found.lastname}, registered_on ${found.registered_on}`);
