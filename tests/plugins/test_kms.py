from __future__ import annotations

import pytest

from sealgate import registry
from sealgate.scan import scan
from tests.conftest import FIXTURES
from tests.plugins.verdicts import verdicts

CFN = "cfn/kms/access.yaml"
TF = "tfplan/kms/service-source/plan.json"
Q = "AWS::SQS::Queue"


@pytest.mark.parametrize(
    ("fixture", "rule", "resource", "status", "message"),
    [
        (
            CFN,
            "KMS001",
            "LockedQueue",
            "fail",
            f"'ProducerRole' may send to {Q} 'LockedQueue', encrypted with key "
            "'LockedKey', but the key policy neither names it nor delegates to IAM; "
            "allow it 'kms:GenerateDataKey', 'kms:Decrypt' in the key policy.",
        ),
        (
            CFN,
            "KMS002",
            "OrderSubscription",
            "fail",
            f"AWS::SNS::Subscription 'OrderSubscription' delivers to {Q} "
            "'OrdersQueue', but the policy of key 'OrdersKey' does not allow "
            "sns.amazonaws.com 'kms:GenerateDataKey' and 'kms:Decrypt', so "
            "deliveries fail; add a key policy statement for it.",
        ),
        (
            CFN,
            "KMS002",
            "UploadsBucket",
            "fail",
            f"AWS::S3::Bucket 'UploadsBucket' delivers to {Q} 'ManagedKeyQueue', "
            "which is encrypted with the AWS managed key 'alias/aws/sqs' that "
            "s3.amazonaws.com cannot use; use a customer managed key whose policy "
            "allows s3.amazonaws.com, or SSE-SQS.",
        ),
        (
            TF,
            "KMS001",
            "aws_sqs_queue.events",
            "unknown",
            "aws_sqs_queue 'aws_sqs_queue.events' is encrypted with key "
            "'aws_kms_key.events', and whether 'aws_iam_role.producer' may use it "
            "cannot be told before deployment: the policy of "
            "aws_iam_role_policy.produce is known only after apply (from "
            "aws_sqs_queue.events).",
        ),
        (
            TF,
            "KMS002",
            "aws_sns_topic_subscription.audit",
            "pass",
            "aws_sns_topic_subscription 'aws_sns_topic_subscription.audit' delivers "
            "to aws_sqs_queue 'aws_sqs_queue.audit', which uses no KMS key.",
        ),
    ],
)
def test_kms_verdicts(
    fixture: str, rule: str, resource: str, status: str, message: str
) -> None:
    verdict = verdicts(fixture)[(rule, resource)]
    assert (verdict.status.value, verdict.message) == (status, message)


def test_kms_key_access_per_principal_on_one_queue() -> None:
    report = scan([str(FIXTURES / CFN)], registry.load())
    on_orders = [
        (v.status.value, v.message.split(" may ")[0])
        for v in report.verdicts
        if v.rule.id == "KMS001" and v.resource.address == "OrdersQueue"
    ]
    assert on_orders == [
        ("fail", "'PartnerRole'"),
        ("fail", "'ProducerRole'"),
        ("pass", "'ConsumerRole'"),
        ("pass", "'ReportingUser'"),  # an IAM user is a principal as a role is
    ]


@pytest.mark.parametrize(
    ("role", "message"),
    [
        (
            "ProducerRole",
            f"'ProducerRole' may send to {Q} 'OrdersQueue', encrypted with key "
            "'OrdersKey', but it lacks 'kms:GenerateDataKey', 'kms:Decrypt' on the "
            "key; grant 'kms:GenerateDataKey', 'kms:Decrypt' on the key in the "
            "policy that lets it send to it.",
        ),
        (
            # let in by the queue's own policy, not by an IAM policy
            "PartnerRole",
            f"'PartnerRole' may send to {Q} 'OrdersQueue', encrypted with key "
            "'OrdersKey', but it lacks 'kms:GenerateDataKey', 'kms:Decrypt' on the "
            "key; grant 'kms:GenerateDataKey', 'kms:Decrypt' on the key in an IAM "
            "policy of the role ('OrdersQueuePolicy' lets it in).",
        ),
    ],
)
def test_kms_key_access_names_where_the_grant_belongs(role: str, message: str) -> None:
    report = scan([str(FIXTURES / CFN)], registry.load())
    (verdict,) = [
        v
        for v in report.verdicts
        if v.rule.id == "KMS001"
        and v.message.startswith(f"'{role}' may send to")
        and v.resource.address == "OrdersQueue"
    ]
    assert (verdict.status.value, verdict.message) == ("fail", message)


def test_kms_key_access_fix_adds_the_grant_to_the_granting_policy() -> None:
    report = scan([str(FIXTURES / CFN)], registry.load())
    (failing,) = [
        v
        for v in report.verdicts
        if v.rule.id == "KMS001"
        and v.resource.address == "OrdersQueue"
        and v.message.startswith("'ProducerRole'")
    ]
    assert failing.remedy is not None
    assert failing.remedy.snippet == (
        "Resources:\n"
        "  ProducerPolicy:\n"
        "    Properties:\n"
        "      PolicyDocument:\n"
        "        Version: '2012-10-17'\n"
        "        Statement:\n"
        "        - Effect: Allow\n"
        "          Action: sqs:SendMessage\n"
        "          Resource:\n"
        "          - Fn::GetAtt:\n"
        "            - OrdersQueue\n"
        "            - Arn\n"
        "          - Fn::GetAtt:\n"
        "            - LockedQueue\n"
        "            - Arn\n"
        "        - Effect: Allow\n"
        "          Action:\n"
        "          - kms:GenerateDataKey\n"
        "          - kms:Decrypt\n"
        "          Resource:\n"
        "            Fn::GetAtt:\n"
        "            - OrdersKey\n"
        "            - Arn\n"
    )
    assert failing.remedy.note.startswith("Grant the IAM permissions and the key")


def test_kms_service_source_fix_in_terraform_uses_jsonencode() -> None:
    remedy = verdicts(TF)[("KMS002", "aws_sns_topic_subscription.events")].remedy
    assert remedy is not None
    assert remedy.snippet.splitlines()[:2] == [
        'resource "aws_kms_key" "events" {',
        "  policy = jsonencode({",
    ]
    assert '          Service = "sns.amazonaws.com"' in remedy.snippet.splitlines()
    assert '        Action = ["kms:GenerateDataKey", "kms:Decrypt"]' in (
        remedy.snippet.splitlines()
    )
