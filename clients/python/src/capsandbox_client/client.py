"""The Sandbox client."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

NAMESPACE_HEADER = "X-Sandbox-Namespace"
OUTCOME_HEADER = "X-Sandbox-Outcome"

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class SandboxError(Exception):
    """A control or vendor call that did not answer 2xx: status and parsed body."""

    def __init__(self, method: str, path: str, status: int, body: Any):
        text = body if isinstance(body, str) else json.dumps(body)
        super().__init__(f"{method} {path}: HTTP {status}: {text}")
        self.status = status
        self.body = body


def unique_namespace(label: str = "test") -> str:
    """A fresh namespace name made from a label (a test's id)."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", label)
    base = re.sub(r"^[^A-Za-z0-9]+", "", base)[-40:].lstrip("._-") or "test"
    return f"{base}-{secrets.token_hex(4)}"


class Sandbox:
    """A client bound to one server, one namespace and, optionally, a forced outcome."""

    def __init__(self, url: str | None = None, namespace: str = "default", token: str | None = None,
                 till: str = "till1", password: str = "123", timeout: float = 10.0, outcome: str = ""):
        self.url = (url or os.environ.get("CAPSANDBOX_URL") or "http://127.0.0.1:8080").rstrip("/")
        if not _NAME_RE.match(namespace):
            raise ValueError(f"invalid namespace {namespace!r}")
        self.name = namespace
        self.token = token if token is not None else os.environ.get("CAPSANDBOX_ADMIN_TOKEN", "")
        self.till, self.password, self.timeout, self.outcome = till, password, timeout, outcome

    def _copy(self, **changes: Any) -> "Sandbox":
        o = dict(url=self.url, namespace=self.name, token=self.token, till=self.till,
                 password=self.password, timeout=self.timeout, outcome=self.outcome)
        o.update(changes)
        return Sandbox(**o)

    def namespace(self, name: str | None = None) -> "Sandbox":
        """A client of another namespace (a fresh, unique one when no name is given)."""
        return self._copy(namespace=name or unique_namespace())

    def force(self, outcome: str) -> "Sandbox":
        """A client whose vendor calls send X-Sandbox-Outcome: outcome ("warning=1017",
        "error=1001", "status=503", "delay=250ms", "reset"); its headers() are what an
        app under test sends to get that outcome."""
        return self._copy(outcome=outcome)

    def headers(self) -> dict[str, str]:
        """What an app under test sends to reach this namespace (and forced outcome)."""
        h = {NAMESPACE_HEADER: self.name}
        if self.outcome:
            h[OUTCOME_HEADER] = self.outcome
        return h

    def authorization(self) -> str:
        """The vendor's Basic header: base64(till + ":" + md5hex(password))."""
        md5 = hashlib.md5(self.password.encode()).hexdigest()
        return "Basic " + base64.b64encode(f"{self.till}:{md5}".encode()).decode()

    def _call(self, method: str, path: str, body: Any = None, query: dict | None = None, vendor: bool = False,
              content_type: str = "application/json", ok: tuple[int, ...] = (200, 201, 204)) -> Any:
        q = {k: str(v) for k, v in (query or {}).items() if v is not None and v != ""}
        target = path + ("?" + urllib.parse.urlencode(q) if q else "")
        headers = self.headers()
        if vendor:
            headers["Authorization"] = self.authorization()
        else:
            headers.pop(OUTCOME_HEADER, None)
            if self.token:
                headers["Authorization"] = f"Bearer {self.token}"
        data = None
        if body is not None:
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            headers["Content-Type"] = content_type
        req = urllib.request.Request(self.url + target, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                status, raw = resp.status, resp.read()
        except urllib.error.HTTPError as err:  # 4xx and 5xx still carry a body
            status, raw = err.code, err.read()
        text = raw.decode("utf-8", "replace")
        try:
            doc = json.loads(text) if text else None
        except ValueError:
            doc = text
        if status not in ok:
            raise SandboxError(method, target, status, doc)
        return doc

    def health(self) -> dict:
        """GET /__sandbox/health."""
        return self._call("GET", "/__sandbox/health", ok=(200,))

    def wait_ready(self, timeout: float = 10.0) -> dict:
        """Poll health until the server is ready, or raise after timeout seconds."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return self.health()
            except (OSError, SandboxError) as err:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"capsandbox at {self.url} not ready within {timeout}s: {err}") from err
            time.sleep(0.05)

    def reset(self) -> dict:
        """The namespace back to its scenario's initial customers (clock, journal, counters cleared)."""
        return self._call("POST", "/__sandbox/reset")

    def use_scenario(self, name: str | None = None, yaml: str | None = None) -> dict:
        """Switch the namespace to a scenario by name, or to a YAML document, and reset it."""
        if yaml is not None:
            return self._call("PUT", "/__sandbox/scenario", body=yaml, content_type="application/yaml")
        return self._call("PUT", "/__sandbox/scenario", query={"name": name})

    def scenario(self) -> dict:
        """The namespace's active scenario."""
        return self._call("GET", "/__sandbox/scenario")

    def requests(self, **filters: Any) -> list[dict]:
        """The namespace's journal of vendor requests, oldest first; filters: path (a
        prefix ending in *), method, status ("4xx", "200,503"), since, after, limit."""
        return self._call("GET", "/__sandbox/requests", query=filters)["requests"]

    def clear_requests(self) -> None:
        """Empty the namespace's journal."""
        self._call("DELETE", "/__sandbox/requests")

    def customers(self, **filters: Any) -> list[dict]:
        """The namespace's stored customers: a page (limit, after), or the matches of
        mobile, email, external_id, identifier or user_id."""
        return self._call("GET", "/__sandbox/customers", query=filters)["customers"]

    def insert_customers(self, *customers: dict) -> list[dict]:
        """Store customers directly (all or nothing); answers them as stored."""
        return self._call("POST", "/__sandbox/customers", body=list(customers))["customers"]

    def set_clock(self, **clock: str) -> dict:
        """Fix (fixed=...), offset (offset=...) or advance (advance=...) the clock; none = real time."""
        return self._call("PUT", "/__sandbox/clock", body=clock)

    def add(self, *customers: dict) -> dict:
        """POST /v1.1/customer/add (JSON) as the till; answers the vendor's envelope."""
        return self._call("POST", "/v1.1/customer/add", body={"root": {"customer": list(customers)}},
                          query={"format": "json"}, vendor=True, ok=(200,))

    def get(self, **query: str) -> dict:
        """GET /v1.1/customer/get (e.g. mobile=...) as the till; answers the vendor's envelope."""
        return self._call("GET", "/v1.1/customer/get", query={"format": "json", **query}, vendor=True, ok=(200,))
