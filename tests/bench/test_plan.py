from __future__ import annotations

import json
import pathlib

from bench import plan
from sealgate import registry
from sealgate.scan import scan
from tests.conftest import ROOT

SEED = ROOT / "bench" / "seed" / "plan.json"


def test_plan_has_exactly_the_changes_asked() -> None:
    data = plan.plan(40)

    addresses = [change["address"] for change in data["resource_changes"]]
    assert len(addresses) == 40
    assert addresses[0] == "module.stack_0000.aws_api_gateway_deployment.public"
    assert addresses[-1] == "module.stack_0002.aws_api_gateway_stage.live"
    assert sorted(data["configuration"]["root_module"]["module_calls"]) == [
        "stack_0000",
        "stack_0001",
        "stack_0002",
    ]
    children = data["planned_values"]["root_module"]["child_modules"]
    assert [len(child["resources"]) for child in children] == [18, 18, 4]


def test_plan_is_read_and_judged_like_the_seed(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "plan.json"
    plan.write(path, 36)  # two whole copies of the seed's 18 changes

    report = scan([str(path)], registry.load())
    seed = scan([str(SEED)], registry.load())

    assert (report.errors, seed.errors) == ((), ())
    expected = {(v.resource.address, v.rule.id, v.status.value) for v in seed.verdicts}
    for stack in ("stack_0000", "stack_0001"):
        prefix = f"module.{stack}."
        got = {
            (v.resource.address.removeprefix(prefix), v.rule.id, v.status.value)
            for v in report.verdicts
            if v.resource.address.startswith(prefix)
        }
        assert got == expected, stack
    assert ("aws_sqs_queue.exports", "SQS001", "fail") in expected


def test_plan_write_is_compact_json(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "plan.json"

    size = plan.write(path, 18)

    text = path.read_text()
    assert size == len(text)
    assert text.startswith('{"format_version":"1.2",')
    assert json.loads(text)["resource_changes"][0]["module_address"] == (
        "module.stack_0000"
    )
