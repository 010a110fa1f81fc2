#!/usr/bin/env python3
"""Register one customer with capsandbox and read it back, standard library only.

    CAPSANDBOX_URL=http://127.0.0.1:8080 python3 examples/python/register.py [MOBILE]

Environment: CAPSANDBOX_URL (default http://127.0.0.1:8080), CAPSANDBOX_TILL
(default till1), CAPSANDBOX_TILL_PASSWORD (default 123), CAPSANDBOX_NAMESPACE
(optional: one isolated world per test run). Exits 1 when the registration
does not succeed.
"""
import base64
import hashlib
import json
import os
import sys
import urllib.error
import urllib.request

BASE = os.environ.get("CAPSANDBOX_URL", "http://127.0.0.1:8080").rstrip("/")
TILL = os.environ.get("CAPSANDBOX_TILL", "till1")
PASSWORD = os.environ.get("CAPSANDBOX_TILL_PASSWORD", "123")


def headers():
    # The vendor's Basic auth carries the MD5 hex of the password.
    md5hex = hashlib.md5(PASSWORD.encode()).hexdigest()
    token = base64.b64encode(f"{TILL}:{md5hex}".encode()).decode()
    h = {"Authorization": "Basic " + token, "Content-Type": "application/json"}
    if os.environ.get("CAPSANDBOX_NAMESPACE"):
        h["X-Sandbox-Namespace"] = os.environ["CAPSANDBOX_NAMESPACE"]
    return h


def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(BASE + path, data=data, method=method, headers=headers())
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.load(resp)
    except urllib.error.HTTPError as err:  # vendor errors still carry a JSON body
        return err.code, json.load(err)


def main():
    mobile = sys.argv[1] if len(sys.argv) > 1 else "919876543210"
    customer = {"mobile": mobile, "email": f"python.{mobile}@example.com",
                "firstname": "Python", "lastname": "Client"}
    status, doc = call("POST", "/v1.1/customer/add?format=json", {"root": {"customer": [customer]}})
    items = doc.get("response", {}).get("customers", {}).get("customer", [])
    if not items or items[0]["item_status"]["success"] != "true":
        print(f"registration failed (HTTP {status}): {json.dumps(doc)}", file=sys.stderr)
        return 1
    item = items[0]
    st = item["item_status"]
    print(f'customer/add: user_id {item["user_id"]}, code {st["code"]} "{st["message"]}"')

    _, doc = call("GET", f"/v1.1/customer/get?mobile={mobile}&user_id=true&format=json")
    found = doc.get("response", {}).get("customers", {}).get("customer", [])
    if not found or str(found[0].get("user_id")) != str(item["user_id"]):
        print(f"customer/get did not find the customer: {json.dumps(doc)}", file=sys.stderr)
        return 1
    print(f'customer/get: {found[0]["firstname"]} {found[0]["lastname"]}, registered_on {found[0]["registered_on"]}')
    return 0


if __name__ == "__main__":
    sys.exit(main())
