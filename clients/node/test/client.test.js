// Tests of capsandbox-client against a running server: CAPSANDBOX_URL
// (.ci/run starts one). Without it every test is skipped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Sandbox, SandboxError, uniqueNamespace, OUTCOME_HEADER, NAMESPACE_HEADER } from "../index.js";
import { sandbox } from "../testing.js";

const skip = process.env.CAPSANDBOX_URL ? false : "set CAPSANDBOX_URL to a running capsandbox";
const item = (res) => res.response.customers.customer[0];

test("add, customers and reset", { skip }, async (t) => {
  const sb = await sandbox(t);
  assert.equal(item(await sb.add({ mobile: "919800000001", firstname: "Asha" })).item_status.code, "1000");
  const found = await sb.customers({ mobile: "919800000001" });
  assert.equal(found.length, 1);
  assert.equal(found[0].firstname, "Asha");
  const reset = await sb.reset();
  assert.deepEqual(reset, { reset: sb.name, customers: 0 });
  assert.deepEqual(await sb.customers(), []);
});

test("useScenario switches the namespace", { skip }, async (t) => {
  const sb = await sandbox(t, { scenario: "warning-1017" });
  assert.equal((await sb.scenario()).name, "warning-1017");
  const it = item(await sb.add({ mobile: "919800000002" }));
  assert.deepEqual(it.item_status.warnings.warning, ["1017"]);
  await sb.useScenario({ yaml: "name: mine\nextends: default\nsandbox: {batch_limit: 1}\n" });
  assert.equal((await sb.scenario()).name, "mine");
  await assert.rejects(sb.add({ mobile: "919800000003" }, { mobile: "919800000004" }), (err) => err instanceof SandboxError && err.status === 400);
});

test("requests filters the journal", { skip }, async (t) => {
  const sb = await sandbox(t);
  await sb.add({ mobile: "919800000005" });
  await sb.get({ mobile: "919800000005" });
  const adds = await sb.requests({ path: "/v1.1/customer/add" });
  assert.equal(adds.length, 1);
  assert.equal(adds[0].method, "POST");
  assert.deepEqual(adds[0].item_codes, ["1000"]);
  assert.match(adds[0].body, /919800000005/);
  assert.equal((await sb.requests({ path: "/v1.1/customer/*" })).length, 2);
  assert.equal((await sb.requests({ method: "GET" })).length, 1);
  assert.deepEqual(await sb.requests({ status: "4xx" }), []);
  await sb.clearRequests();
  assert.deepEqual(await sb.requests(), []);
});

test("force sends the outcome header on vendor calls only", { skip }, async (t) => {
  const sb = await sandbox(t);
  const failing = sb.force("error=1001");
  assert.deepEqual(failing.headers(), { [NAMESPACE_HEADER]: sb.name, [OUTCOME_HEADER]: "error=1001" });
  assert.deepEqual(sb.headers(), { [NAMESPACE_HEADER]: sb.name });
  assert.equal(item(await failing.add({ mobile: "919800000006" })).item_status.code, "1001");
  assert.equal(item(await sb.add({ mobile: "919800000006" })).item_status.code, "1000");
  assert.equal((await failing.customers()).length, 1, "control calls ignore the forced outcome");
  await assert.rejects(sb.force("status=503").add({ mobile: "919800000007" }), (err) => err.status === 503);
});

test("namespaces are isolated", { skip }, async () => {
  const a = new Sandbox().namespace(), b = new Sandbox().namespace();
  assert.notEqual(a.name, b.name);
  for (const sb of [a, b]) {
    assert.equal(item(await sb.add({ mobile: "919800000008" })).item_status.message, "Customer registration successful");
    await sb.reset();
  }
});

test("the fixture gives each test its own namespace and resets it after", { skip }, async (t) => {
  let inner;
  await t.test("inner test", async (t2) => {
    inner = await sandbox(t2);
    assert.match(inner.name, /^inner-test-[0-9a-f]{8}$/);
    await inner.add({ mobile: "919800000009" });
    assert.equal((await inner.customers()).length, 1);
  });
  assert.deepEqual(await inner.customers(), [], "the namespace is reset when its test ends");
});

test("insertCustomers and setClock", { skip }, async (t) => {
  const sb = await sandbox(t);
  const clock = await sb.setClock({ fixed: "2024-05-01 09:30:00" });
  assert.equal(clock.now_vendor, "2024-05-01 09:30:00");
  const [c] = await sb.insertCustomers({ mobile: "919800000010", loyalty: { lifetime_points: 1500 } });
  assert.equal(c.registered_on, "2024-05-01 09:30:00");
  assert.equal(c.loyalty.lifetime_points, 1500);
  await assert.rejects(sb.insertCustomers({ mobile: "919800000010" }), (err) => err.status === 409);
});

test("uniqueNamespace makes valid names", () => {
  for (const label of ["a test: with spaces/and*stars", "---x", "", "é".repeat(80)]) {
    assert.match(uniqueNamespace(label), /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);
  }
  assert.throws(() => new Sandbox({ namespace: "bad name" }), /invalid namespace/);
});
