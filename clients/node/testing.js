// A node:test fixture: every test gets a namespace of its own on one
// running capsandbox, so tests run in parallel without seeing each other.
//
//   import { test } from "node:test";
//   import { sandbox } from "capsandbox-client/testing";
//   test("registers", async (t) => {
//     const sb = await sandbox(t);               // a fresh namespace, reset when the test ends
//     await sb.add({ mobile: "919876543210" });
//     t.assert.equal((await sb.customers({ mobile: "919876543210" })).length, 1);
//   });
import { Sandbox, uniqueNamespace } from "./index.js";

/**
 * sandbox returns a client of a new namespace named after the test, on
 * the server at CAPSANDBOX_URL (or options.url), switched to
 * options.scenario when given; the namespace is reset when the test ends.
 * @param {import("node:test").TestContext} t
 * @param {{url?: string, token?: string, scenario?: string|{yaml: string}, keep?: boolean}} [options]
 */
export async function sandbox(t, options = {}) {
  const sb = new Sandbox(options).namespace(uniqueNamespace(t?.name));
  if (options.scenario) await sb.useScenario(options.scenario);
  if (!options.keep && typeof t?.after === "function") t.after(() => sb.reset());
  return sb;
}
