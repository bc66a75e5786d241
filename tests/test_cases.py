"""Every case in ../shared/cases gives the verdict AWS would give."""

from __future__ import annotations

import pathlib
from typing import Any

import pytest
import yaml

from sealgate import registry
from sealgate.scan import scan
from tests.conftest import SHARED

CASES = SHARED / "cases"
EXPECTED = {"pass": "pass", "fail": "fail", "unknown-until-apply": "unknown"}
CONTROLS = {rule.control for rule in registry.load().rules}


def _rows() -> list[Any]:
    if not CASES.is_dir():
        return [pytest.param(None, id="no-shared-cases")]
    rows = []
    for expected in sorted(CASES.glob("*/expected.yaml")):
        case = yaml.safe_load(expected.read_text())
        for row in case["resources"]:
            for source in _sources(expected.parent, case, row):
                label = (
                    f"{case['case']}:{source.name}:{row['resource']}:{row['control']}"
                )
                rows.append(pytest.param((source, row), id=label))
    return rows


def _sources(folder: pathlib.Path, case: dict[str, Any], row: dict[str, Any]) -> list:
    """The inputs a row speaks about; ``main.tf`` stands for its folder's module."""
    inputs = [folder / name for name in case["inputs"]]
    templates = [p for p in inputs if p.suffix in (".yaml", ".yml", ".json")]
    roots = (folder / "main.tf", folder / "plan.json")
    terraform = [p for p in inputs if p in roots]
    if row.get("file"):
        return [folder / row["file"]]
    if row.get("input"):
        return [folder / row["input"]]
    if row.get("type", "").startswith("AWS::"):
        return [p for p in templates if p.name != "plan.json"]
    if row.get("in_plan") is False:
        return [p for p in terraform if p.name != "plan.json"]
    return terraform


_REPORTS: dict[pathlib.Path, Any] = {}


def _verdicts(source: pathlib.Path) -> dict[tuple[str, str], str]:
    if source not in _REPORTS:
        report = scan([str(source)], registry.load())
        assert not report.errors, report.errors
        _REPORTS[source] = {
            (v.resource.address, v.rule.control): v.status.value
            for v in report.verdicts
        }
    return _REPORTS[source]


@pytest.mark.parametrize("case", _rows())
def test_cases_verdict(case: Any) -> None:
    if case is None:
        pytest.skip("../shared/cases is not beside this clone (contributor checkout)")
    source, row = case
    if row["control"] not in CONTROLS:
        pytest.skip(f"{row['control']} is not implemented yet")
    got = _verdicts(source).get((row["resource"], row["control"]))
    if row["verdict"] == "not-applicable":
        assert got != "fail", row["reason"]
    else:
        assert got == EXPECTED[row["verdict"]], row["reason"]
