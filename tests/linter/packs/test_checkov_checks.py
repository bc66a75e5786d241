from __future__ import annotations

import json
import os
import pathlib
import subprocess
from typing import Any

import pytest
import yaml

from sealgate import registry
from sealgate.packs import checkov_folder
from sealgate.scan import scan
from tests.conftest import ROOT
from tests.linter.packs.conftest import BIN
from tests.linter.packs.conftest import copy_inputs
from tests.linter.packs.conftest import tool_env

checkov_checks = pytest.importorskip("sealgate.packs.checkov_checks")

Key = tuple[str, str, str]
"""A file (relative to the copied inputs), a resource address, a control."""
_CHECKOV_STATUS = {"passed": "pass", "failed": "fail", "skipped": "unknown"}
_CASE_STATUS = {"pass": "pass", "fail": "fail", "unknown-until-apply": "unknown"}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    return copy_inputs(tmp_path_factory.mktemp("inputs"))


@pytest.fixture(scope="module")
def checkov(inputs: pathlib.Path) -> dict[str, dict[Key, str]]:
    """One real checkov run over every input: results by framework."""
    rules = registry.load().rules
    ids = ",".join(checkov_checks.check_id(rule) for rule in rules)
    argv = [str(BIN / "checkov"), "--directory", str(inputs), "--output", "json"]
    argv += ["--framework", "cloudformation", "terraform", "terraform_plan"]
    argv += ["--external-checks-dir", str(checkov_folder()), "--check", ids]
    done = subprocess.run(
        argv, cwd=ROOT, env=tool_env(), capture_output=True, text=True, timeout=600
    )
    assert done.returncode in (0, 1), done.stderr[-3000:]
    reports = json.loads(done.stdout)
    return _records(reports if isinstance(reports, list) else [reports], inputs)


def _records(
    reports: list[dict[str, Any]], inputs: pathlib.Path
) -> dict[str, dict[Key, str]]:
    controls = {
        checkov_checks.check_id(rule): rule.control for rule in registry.load().rules
    }
    found: dict[str, dict[Key, str]] = {}
    for report in reports:
        records = found.setdefault(report["check_type"], {})
        for kind, status in _CHECKOV_STATUS.items():
            for record in report["results"][f"{kind}_checks"]:
                address = record.get("resource_address") or record["resource"]
                if report["check_type"] == "cloudformation":
                    address = record["resource"].split(".", 1)[1]
                file = os.path.relpath(record["file_abs_path"], inputs)
                key = (file, address, controls[record["check_id"]])
                assert key not in records, f"checkov reported {key} twice"
                records[key] = status
    return found


def _differences(
    ours: dict[Key, str], theirs: dict[Key, str], said: str = "sealgate"
) -> list[str]:
    """One line per resource and control the two sides judge differently."""
    return [
        f"{key[0]} {key[1]} {key[2]}: {said} {ours.get(key, 'nothing')}, "
        f"checkov {theirs.get(key, 'nothing')}"
        for key in sorted(set(ours) | set(theirs))
        if ours.get(key) != theirs.get(key)
    ]


@pytest.mark.tool
def test_checkov_checks_agree_with_sealgate_on_every_template_and_plan(
    inputs: pathlib.Path, checkov: dict[str, dict[Key, str]]
) -> None:
    report = scan([str(inputs)], registry.load())
    ours = {
        (
            os.path.relpath(v.resource.origin.file, inputs),
            v.resource.address,
            control,
        ): v.status.value
        for v in report.verdicts
        for control in [v.rule.control]
    }
    theirs = {**checkov["cloudformation"], **checkov["terraform_plan"]}

    assert report.errors == ()
    assert _differences(ours, theirs) == []
    assert ours[("examples/orders-stack.yaml", "OrdersDeadLetterQueue", "SQS.1")] == (
        "pass"
    )
    assert ours[("cfn-sqs/queues.yaml", "DeployTimeSseQueue", "SQS.1")] == "unknown"
    assert ours[
        ("tfplan-sqs-defaults/plan.json", "aws_sqs_queue.exports", "SQS.1")
    ] == ("fail")


def _hcl_rows(inputs: pathlib.Path) -> dict[Key, str]:
    """The verdicts the shared cases give Terraform HCL input."""
    controls = {rule.control for rule in registry.load().rules}
    rows: dict[Key, str] = {}
    for expected in sorted(inputs.glob("*/expected.yaml")):
        case = yaml.safe_load(expected.read_text())
        if "main.tf" not in case["inputs"]:
            continue
        for row in case["resources"]:
            applies = row.get("input", "main.tf") == "main.tf" and not row.get("file")
            if not applies or row["control"] not in controls:
                continue
            if row.get("type", "").startswith("AWS::"):
                continue
            key = (expected.parent.name, row["resource"], row["control"])
            rows[key] = row["verdict"]
    return rows


@pytest.mark.tool
def test_checkov_checks_give_the_cases_verdicts_on_terraform_hcl(
    inputs: pathlib.Path, checkov: dict[str, dict[Key, str]]
) -> None:
    rows = _hcl_rows(inputs)
    theirs = {
        (file.split(os.sep)[0], address, control): status
        for (file, address, control), status in checkov["terraform"].items()
        if (file.split(os.sep)[0], address, control) in rows
    }
    expected = {}
    for key, verdict in rows.items():
        if verdict != "not-applicable":
            expected[key] = _CASE_STATUS[verdict]
        elif theirs.get(key) == "fail":  # reported any way but fail, it agrees
            expected[key] = verdict

    assert _differences(expected, theirs, "the case says") == []
    assert expected[
        ("013-sqs-tf-for-each", 'aws_sqs_queue.this["audit"]', "SQS.1")
    ] == ("fail")
