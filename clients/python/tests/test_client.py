"""Tests of capsandbox_client against a running server: CAPSANDBOX_URL
(.ci/run starts one). Without it every test is skipped."""

import os
import re
import unittest

from capsandbox_client import NAMESPACE_HEADER, OUTCOME_HEADER, Sandbox, SandboxError, unique_namespace
from capsandbox_client.testing import SandboxTestCase, fresh_namespace

SERVER = os.environ.get("CAPSANDBOX_URL")
needs_server = unittest.skipUnless(SERVER, "set CAPSANDBOX_URL to a running capsandbox")


def item(res):
    return res["response"]["customers"]["customer"][0]


@needs_server
class ClientTest(SandboxTestCase):
    def test_add_customers_reset(self):
        sb = self.sandbox
        self.assertEqual(item(sb.add({"mobile": "919800000001", "firstname": "Asha"}))["item_status"]["code"], "1000")
        found = sb.customers(mobile="919800000001")
        self.assertEqual([c["firstname"] for c in found], ["Asha"])
        self.assertEqual(sb.reset(), {"reset": sb.name, "customers": 0})
        self.assertEqual(sb.customers(), [])

    def test_use_scenario(self):
        sb = self.sandbox
        sb.use_scenario("warning-1017")
        self.assertEqual(sb.scenario()["name"], "warning-1017")
        self.assertEqual(item(sb.add({"mobile": "919800000002"}))["item_status"]["warnings"]["warning"], ["1017"])
        sb.use_scenario(yaml="name: mine\nextends: default\nsandbox: {batch_limit: 1}\n")
        with self.assertRaises(SandboxError) as cm:
            sb.add({"mobile": "919800000003"}, {"mobile": "919800000004"})
        self.assertEqual(cm.exception.status, 400)

    def test_requests_filters(self):
        sb = self.sandbox
        sb.add({"mobile": "919800000005"})
        sb.get(mobile="919800000005")
        adds = sb.requests(path="/v1.1/customer/add")
        self.assertEqual([(r["method"], r["item_codes"]) for r in adds], [("POST", ["1000"])])
        self.assertIn("919800000005", adds[0]["body"])
        self.assertEqual(len(sb.requests(path="/v1.1/customer/*")), 2)
        self.assertEqual(len(sb.requests(method="GET")), 1)
        self.assertEqual(sb.requests(status="4xx"), [])
        sb.clear_requests()
        self.assertEqual(sb.requests(), [])

    def test_force(self):
        sb = self.sandbox
        failing = sb.force("error=1001")
        self.assertEqual(failing.headers(), {NAMESPACE_HEADER: sb.name, OUTCOME_HEADER: "error=1001"})
        self.assertEqual(sb.headers(), {NAMESPACE_HEADER: sb.name})
        self.assertEqual(item(failing.add({"mobile": "919800000006"}))["item_status"]["code"], "1001")
        self.assertEqual(item(sb.add({"mobile": "919800000006"}))["item_status"]["code"], "1000")
        self.assertEqual(len(failing.customers()), 1, "control calls ignore the forced outcome")
        with self.assertRaises(SandboxError) as cm:
            sb.force("status=503").add({"mobile": "919800000007"})
        self.assertEqual(cm.exception.status, 503)

    def test_insert_and_clock(self):
        sb = self.sandbox
        self.assertEqual(sb.set_clock(fixed="2024-05-01 09:30:00")["now_vendor"], "2024-05-01 09:30:00")
        [c] = sb.insert_customers({"mobile": "919800000010", "loyalty": {"lifetime_points": 1500}})
        self.assertEqual((c["registered_on"], c["loyalty"]["lifetime_points"]), ("2024-05-01 09:30:00", 1500))
        with self.assertRaises(SandboxError) as cm:
            sb.insert_customers({"mobile": "919800000010"})
        self.assertEqual(cm.exception.status, 409)

    def test_own_namespace(self):
        self.assertTrue(self.sandbox.name.startswith("test_own_namespace-"), self.sandbox.name)


@needs_server
class HelpersTest(unittest.TestCase):
    def test_namespaces_are_isolated(self):
        a, b = Sandbox().namespace(), Sandbox().namespace()
        self.assertNotEqual(a.name, b.name)
        for sb in (a, b):
            msg = item(sb.add({"mobile": "919800000008"}))["item_status"]["message"]
            self.assertEqual(msg, "Customer registration successful")
            sb.reset()

    def test_fresh_namespace_resets_on_exit(self):
        with fresh_namespace("ctx", scenario="duplicates") as sb:
            self.assertEqual(sb.scenario()["name"], "duplicates")
            initial = len(sb.customers())
            sb.add({"mobile": "919800000009"})
            self.assertEqual(len(sb.customers()), initial + 1)
        self.assertEqual(len(sb.customers()), initial, "reset on exit: the scenario's initial customers only")
        self.assertEqual(sb.customers(mobile="919800000009"), [])


class OfflineTest(unittest.TestCase):
    def test_unique_namespace(self):
        for label in ["a test: with spaces/and*stars", "---x", "", "é" * 80, "tests.test_client.ClientTest.test_force"]:
            self.assertRegex(unique_namespace(label), r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
        with self.assertRaises(ValueError):
            Sandbox(namespace="bad name")

    def test_authorization(self):
        self.assertEqual(Sandbox().authorization(), "Basic dGlsbDE6MjAyY2I5NjJhYzU5MDc1Yjk2NGIwNzE1MmQyMzRiNzA=")


if __name__ == "__main__":
    unittest.main()
