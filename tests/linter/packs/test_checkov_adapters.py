"""The checkov adapters called in-process, the way checkov's registries call them."""

from __future__ import annotations

import pathlib
from typing import Any

import pytest

from sealgate.plugins import kinesis
from sealgate.plugins import sqs
from tests.conftest import FIXTURES
from tests.conftest import ROOT

checkov_checks = pytest.importorskip("sealgate.packs.checkov_checks")
from checkov.cloudformation.checks.resource.registry import cfn_registry  # noqa: E402
from checkov.common.models.enums import CheckResult  # noqa: E402
from checkov.terraform.checks.resource.registry import resource_registry  # noqa: E402

SQS = sqs.RULES[0]
PLAN = FIXTURES / "tfplan" / "sqs" / "defaults" / "plan.json"


@pytest.fixture(scope="module")
def cfn_check() -> Any:
    return checkov_checks.SealgateCloudFormationCheck(SQS)


@pytest.fixture(scope="module")
def tf_check() -> Any:
    return checkov_checks.SealgateTerraformCheck(SQS)


def test_check_id_derives_from_the_rule_id() -> None:
    assert checkov_checks.check_id(SQS) == "CKV_SGSQS_001"
    assert checkov_checks.check_id(kinesis.RULES[0]) == "CKV_SGKINESIS_001"


def test_check_name_starts_with_the_control() -> None:
    assert checkov_checks.check_name(SQS) == "SQS.1: Encrypt SQS queues at rest"


def test_check_carries_the_rule_metadata(cfn_check: Any, tf_check: Any) -> None:
    assert (cfn_check.id, cfn_check.name) == (
        "CKV_SGSQS_001",
        "SQS.1: Encrypt SQS queues at rest",
    )
    assert cfn_check.supported_resources == ["AWS::SQS::Queue"]
    assert tf_check.supported_resources == ["aws_sqs_queue"]
    assert cfn_check.severity.name == "MEDIUM"
    assert cfn_check.guideline == SQS.source_url


def test_register_adds_one_check_per_rule_and_framework_however_often_run() -> None:
    checkov_checks.register()
    checkov_checks.register()

    cfn_ids = [check.id for check in cfn_registry.checks["AWS::SQS::Queue"]]
    tf_ids = [check.id for check in resource_registry.checks["aws_kinesis_stream"]]
    assert cfn_ids.count("CKV_SGSQS_001") == 1
    assert tf_ids.count("CKV_SGKINESIS_001") == 1


def _run(check: Any, file: str, conf: dict[str, Any], name: str) -> Any:
    kind = conf.get("Type", "aws_sqs_queue")
    return check.run(file, conf, name, kind, {}), check.details


def test_cloudformation_fail_reads_the_file_checkov_names(
    cfn_check: Any, in_root: pathlib.Path
) -> None:
    conf = {
        "Type": "AWS::SQS::Queue",
        "Properties": {
            "SqsManagedSseEnabled": "false",
            "__file__": "examples/orders-stack.yaml",
            "__startline__": 34,
            "__endline__": 39,
        },
    }

    result, details = _run(cfn_check, "/orders-stack.yaml", conf, "LegacyExportQueue")

    assert result == {
        "result": CheckResult.FAILED,
        "evaluated_keys": [
            "Properties/SqsManagedSseEnabled",
            "Properties/KmsMasterKeyId",
        ],
    }
    assert details == [
        "AWS::SQS::Queue 'LegacyExportQueue' stores messages unencrypted: "
        "'SqsManagedSseEnabled' is false and 'KmsMasterKeyId' is not set; set "
        "'SqsManagedSseEnabled' to true."
    ]


def test_cloudformation_unknown_is_skipped_with_the_reason(
    cfn_check: Any, in_root: pathlib.Path
) -> None:
    conf = {
        "Type": "AWS::SQS::Queue",
        "Properties": {"SqsManagedSseEnabled": {"Ref": "SseChoice"}},
    }

    result, _ = _run(
        cfn_check, "/fixtures/cfn/sqs/queues.yaml", conf, "DeployTimeSseQueue"
    )

    assert result == {
        "result": CheckResult.SKIPPED,
        "suppress_comment": "sealgate: unknown: AWS::SQS::Queue 'DeployTimeSseQueue' "
        "cannot be judged before deployment: 'SqsManagedSseEnabled' is supplied at "
        "deployment (parameter 'SseChoice' has no default).",
        "evaluated_keys": ["Properties/SqsManagedSseEnabled"],
    }


def test_cloudformation_without_a_file_judges_checkov_own_configuration(
    cfn_check: Any, in_root: pathlib.Path
) -> None:
    # checkov's scanned_file is relative to a root it does not pass to checks
    conf = {"Type": "AWS::SQS::Queue", "Properties": {"SqsManagedSseEnabled": "false"}}

    result, details = _run(cfn_check, "/elsewhere/stack.yaml", conf, "Queue")

    assert result["result"] is CheckResult.FAILED
    assert details == [
        "AWS::SQS::Queue 'Queue' stores messages unencrypted: 'SqsManagedSseEnabled' "
        "is false and 'KmsMasterKeyId' is not set; set 'SqsManagedSseEnabled' to true."
    ]


def test_cloudformation_resource_without_properties_passes_by_default(
    cfn_check: Any, in_root: pathlib.Path
) -> None:
    conf = {"Type": "AWS::SQS::Queue", "Condition": "IsProd", "DependsOn": ["Key"]}

    result, details = _run(cfn_check, "/elsewhere/stack.yaml", conf, "Q")

    assert result == {
        "result": CheckResult.PASSED,
        "evaluated_keys": [
            "Properties/SqsManagedSseEnabled",
            "Properties/KmsMasterKeyId",
        ],
    }
    assert details == [
        "AWS::SQS::Queue 'Q' sets neither 'KmsMasterKeyId' nor 'SqsManagedSseEnabled', "
        "so SQS encrypts the new queue with SSE-SQS by default."
    ]


def test_cloudformation_resource_sealgate_does_not_judge_is_not_shown(
    cfn_check: Any, in_root: pathlib.Path
) -> None:
    conf = {
        "Type": "AWS::SQS::Queue",
        "Properties": {"__file__": "examples/orders-stack.yaml"},
    }

    result, details = _run(cfn_check, "/orders-stack.yaml", conf, "NoSuchQueue")

    assert result == {"result": CheckResult.UNKNOWN, "evaluated_keys": []}
    assert details == []


def test_cloudformation_unreadable_template_fails_saying_why(
    cfn_check: Any, tmp_path: pathlib.Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: [x\n"
    )
    conf = {"Type": "AWS::SQS::Queue", "Properties": {"__file__": str(broken)}}

    result, details = _run(cfn_check, "/broken.yaml", conf, "Q")

    assert result == {"result": CheckResult.FAILED, "evaluated_keys": []}
    assert details == [
        f"sealgate cannot read {broken}: invalid YAML: line 5: did not find "
        "expected ',' or ']'"
    ]


def test_checkov_suppression_comment_is_kept(cfn_check: Any) -> None:
    skip = {"id": "CKV_SGSQS_001", "suppress_comment": "legacy export, ticket 12"}

    result = cfn_check.run(
        "/t.yaml", {"Type": "AWS::SQS::Queue"}, "Q", "AWS::SQS::Queue", skip
    )

    assert result == {
        "result": CheckResult.SKIPPED,
        "suppress_comment": "legacy export, ticket 12",
    }


def test_plan_resource_is_judged_from_the_plan_file(tf_check: Any) -> None:
    conf = {
        "sqs_managed_sse_enabled": [False],
        "__file__": [str(PLAN)],
        "__address__": "aws_sqs_queue.exports",
    }

    result, details = _run(tf_check, "/plan.json", conf, "exports")

    assert result == {
        "result": CheckResult.FAILED,
        "evaluated_keys": ["sqs_managed_sse_enabled", "kms_master_key_id"],
    }
    assert details == [
        "aws_sqs_queue 'aws_sqs_queue.exports' stores messages unencrypted: "
        "'sqs_managed_sse_enabled' is false and 'kms_master_key_id' is not set; set "
        "'sqs_managed_sse_enabled' to true."
    ]


def test_plan_file_gone_fails_saying_why(tf_check: Any, tmp_path: pathlib.Path) -> None:
    gone = str(tmp_path / "plan.json")
    conf = {"__file__": [gone], "__address__": "aws_sqs_queue.exports"}

    result, details = _run(tf_check, "/plan.json", conf, "exports")

    assert result == {"result": CheckResult.FAILED, "evaluated_keys": []}
    assert details == [f"sealgate cannot read {gone}: cannot read: no such file"]


def test_hcl_unresolved_variable_is_skipped_as_unknown(tf_check: Any) -> None:
    conf = {
        "__start_line__": 15,
        "__end_line__": 18,
        "kms_master_key_id": ["var.key"],
        "sqs_managed_sse_enabled": [False],
        "__address__": "aws_sqs_queue.b",
    }

    result, _ = _run(tf_check, "/main.tf", conf, "b")

    assert result == {
        "result": CheckResult.SKIPPED,
        "suppress_comment": "sealgate: unknown: aws_sqs_queue 'aws_sqs_queue.b' cannot "
        "be judged before deployment: 'kms_master_key_id' is 'var.key', which checkov "
        "could not resolve.",
        "evaluated_keys": ["kms_master_key_id"],
    }


def test_hcl_sse_off_fails(tf_check: Any) -> None:
    conf = {"sqs_managed_sse_enabled": [False], "__address__": "aws_sqs_queue.b"}

    result, _ = _run(tf_check, "/main.tf", conf, "b")

    assert result["result"] is CheckResult.FAILED


@pytest.mark.parametrize(
    "conf",
    [
        pytest.param({"count": [0], "__address__": "aws_sqs_queue.b"}, id="count-0"),
        pytest.param({"name": ["q"]}, id="no-address"),
    ],
)
def test_terraform_resource_that_will_not_exist_is_not_shown(
    tf_check: Any, conf: dict[str, Any]
) -> None:
    result, _ = _run(tf_check, "/main.tf", conf, "b")

    assert result == {"result": CheckResult.UNKNOWN, "evaluated_keys": []}


def test_pack_folder_holds_the_module_checkov_imports() -> None:
    folder = ROOT / "linter" / "packs" / "checkov"

    assert sorted(p.name for p in folder.glob("*.py")) == [
        "__init__.py",
        "sealgate_checks.py",
    ]


def test_a_bug_in_sealgate_fails_the_check_instead_of_hiding(
    tf_check: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # no real input makes sealgate raise; stand in for a future bug
    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(checkov_checks.verdicts, "of_document", broken)
    conf = {"sqs_managed_sse_enabled": [False], "__address__": "aws_sqs_queue.b"}

    result, details = _run(tf_check, "/main.tf", conf, "b")

    assert result == {"result": CheckResult.FAILED, "evaluated_keys": []}
    assert details == [
        "sealgate failed on this resource (RuntimeError: boom); this is a bug in "
        "sealgate: run `sealgate --debug check` on the file and report it"
    ]
