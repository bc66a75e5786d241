"""A plan read beside its source: file and line from HCL, unknowns it decides."""

from __future__ import annotations

from typing import Any

from sealgate.model import Unknown
from sealgate.plan_source import complete
from sealgate.plan_source import strip_keys
from tests.conftest import FIXTURES
from tests.conftest import shared_or_skip

CASE_NAME = "015-kinesis-tf-module-conditional-kms"


def _rows(report: dict[str, Any]) -> list[tuple[str, str, int | None, str]]:
    return [
        (r["resource"], r["file"], r["line"], r["verdict"]) for r in report["results"]
    ]


def test_plan_source_places_findings_and_decides_unknowns(run_json: Any) -> None:
    case = shared_or_skip("cases") / CASE_NAME
    module = str(case / "modules" / "stream" / "main.tf")

    code, report = run_json(str(case / "plan.json"), "--source", str(case))

    assert code == 1
    assert _rows(report) == [
        ("module.clicks.aws_kinesis_stream.this", module, 16, "pass"),
        ("module.debug.aws_kinesis_stream.this", module, 16, "fail"),
        ("module.partner_feed.aws_kinesis_stream.this", module, 16, "pass"),
    ]


def test_plan_source_absent_plan_alone_is_unknown(run_json: Any) -> None:
    case = shared_or_skip("cases") / CASE_NAME

    _, report = run_json(str(case / "plan.json"))

    assert _rows(report)[0] == (
        "module.clicks.aws_kinesis_stream.this",
        str(case / "plan.json"),
        None,
        "unknown",
    )


def test_plan_source_instances_follow_for_each(run_json: Any) -> None:
    folder = FIXTURES / "tfplan" / "sqs" / "modules"
    module = str(folder / "modules" / "queue" / "main.tf")

    code, report = run_json(str(folder / "plan.json"), "--source", str(folder))

    assert code == 0
    assert _rows(report)[3] == (
        'module.tenant_queue["billing"].aws_sqs_queue.this',
        module,
        10,
        "pass",
    )


def test_plan_source_strip_keys() -> None:
    assert strip_keys('module.a["x"].module.b[0].aws_sqs_queue.q["k.1"]') == (
        "module.a.module.b.aws_sqs_queue.q"
    )


def test_plan_source_complete_keeps_known_plan_values() -> None:
    plan = {
        "encryption_type": Unknown("known only after apply"),
        "shard_count": 2,
        "kms_key_id": Unknown("known only after apply"),
    }
    hcl = {"encryption_type": "KMS", "shard_count": 1}

    assert complete(plan, hcl) == {
        "encryption_type": "KMS",
        "shard_count": 2,
        "kms_key_id": Unknown("known only after apply"),
    }


def test_plan_source_notes_and_vars_on_the_command_line(run: Any) -> None:
    forms = FIXTURES / "hcl" / "forms"

    code, out, err = run(
        "check",
        "--color",
        "never",
        "--var",
        "key_from_outside=alias/x",
        str(forms / "main.tf"),
    )

    assert (code, err) == (1, "")
    assert out.splitlines()[-2:] == [
        f"note: {forms}: module.registry: source 'terraform-aws-modules/sqs/aws' "
        "is not fetched, so its resources are not judged",
        "1 file(s) checked: 2 failed, 0 unknown, 14 passed, 0 error(s).",
    ]


def test_plan_source_bad_var_is_a_usage_error(run: Any) -> None:
    code, _, err = run("check", "--var", "novalue", str(FIXTURES / "hcl" / "forms"))

    assert code == 2
    assert "'novalue' is not KEY=VALUE" in err
