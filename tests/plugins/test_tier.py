from __future__ import annotations

from typing import Any

import pytest

from sealgate.model import Unknown
from sealgate.plugins.tier import CUSTOMER_KEY
from sealgate.rules import Status
from tests.conftest import FIXTURES
from tests.conftest import judge_one

TAGGED = str(FIXTURES / "cfn" / "tier" / "tagged.yaml")
TAGGED_PLAN = str(FIXTURES / "tfplan" / "tier" / "tagged" / "plan.json")


def _results(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["resource"]: r for r in report["results"] if r["rule"] == "TIER001"}


@pytest.mark.parametrize(
    ("resource", "verdict", "message"),
    [
        (
            "PatientQueue",
            "pass",
            "AWS::SQS::Queue 'PatientQueue' is tagged data-classification='phi' and "
            "uses a customer managed key through 'KmsMasterKeyId'.",
        ),
        (
            "CardQueue",
            "fail",
            "AWS::SQS::Queue 'CardQueue' is tagged Data_Classification='PCI' but "
            "'KmsMasterKeyId' is not set, so no customer managed key is used; set "
            "'KmsMasterKeyId' to a customer managed KMS key.",
        ),
        (
            "SecretQueue",
            "fail",
            "AWS::SQS::Queue 'SecretQueue' is tagged dataClassification='secret' but "
            "'KmsMasterKeyId' is not set, so no customer managed key is used; set "
            "'KmsMasterKeyId' to a customer managed KMS key.",
        ),
        (
            "PaymentsStream",
            "fail",
            "AWS::Kinesis::Stream 'PaymentsStream' is tagged "
            "data-classification='payment' but 'StreamEncryption.KeyId' is the AWS "
            "managed key 'alias/aws/kinesis'; set 'StreamEncryption.KeyId' to a "
            "customer managed KMS key.",
        ),
        (
            "SearchDomain",
            "fail",
            "AWS::OpenSearchService::Domain 'SearchDomain' is tagged "
            "data-classification='confidential' but "
            "'EncryptionAtRestOptions.KmsKeyId' is not set, so no customer managed "
            "key is used; set 'EncryptionAtRestOptions.KmsKeyId' to a customer "
            "managed KMS key.",
        ),
        (
            "RecordsVault",
            "fail",
            "AWS::Backup::BackupVault 'RecordsVault' is tagged "
            "data-classification='restricted' but 'EncryptionKeyArn' is not set, so "
            "no customer managed key is used; set 'EncryptionKeyArn' to a customer "
            "managed KMS key.",
        ),
        (
            "MatchingTransform",
            "pass",
            "AWS::Glue::MLTransform 'MatchingTransform' is tagged "
            "data-classification='pii' and uses a customer managed key through "
            "'TransformEncryption.MLUserDataEncryption.KmsKeyId'.",
        ),
        (
            "ExportedReports",
            "fail",
            "AWS::CodeBuild::ReportGroup 'ExportedReports' is tagged "
            "data-classification='pii' but 'ExportConfig.S3Destination.EncryptionKey' "
            "is not set, so no customer managed key is used; set "
            "'ExportConfig.S3Destination.EncryptionKey' to a customer managed KMS "
            "key.",
        ),
    ],
)
def test_check_customer_key_cloudformation(
    run_json: Any, resource: str, verdict: str, message: str
) -> None:
    _, report = run_json(TAGGED)
    result = _results(report)[resource]
    assert (result["verdict"], result["message"]) == (verdict, message)


def test_check_customer_key_no_verdict_untagged_public_or_not_exported(
    run_json: Any,
) -> None:
    _, report = run_json(TAGGED)
    judged = set(_results(report))
    assert {"PublicQueue", "UntaggedQueue", "LocalReports"} & judged == set()


def test_check_customer_key_fix_turns_sse_sqs_off(run_json: Any) -> None:
    _, report = run_json(TAGGED)
    fix = _results(report)["SecretQueue"]["fix"]
    assert fix["snippet"] == (
        "Resources:\n  SecretQueue:\n    Properties:\n"
        f"      KmsMasterKeyId: {CUSTOMER_KEY}\n"
        "      SqsManagedSseEnabled: false\n"
    )


def test_check_customer_key_vault_fix_is_a_replacement(run_json: Any) -> None:
    _, report = run_json(TAGGED)
    assert _results(report)["RecordsVault"]["fix"]["kind"] == "replacement"


def test_check_customer_key_plan(run_json: Any) -> None:
    _, report = run_json(TAGGED_PLAN)
    results = _results(report)
    assert {name: r["verdict"] for name, r in results.items()} == {
        "aws_backup_vault.records": "fail",
        "aws_glue_ml_transform.matching": "fail",
        "aws_kinesis_stream.payments": "fail",
        "aws_sqs_queue.cards": "fail",
        "aws_sqs_queue.patients": "pass",
    }
    assert results["aws_glue_ml_transform.matching"]["message"] == (
        "aws_glue_ml_transform 'aws_glue_ml_transform.matching' is tagged "
        "data-classification='pii' but this resource type has no encryption "
        "argument in Terraform; create it as its CloudFormation type (or through "
        "the SDK) with a customer managed key."
    )


def test_check_customer_key_options_change_tag_and_values(run_json: Any) -> None:
    _, report = run_json(
        "--tier-tag", "DATA CLASSIFICATION", "--tier-values", "phi", TAGGED
    )
    assert {name: r["verdict"] for name, r in _results(report).items()} == {
        "PatientQueue": "pass"
    }


def test_check_customer_key_unknown_tag_value_is_unknown() -> None:
    value = Unknown("the value of parameter 'Tier', which has no default")
    tags = [{"Key": "data-classification", "Value": value}]
    verdict = judge_one("AWS::SQS::Queue", {"Tags": tags})["TIER001"]
    assert (verdict.status, verdict.message) == (
        Status.UNKNOWN,
        "AWS::SQS::Queue 'Subject' cannot be judged before deployment: its "
        "'data-classification' tag is the value of parameter 'Tier', which has no "
        "default.",
    )


def test_check_customer_key_unknown_tag_with_customer_key_passes() -> None:
    tags = [{"Key": "data-classification", "Value": Unknown("later")}]
    key = "arn:aws:kms:us-east-1:111122223333:key/1234"
    verdict = judge_one("AWS::SQS::Queue", {"Tags": tags, "KmsMasterKeyId": key})
    assert verdict["TIER001"].status is Status.PASS


def test_check_customer_key_stream_with_key_but_no_encryption_fails() -> None:
    tags = [{"Key": "data-classification", "Value": "pii"}]
    props = {"Tags": tags, "StreamEncryption": {"KeyId": "alias/streams"}}
    verdict = judge_one("AWS::Kinesis::Stream", props)["TIER001"]
    assert (verdict.status, verdict.message) == (
        Status.FAIL,
        "AWS::Kinesis::Stream 'Subject' is tagged data-classification='pii' but "
        "'StreamEncryption.EncryptionType' leaves it without encryption by a "
        "customer managed key; set 'StreamEncryption.EncryptionType' to 'KMS' and "
        "'StreamEncryption.KeyId' to a customer managed KMS key.",
    )


def test_check_customer_key_unknown_key_is_unknown() -> None:
    tags = [{"Key": "data-classification", "Value": "pii"}]
    key = Unknown("the value of parameter 'Key', which has no default", present=True)
    verdict = judge_one("AWS::SQS::Queue", {"Tags": tags, "KmsMasterKeyId": key})
    assert (verdict["TIER001"].status, verdict["TIER001"].message) == (
        Status.UNKNOWN,
        "AWS::SQS::Queue 'Subject' is tagged data-classification='pii' and cannot be "
        "judged before deployment: 'KmsMasterKeyId' is the value of parameter "
        "'Key', which has no default.",
    )
