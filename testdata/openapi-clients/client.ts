// A typed client over fetch, written against the types openapi-typescript
// generates from capsandbox's OpenAPI document (api.d.ts, generated beside
// it by scripts/openapi-clients.sh, run by .ci/run). tsc type-checks it in
// strict mode, then node runs it against a running server:
//
//   node client.js http://127.0.0.1:8080
//
// It registers a customer, reads it back and exits 1 unless both succeed.
import type { components, paths } from "./api";

type Add = paths["/v1.1/customer/add"]["post"];
type AddBody = Add["requestBody"]["content"]["application/json"];
type AddOK = Add["responses"][200]["content"]["application/json"];
type VendorError = Add["responses"][401]["content"]["application/json"];
type GetOK = paths["/v1.1/customer/get"]["get"]["responses"][200]["content"]["application/json"];
type Item = AddOK["response"]["customers"]["customer"][number];
type Customer = components["schemas"]["CustomerAddResponse_customer"];

const auth = "Basic dGlsbDE6MjAyY2I5NjJhYzU5MDc1Yjk2NGIwNzE1MmQyMzRiNzA="; // till1 : md5hex("123")

function isCustomer(item: Item): item is Customer {
  return "user_id" in item;
}

async function register(base: string, ns: string, mobile: string): Promise<number> {
  const body: AddBody = { root: { customer: [{ mobile, firstname: "Asha" }] } };
  const res = await fetch(`${base}/v1.1/customer/add?format=json`, {
    method: "POST",
    headers: { Authorization: auth, "Content-Type": "application/json", "X-Sandbox-Namespace": ns },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) {
    const err = (await res.json()) as VendorError;
    throw new Error(`customer/add: HTTP ${res.status}: ${JSON.stringify(err)}`);
  }
  const doc = (await res.json()) as AddOK;
  const item = doc.response.customers.customer[0];
  if (!isCustomer(item)) throw new Error(`customer/add: item ${item.item_status.code} ${item.item_status.message}`);
  // @ts-expect-error item_status has no such field: the generated types are exact, not any.
  void item.item_status.no_such_field;
  const effects: string[] = item.side_effects.effect.map((e) => e.type);
  const code: string = item.item_status.code;
  console.log(`customer/add: user_id ${item.user_id}, code ${code} "${item.item_status.message}", side effects [${effects}], status ${doc.response.status.code}`);
  if (code !== "1000" || item.user_id === undefined) throw new Error("not registered");
  return item.user_id;
}

async function readBack(base: string, ns: string, mobile: string, userID: number): Promise<void> {
  const res = await fetch(`${base}/v1.1/customer/get?format=json&user_id=true&mobile=${mobile}`, {
    headers: { Authorization: auth, "X-Sandbox-Namespace": ns },
  });
  const doc = (await res.json()) as GetOK;
  const found = doc.response.customers.customer[0];
  if (!("user_id" in found) || found.user_id !== String(userID) || found.firstname !== "Asha") {
    throw new Error(`customer/get: ${JSON.stringify(doc)}`);
  }
  console.log(`customer/get: user_id ${found.user_id}, ${found.firstname}, registered_on ${found.registered_on}`);
}

const base = process.argv[2];
const ns = `oapi-ts-${Date.now().toString(36)}`;
register(base, ns, "919876543210")
  .then((id) => readBack(base, ns, "919876543210", id))
  .catch((err: unknown) => {
    console.error("generated TypeScript types:", err);
    process.exit(1);
  });

declare const process: { argv: string[]; exit(code: number): never };
