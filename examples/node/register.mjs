// Registers one customer with capsandbox (POST /v1.1/customer/add) and reads
// it back (GET /v1.1/customer/get) with the repository's Node client,
// clients/node (capsandbox-client: global fetch only, Node 20+).
//
//   CAPSANDBOX_URL=http://127.0.0.1:8080 node examples/node/register.mjs [MOBILE]
//
// Environment: CAPSANDBOX_URL (default http://127.0.0.1:8080), CAPSANDBOX_TILL
// (default till1), CAPSANDBOX_TILL_PASSWORD (default 123),
// CAPSANDBOX_NAMESPACE (optional: one isolated world per test run).
// Exits 1 when the registration does not succeed. For tests, use the
// client's node:test fixture instead (clients/node/README.md).
import { Sandbox, SandboxError } from "../../clients/node/index.js";

const env = process.env;
const sb = new Sandbox({ till: env.CAPSANDBOX_TILL, password: env.CAPSANDBOX_TILL_PASSWORD, namespace: env.CAPSANDBOX_NAMESPACE || undefined });
const mobile = process.argv[2] || "919876543210";

let add;
try {
  add = await sb.add({ mobile, email: `node.${mobile}@example.com`, firstname: "Node", lastname: "Client" });
} catch (err) {
  if (!(err instanceof SandboxError)) throw err;
  console.error(`registration failed (HTTP ${err.status}):`, JSON.stringify(err.body));
  process.exit(1);
}
const item = add.response?.customers?.customer?.[0];
if (!item || item.item_status.success !== "true") {
  console.error("registration failed (HTTP 200):", JSON.stringify(add));
  process.exit(1);
}
console.log(`customer/add: user_id ${item.user_id}, code ${item.item_status.code} "${item.item_status.message}"`);

const get = await sb.get({ mobile, user_id: "true" });
const found = get.response?.customers?.customer?.[0];
if (!found || String(found.user_id) !== String(item.user_id)) {
  console.error("customer/get did not find the customer:", JSON.stringify(get));
  process.exit(1);
}
console.log(`customer/get: ${found.firstname} ${found.lastname}, registered_on ${found.registered_on}`);
