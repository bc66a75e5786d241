"""Every registered rule: unique metadata, its family's prefix, real fixtures.

The fixtures are found by running sealgate over fixtures/ once; a rule added
without a failing and a passing fixture fails here.
"""

from __future__ import annotations

import collections
import functools

import pytest

from sealgate import registry
from sealgate.plugins import FAMILIES
from sealgate.rules import Rule
from sealgate.rules import Status
from sealgate.scan import Report
from sealgate.scan import scan
from tests.conftest import FIXTURES

RULES = registry.load().rules
FAMILY_OF = {rule.id: family for family, m in FAMILIES.items() for rule in m.RULES}

SILENT_PASS = {
    "PLAN001": "an in-place change passes silently, with no verdict (issue 3)",
}
"""Rules that never say pass: their passing fixture is one they stay silent on."""


@functools.cache
def _report() -> Report:
    return scan([str(FIXTURES)], registry.load())


def _ids(rule: Rule) -> str:
    return rule.id


def _duplicates(values: list[str]) -> list[str]:
    return sorted(v for v, n in collections.Counter(values).items() if n > 1)


def test_rules_meta_fixtures_read_without_errors() -> None:
    assert [(e.file, e.reason) for e in _report().errors] == []


def test_rules_meta_ids_unique() -> None:
    assert _duplicates([rule.id for rule in RULES]) == []


def test_rules_meta_titles_unique() -> None:
    assert _duplicates([rule.title for rule in RULES]) == []


def test_rules_meta_descriptions_unique() -> None:
    assert _duplicates([rule.description for rule in RULES]) == []


@pytest.mark.parametrize("rule", RULES, ids=_ids)
def test_rules_meta_source_url_set(rule: Rule) -> None:
    assert rule.source_url.startswith("https://"), rule.source_url


@pytest.mark.parametrize("rule", RULES, ids=_ids)
def test_rules_meta_id_prefix_is_family(rule: Rule) -> None:
    assert rule.family == registry.family_prefix(FAMILY_OF[rule.id])


@pytest.mark.parametrize("rule", RULES, ids=_ids)
def test_rules_meta_has_failing_fixture(rule: Rule) -> None:
    statuses = {v.status for v in _report().verdicts if v.rule.id == rule.id}
    assert Status.FAIL in statuses, f"no fixture under fixtures/ fails {rule.id}"


@pytest.mark.parametrize("rule", RULES, ids=_ids)
def test_rules_meta_has_passing_fixture(rule: Rule) -> None:
    verdicts = [v for v in _report().verdicts if v.rule.id == rule.id]
    if rule.id not in SILENT_PASS:
        statuses = {v.status for v in verdicts}
        assert Status.PASS in statuses, f"no fixture under fixtures/ passes {rule.id}"
        return
    judged = {(v.resource.origin.file, v.resource.address) for v in verdicts}
    silent = [
        v.resource.address
        for v in _report().verdicts
        if v.resource.type in rule.resource_types
        and (v.resource.origin.file, v.resource.address) not in judged
    ]
    assert silent, f"no fixture resource that {rule.id} judges stays silent"


def test_rules_meta_families_sorted() -> None:
    assert list(FAMILIES) == sorted(FAMILIES)
