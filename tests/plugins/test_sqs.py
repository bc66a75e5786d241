from __future__ import annotations

from typing import Any

import pytest

from sealgate.errors import InputError
from sealgate.fields import Update
from sealgate.model import ABSENT
from sealgate.model import Unknown
from sealgate.plugins.sqs import kms_requests
from sealgate.rules import Status
from tests.conftest import FIXTURES
from tests.conftest import judge_one
from tests.plugins.verdicts import verdicts

Q = "AWS::SQS::Queue"
T = "aws_sqs_queue"


@pytest.mark.parametrize(
    ("fixture", "resource", "status", "message"),
    [
        (
            "cfn/sqs/queues.yaml",
            "DefaultQueue",
            "pass",
            f"{Q} 'DefaultQueue' sets neither 'KmsMasterKeyId' nor "
            "'SqsManagedSseEnabled', so SQS encrypts the new queue with SSE-SQS by "
            "default.",
        ),
        (
            "cfn/sqs/queues.yaml",
            "SseSqsQueue",
            "pass",
            f"{Q} 'SseSqsQueue' uses SSE-SQS: 'SqsManagedSseEnabled' is true.",
        ),
        (
            "cfn/sqs/queues.yaml",
            "OptedOutQueue",
            "fail",
            f"{Q} 'OptedOutQueue' stores messages unencrypted: 'SqsManagedSseEnabled' "
            "is false and 'KmsMasterKeyId' is not set; set 'SqsManagedSseEnabled' to "
            "true.",
        ),
        (
            "cfn/sqs/queues.yaml",
            "OwnKeyQueue",
            "pass",
            f"{Q} 'OwnKeyQueue' uses SSE-KMS through 'KmsMasterKeyId'.",
        ),
        (
            "cfn/sqs/queues.yaml",
            "ParameterKeyQueue",
            "pass",
            f"{Q} 'ParameterKeyQueue' uses SSE-KMS through 'KmsMasterKeyId'.",
        ),
        (
            "cfn/sqs/queues.yaml",
            "ParameterSseQueue",
            "pass",
            f"{Q} 'ParameterSseQueue' uses SSE-SQS: 'SqsManagedSseEnabled' is true.",
        ),
        (
            "cfn/sqs/queues.yaml",
            "EmptyKeyQueue",
            "fail",
            f"{Q} 'EmptyKeyQueue' stores messages unencrypted: 'SqsManagedSseEnabled' "
            "is false and 'KmsMasterKeyId' is empty; set 'SqsManagedSseEnabled' to "
            "true.",
        ),
        (
            "cfn/sqs/queues.json",
            "PlainQueue",
            "fail",
            f"{Q} 'PlainQueue' stores messages unencrypted: 'SqsManagedSseEnabled' is "
            "false and 'KmsMasterKeyId' is not set; set 'SqsManagedSseEnabled' to "
            "true.",
        ),
        (
            "cfn/sqs/queues.json",
            "SubKeyQueue",
            "pass",
            f"{Q} 'SubKeyQueue' uses SSE-KMS through 'KmsMasterKeyId'.",
        ),
        (
            "tfplan/sqs/defaults/plan.json",
            "aws_sqs_queue.orders",
            "pass",
            f"{T} 'aws_sqs_queue.orders' sets neither 'kms_master_key_id' nor "
            "'sqs_managed_sse_enabled', so SQS encrypts the new queue with SSE-SQS by "
            "default.",
        ),
        (
            "tfplan/sqs/defaults/plan.json",
            "aws_sqs_queue.exports",
            "fail",
            f"{T} 'aws_sqs_queue.exports' stores messages unencrypted: "
            "'sqs_managed_sse_enabled' is false and 'kms_master_key_id' is not set; "
            "set 'sqs_managed_sse_enabled' to true.",
        ),
        (
            "tfplan/sqs/defaults/plan.json",
            "aws_sqs_queue.invoices",
            "pass",
            f"{T} 'aws_sqs_queue.invoices' uses SSE-KMS through 'kms_master_key_id'.",
        ),
        (
            "tfplan/sqs/existing-sse-off/plan.json",
            "aws_sqs_queue.shipments",
            "fail",
            f"{T} 'aws_sqs_queue.shipments' stores messages unencrypted: "
            "'sqs_managed_sse_enabled' is false in the current state and "
            "'kms_master_key_id' is not set; set 'sqs_managed_sse_enabled' to true.",
        ),
        (
            "tfplan/sqs/existing-sse-off/plan.json",
            "aws_sqs_queue.returns",
            "pass",
            f"{T} 'aws_sqs_queue.returns' uses SSE-SQS: 'sqs_managed_sse_enabled' is "
            "true.",
        ),
        (
            "tfplan/sqs/modules/plan.json",
            'module.tenant_queue["billing"].aws_sqs_queue.this',
            "unknown",
            f"{T} 'module.tenant_queue[\"billing\"].aws_sqs_queue.this' cannot be "
            "judged before deployment: 'kms_master_key_id' is known only after apply.",
        ),
        (
            "tfplan/sqs/replace/plan.json",
            "aws_sqs_queue.batch",
            "pass",
            f"{T} 'aws_sqs_queue.batch' sets neither 'kms_master_key_id' nor "
            "'sqs_managed_sse_enabled', so SQS encrypts the new queue with SSE-SQS by "
            "default.",
        ),
    ],
)
def test_sqs_encrypted_verdicts(
    fixture: str, resource: str, status: str, message: str
) -> None:
    verdict = verdicts(fixture)[("SQS001", resource)]
    assert (verdict.status.value, verdict.message) == (status, message)


def test_sqs_encrypted_fix_is_an_in_place_flip_in_the_inputs_format() -> None:
    yaml_fix = verdicts("cfn/sqs/queues.yaml")[("SQS001", "OptedOutQueue")].remedy
    hcl_fix = verdicts("tfplan/sqs/existing-sse-off/plan.json")[
        ("SQS001", "aws_sqs_queue.shipments")
    ].remedy
    assert yaml_fix is not None and hcl_fix is not None
    assert yaml_fix.kind is Update.IN_PLACE
    assert yaml_fix.snippet == (
        "Resources:\n  OptedOutQueue:\n    Properties:\n"
        "      SqsManagedSseEnabled: true\n"
    )
    assert hcl_fix.kind is Update.IN_PLACE
    assert hcl_fix.snippet == (
        'resource "aws_sqs_queue" "shipments" {\n  sqs_managed_sse_enabled = true\n}\n'
    )
    assert "Forward-only" in yaml_fix.note


def test_sqs_encrypted_evidence_names_where_the_value_came_from() -> None:
    verdict = verdicts("tfplan/sqs/existing-sse-off/plan.json")[
        ("SQS001", "aws_sqs_queue.shipments")
    ]
    assert [(f.label, f.value, f.source.value) for f in verdict.evidence] == [
        ("sqs_managed_sse_enabled", False, "prior-state"),
        ("kms_master_key_id", ABSENT, "default"),
    ]


QUEUES = str(FIXTURES / "cfn" / "sqs" / "reuse.yaml")
REUSE_PLAN = str(FIXTURES / "tfplan" / "sqs" / "reuse" / "plan.json")


def _results(report: dict[str, Any], rule: str) -> dict[str, dict[str, Any]]:
    return {r["resource"]: r for r in report["results"] if r["rule"] == rule}


def test_kms_requests_aws_worked_example_31_days() -> None:
    # SQS developer guide: 31 days, D = 300, one producer, one consumer
    assert kms_requests(31 * 86400, 300, 1, 1) == 26_784


def test_kms_requests_aws_worked_example_two_queues_28_days() -> None:
    # SQS developer guide: 28 days, D = 86400, queues (3P, 1C) and (5P, 2C)
    month = 28 * 86400
    assert kms_requests(month, 86400, 3, 1) + kms_requests(month, 86400, 5, 2) == 532


def test_kms_requests_rounds_up_a_fraction() -> None:
    assert kms_requests(30 * 86400, 100_000, 1, 1) == 78


@pytest.mark.parametrize(
    ("resource", "verdict", "message"),
    [
        (
            "DefaultReuseQueue",
            "pass",
            "AWS::SQS::Queue 'DefaultReuseQueue' leaves "
            "'KmsDataKeyReusePeriodSeconds' unset, so SQS reuses each KMS data key "
            "for the default 300 seconds, at least the policy minimum of 300, "
            "costing about 25,920 KMS requests (0.08 USD) in a 30-day month.",
        ),
        (
            "ChattyQueue",
            "fail",
            "AWS::SQS::Queue 'ChattyQueue' reuses each KMS data key for 60 seconds "
            "in 'KmsDataKeyReusePeriodSeconds', below the policy minimum of 300, "
            "costing about 345,600 KMS requests (1.04 USD) in a 30-day month; set "
            "'KmsDataKeyReusePeriodSeconds' to at least 300.",
        ),
        (
            "InvalidReuseQueue",
            "fail",
            "AWS::SQS::Queue 'InvalidReuseQueue' reuses each KMS data key for "
            "100000 seconds in 'KmsDataKeyReusePeriodSeconds', outside the "
            "60-86400 seconds SQS accepts, so the deployment itself would fail; "
            "set 'KmsDataKeyReusePeriodSeconds' to at least 300.",
        ),
    ],
)
def test_check_reuse_cloudformation(
    run_json: Any, resource: str, verdict: str, message: str
) -> None:
    _, report = run_json(QUEUES)
    result = _results(report, "SQS002")[resource]
    assert (result["verdict"], result["message"]) == (verdict, message)


def test_check_reuse_no_verdict_without_sse_kms(run_json: Any) -> None:
    _, report = run_json(QUEUES)
    assert sorted(_results(report, "SQS002")) == [
        "ChattyQueue",
        "DefaultReuseQueue",
        "InvalidReuseQueue",
    ]


def test_check_reuse_details_on_a_passing_queue(run_json: Any) -> None:
    _, report = run_json(QUEUES)
    assert _results(report, "SQS002")["DefaultReuseQueue"]["details"] == {
        "billing_period_days": 30,
        "consumers": 1,
        "consumers_from": "option",
        "formula": "R = B / D * (2P + C)",
        "kms_cost_usd_per_month": 0.0778,
        "kms_price_usd_per_10000_requests": 0.03,
        "kms_requests_per_month": 25_920,
        "note": "a 30-day month; AWS warns that actual costs can be higher "
        "because SQS is distributed",
        "policy_minimum_seconds": 300,
        "producers": 1,
        "producers_from": "option",
        "reuse_period_seconds": 300,
    }


def test_check_reuse_principals_from_tags(run_json: Any) -> None:
    _, report = run_json(QUEUES)
    details = _results(report, "SQS002")["ChattyQueue"]["details"]
    assert (details["producers"], details["producers_from"]) == (
        3,
        "tag sealgate:producers",
    )
    assert (details["consumers"], details["consumers_from"]) == (
        2,
        "tag sealgate:consumers",
    )
    # 30 days / 60 s * (2 * 3 + 2)
    assert details["kms_requests_per_month"] == 345_600


def test_check_reuse_fix_raises_to_the_minimum(run_json: Any) -> None:
    _, report = run_json(QUEUES)
    fix = _results(report, "SQS002")["ChattyQueue"]["fix"]
    assert (fix["kind"], fix["snippet"]) == (
        "in-place",
        "Resources:\n  ChattyQueue:\n    Properties:\n"
        "      KmsDataKeyReusePeriodSeconds: 300\n",
    )


def test_check_reuse_options_change_minimum_and_estimate(run_json: Any) -> None:
    _, report = run_json(
        "--kms-reuse-minimum",
        "600",
        "--producers",
        "2",
        "--consumers",
        "4",
        "--kms-price",
        "0.05",
        QUEUES,
    )
    result = _results(report, "SQS002")["DefaultReuseQueue"]
    assert result["verdict"] == "fail"
    assert result["message"] == (
        "AWS::SQS::Queue 'DefaultReuseQueue' leaves 'KmsDataKeyReusePeriodSeconds' "
        "unset, so SQS reuses each KMS data key for the default 300 seconds, below "
        "the policy minimum of 600, costing about 69,120 KMS requests (0.35 USD) "
        "in a 30-day month; set 'KmsDataKeyReusePeriodSeconds' to at least 600."
    )


def test_check_reuse_plan(run_json: Any) -> None:
    _, report = run_json(REUSE_PLAN)
    results = _results(report, "SQS002")
    assert {name: r["verdict"] for name, r in results.items()} == {
        "aws_sqs_queue.clicks": "fail",
        "aws_sqs_queue.orders": "pass",
    }
    assert results["aws_sqs_queue.clicks"]["message"] == (
        "aws_sqs_queue 'aws_sqs_queue.clicks' reuses each KMS data key for 60 "
        "seconds in 'kms_data_key_reuse_period_seconds', below the policy minimum "
        "of 300, costing about 475,200 KMS requests (1.43 USD) in a 30-day month; "
        "set 'kms_data_key_reuse_period_seconds' to at least 300."
    )
    assert results["aws_sqs_queue.clicks"]["fix"]["snippet"] == (
        'resource "aws_sqs_queue" "clicks" {\n'
        "  kms_data_key_reuse_period_seconds = 300\n}\n"
    )


def test_check_reuse_unknown_period_is_unknown() -> None:
    period = Unknown("the value of parameter 'Reuse', which has no default")
    verdicts = judge_one(
        "AWS::SQS::Queue",
        {"KmsMasterKeyId": "alias/orders", "KmsDataKeyReusePeriodSeconds": period},
    )
    assert (verdicts["SQS002"].status, verdicts["SQS002"].message) == (
        Status.UNKNOWN,
        "AWS::SQS::Queue 'Subject' cannot be judged before deployment: "
        "'KmsDataKeyReusePeriodSeconds' is the value of parameter 'Reuse', which "
        "has no default.",
    )


def test_check_reuse_maybe_null_key_gives_no_verdict() -> None:
    verdicts = judge_one(
        "AWS::SQS::Queue", {"KmsMasterKeyId": Unknown("known only after apply")}
    )
    assert "SQS002" not in verdicts


def test_check_reuse_text_period_is_an_input_error() -> None:
    # CloudFormation refuses a text period; the gate names the file instead
    with pytest.raises(InputError) as raised:
        judge_one(
            "AWS::SQS::Queue",
            {"KmsMasterKeyId": "alias/orders", "KmsDataKeyReusePeriodSeconds": "soon"},
        )
    assert str(raised.value) == (
        "test.yaml: resource 'Subject': 'KmsDataKeyReusePeriodSeconds' must be a "
        "number, not 'soon'"
    )


def test_check_reuse_bad_principal_tag_falls_back_to_option() -> None:
    verdicts = judge_one(
        "AWS::SQS::Queue",
        {
            "KmsMasterKeyId": "alias/orders",
            "Tags": [{"Key": "sealgate:producers", "Value": "many"}],
        },
        producers=4,
    )
    details = verdicts["SQS002"].details
    assert (details["producers"], details["producers_from"]) == (
        4,
        "option (tag sealgate:producers is not a whole number)",
    )
