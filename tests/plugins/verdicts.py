"""Verdicts on the project fixtures, read once per file for the plugin tables."""

from __future__ import annotations

import functools
from typing import Any

from sealgate import registry
from sealgate.engine import Verdict
from sealgate.fields import Update
from sealgate.rules import Status
from sealgate.scan import scan
from tests.conftest import FIXTURES


def verdicts(fixture: str) -> dict[tuple[str, str], Verdict]:
    """Verdicts on one fixture file, by (rule id, resource address)."""
    return {(rule, address): v for (address, rule), v in on(fixture).items()}


@functools.cache
def on(fixture: str) -> dict[tuple[str, str], Verdict]:
    """Every verdict on ``fixtures/<fixture>``, by (resource address, rule id)."""
    report = scan([str(FIXTURES / fixture)], registry.load())
    assert not report.errors, report.errors
    return {(v.resource.address, v.rule.id): v for v in report.verdicts}


def check_verdict(
    fixture: str, resource: str, rule: str, status: Status, message: str
) -> None:
    """The rule's verdict on the resource has this status and exact message."""
    verdict = on(fixture)[(resource, rule)]
    assert (verdict.status, verdict.message) == (status, message)


def check_fix(
    fixture: str, resource: str, rule: str, kind: Update, snippet: str
) -> None:
    """The rule's fix for the resource is of this kind, with this exact snippet."""
    remedy = on(fixture)[(resource, rule)].remedy
    assert remedy is not None
    assert (remedy.kind, remedy.snippet) == (kind, snippet)


def check_complete(
    fixture: str, prefix: str, verdicts: list[Any], fixes: list[Any]
) -> None:
    """A family's tables list every verdict and every fix it gives on a fixture.

    So a resource the rules do not apply to (no row) must get no verdict, and a
    failure without a fix row (nothing in the resource can fix it) no fix.
    """
    family = {key: v for key, v in on(fixture).items() if key[1].startswith(prefix)}
    fixed = {key for key, verdict in family.items() if verdict.remedy is not None}
    assert set(family) == _keys(verdicts, fixture)
    assert fixed == _keys(fixes, fixture)


def _keys(rows: list[Any], fixture: str) -> set[tuple[str, str]]:
    return {(row.values[1], row.values[2]) for row in rows if row.values[0] == fixture}
