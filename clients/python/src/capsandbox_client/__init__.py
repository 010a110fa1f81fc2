"""A client of capsandbox's control API (/__sandbox/*) and its emulated
vendor routes, with the standard library only (urllib).

    from capsandbox_client import Sandbox
    sb = Sandbox("http://127.0.0.1:8080").namespace("checkout-1")
    sb.use_scenario("warning-1017")
    sb.add({"mobile": "919876543210"})
    sent = sb.requests(path="/v1.1/customer/add")

Every method works in the client's namespace (X-Sandbox-Namespace). The
test helpers are in capsandbox_client.testing.
"""

from .client import NAMESPACE_HEADER, OUTCOME_HEADER, Sandbox, SandboxError, unique_namespace

__all__ = ["NAMESPACE_HEADER", "OUTCOME_HEADER", "Sandbox", "SandboxError", "unique_namespace"]
