"""Verdicts on the project fixtures, read once per file for the plugin tables."""

from __future__ import annotations

import functools

from sealgate import registry
from sealgate.engine import Verdict
from sealgate.scan import scan
from tests.conftest import FIXTURES


@functools.cache
def on(fixture: str) -> dict[tuple[str, str], Verdict]:
    """Every verdict on ``fixtures/<fixture>``, by (resource address, rule id)."""
    report = scan([str(FIXTURES / fixture)], registry.load())
    assert not report.errors, report.errors
    return {(v.resource.address, v.rule.id): v for v in report.verdicts}
