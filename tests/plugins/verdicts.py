"""Helpers for the per-rule verdict tables."""

from __future__ import annotations

from sealgate import registry
from sealgate.engine import Verdict
from sealgate.scan import scan
from tests.conftest import FIXTURES

_CACHE: dict[str, dict[tuple[str, str], Verdict]] = {}


def verdicts(fixture: str) -> dict[tuple[str, str], Verdict]:
    """Verdicts on one fixture file, by (rule id, resource address)."""
    if fixture not in _CACHE:
        report = scan([str(FIXTURES / fixture)], registry.load())
        assert report.errors == ()
        _CACHE[fixture] = {(v.rule.id, v.resource.address): v for v in report.verdicts}
    return _CACHE[fixture]
