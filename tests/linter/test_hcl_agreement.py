"""HCL read without a plan agrees with the plan wherever the plan knows the value."""

from __future__ import annotations

import pathlib
from typing import Any

import pytest

from sealgate import registry
from sealgate.model import Unknown
from sealgate.scan import scan
from tests.conftest import FIXTURES
from tests.conftest import SHARED

# (folder, address, control) -> why the HCL verdict differs on purpose
ON_PURPOSE = {
    ("existing-sse-off", "aws_sqs_queue.shipments", "SQS.1"): (
        "the plan's prior state has SSE off; the code alone describes a new queue"
    ),
    ("backup-vault-rekey", "aws_backup_vault.archive", "Plan.Replacement"): (
        "only a plan says a resource is replaced; code alone has no planned action"
    ),
}


def _folders() -> list[Any]:
    found = sorted(FIXTURES.glob("tfplan/*/*/plan.json"))
    found += sorted((SHARED / "cases").glob("*/plan.json"))
    return [
        pytest.param(p.parent, id=p.parent.name)
        for p in found
        if (p.parent / "main.tf").is_file()
    ]


def _verdicts(path: pathlib.Path) -> dict[tuple[str, str], str]:
    report = scan([str(path)], registry.load())
    assert not report.errors, report.errors
    return {
        (v.resource.address, v.rule.control): v.status.value for v in report.verdicts
    }


def _resources(path: pathlib.Path) -> dict[str, Any]:
    from sealgate import load

    document = load.load(str(path))
    assert document is not None
    return {r.address: r for r in document.resources}


def _differences(hcl: Any, plan: Any, where: str) -> list[str]:
    """Where a value HCL knows differs from the one the plan knows."""
    if isinstance(hcl, Unknown) or isinstance(plan, Unknown):
        return []
    if isinstance(hcl, dict) and isinstance(plan, dict):
        return [
            d
            for k, v in hcl.items()
            for d in _differences(v, plan.get(k), f"{where}.{k}")
        ]
    if isinstance(hcl, list) and isinstance(plan, list) and len(hcl) == len(plan):
        return [
            d
            for i, (h, p) in enumerate(zip(hcl, plan, strict=True))
            for d in _differences(h, p, f"{where}[{i}]")
        ]
    return [] if hcl == plan else [f"{where}: HCL {hcl!r}, plan {plan!r}"]


@pytest.mark.parametrize("folder", _folders())
def test_hcl_agreement_verdicts(folder: pathlib.Path) -> None:
    planned = _verdicts(folder / "plan.json")
    read = _verdicts(folder / "main.tf")

    differ = {
        key: (status, read.get(key))
        for key, status in planned.items()
        if status != "unknown"
        and read.get(key) != status
        and (folder.name, *key) not in ON_PURPOSE
    }

    assert differ == {}
    for folder_name, address, control in ON_PURPOSE:
        if folder_name == folder.name:
            assert read.get((address, control)) != planned[(address, control)]


@pytest.mark.parametrize("folder", _folders())
def test_hcl_agreement_values(folder: pathlib.Path) -> None:
    planned = _resources(folder / "plan.json")
    read = _resources(folder)

    differ = [
        d
        for address, resource in read.items()
        if address in planned and planned[address].plan.action.value == "create"
        for d in _differences(
            dict(resource.properties), dict(planned[address].properties), address
        )
    ]

    assert differ == []
    assert sorted(planned) == sorted(a for a in read if a in planned)
