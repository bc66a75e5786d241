from __future__ import annotations

import pytest

from sealgate.fields import Update
from sealgate.model import ABSENT
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
