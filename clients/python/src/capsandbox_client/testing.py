"""Test helpers: every test gets a namespace of its own on one running
capsandbox, so tests run in parallel without seeing each other.

unittest:

    class SignUp(SandboxTestCase):
        def test_registers(self):
            self.sandbox.add({"mobile": "919876543210"})

pytest:

    @pytest.fixture
    def sb(request):
        with fresh_namespace(request.node.name) as sb:
            yield sb
"""

from __future__ import annotations

import contextlib
import unittest
from typing import Iterator

from .client import Sandbox, unique_namespace


@contextlib.contextmanager
def fresh_namespace(label: str = "test", scenario: str | None = None, sandbox: Sandbox | None = None,
                    keep: bool = False) -> Iterator[Sandbox]:
    """A client of a new namespace named after label, on the server at CAPSANDBOX_URL
    (or sandbox's), switched to scenario when given; reset on exit unless keep."""
    sb = (sandbox or Sandbox()).namespace(unique_namespace(label))
    if scenario:
        sb.use_scenario(scenario)
    try:
        yield sb
    finally:
        if not keep:
            sb.reset()


class SandboxTestCase(unittest.TestCase):
    """A TestCase whose every test has self.sandbox: a client of a fresh namespace,
    switched to the class's scenario when set, reset after the test."""

    scenario: str | None = None

    def setUp(self) -> None:
        super().setUp()
        self.sandbox = self.enterContext(fresh_namespace(self.id().rsplit(".", 1)[-1], scenario=self.scenario))
