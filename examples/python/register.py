#!/usr/bin/env python3
"""Register one customer with capsandbox and read it back, with the
repository's Python client, clients/python (capsandbox_client: urllib only).

    CAPSANDBOX_URL=http://127.0.0.1:8080 python3 examples/python/register.py [MOBILE]

Environment: CAPSANDBOX_URL (default http://127.0.0.1:8080), CAPSANDBOX_TILL
(default till1), CAPSANDBOX_TILL_PASSWORD (default 123), CAPSANDBOX_NAMESPACE
(optional: one isolated world per test run). Exits 1 when the registration
does not succeed. For tests, use the client's SandboxTestCase or
fresh_namespace instead (clients/python/README.md).
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "clients", "python", "src"))
from capsandbox_client import Sandbox, SandboxError  # noqa: E402  (the repository's client, not installed)


def main():
    env = os.environ
    sb = Sandbox(till=env.get("CAPSANDBOX_TILL", "till1"), password=env.get("CAPSANDBOX_TILL_PASSWORD", "123"),
                 namespace=env.get("CAPSANDBOX_NAMESPACE") or "default")
    mobile = sys.argv[1] if len(sys.argv) > 1 else "919876543210"
    customer = {"mobile": mobile, "email": f"python.{mobile}@example.com",
                "firstname": "Python", "lastname": "Client"}
    try:
        doc = sb.add(customer)
    except SandboxError as err:
        print(f"registration failed (HTTP {err.status}): {json.dumps(err.body)}", file=sys.stderr)
        return 1
    items = doc.get("response", {}).get("customers", {}).get("customer", [])
    if not items or items[0]["item_status"]["success"] != "true":
        print(f"registration failed (HTTP 200): {json.dumps(doc)}", file=sys.stderr)
        return 1
    item = items[0]
    st = item["item_status"]
    print(f'customer/add: user_id {item["user_id"]}, code {st["code"]} "{st["message"]}"')

    doc = sb.get(mobile=mobile, user_id="true")
    found = doc.get("response", {}).get("customers", {}).get("customer", [])
    if not found or str(found[0].get("user_id")) != str(item["user_id"]):
        print(f"customer/get did not find the customer: {json.dumps(doc)}", file=sys.stderr)
        return 1
    print(f'customer/get: {found[0]["firstname"]} {found[0]["lastname"]}, registered_on {found[0]["registered_on"]}')
    return 0


if __name__ == "__main__":
    sys.exit(main())
