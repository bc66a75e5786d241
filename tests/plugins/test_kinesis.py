from __future__ import annotations

import pytest

from sealgate.fields import Update
from tests.plugins.verdicts import verdicts

S = "AWS::Kinesis::Stream"
T = "aws_kinesis_stream"
UNENCRYPTED_CFN = (
    "stores records unencrypted: 'StreamEncryption.EncryptionType' is not set and "
    "Kinesis does not encrypt by default; set 'StreamEncryption.EncryptionType' to "
    "KMS with a key in 'StreamEncryption.KeyId'."
)


@pytest.mark.parametrize(
    ("fixture", "resource", "status", "message"),
    [
        (
            "cfn/kinesis/streams.yaml",
            "PlainStream",
            "fail",
            f"{S} 'PlainStream' {UNENCRYPTED_CFN}",
        ),
        (
            "cfn/kinesis/streams.yaml",
            "ManagedKeyStream",
            "pass",
            f"{S} 'ManagedKeyStream' is encrypted with KMS through "
            "'StreamEncryption.KeyId'.",
        ),
        (
            "cfn/kinesis/streams.yaml",
            "OwnKeyStream",
            "pass",
            f"{S} 'OwnKeyStream' is encrypted with KMS through "
            "'StreamEncryption.KeyId'.",
        ),
        (
            "cfn/kinesis/streams.yaml",
            "NoKeyStream",
            "fail",
            f"{S} 'NoKeyStream' sets 'StreamEncryption.EncryptionType' to KMS without "
            "'StreamEncryption.KeyId', which encryption requires; set "
            "'StreamEncryption.KeyId' to a key.",
        ),
        (
            "cfn/kinesis/streams.yaml",
            "ChosenAtDeployStream",
            "unknown",
            f"Kinesis.1 on {S} 'ChosenAtDeployStream' depends on conditions: pass when "
            "ShouldEncrypt is true; fail when ShouldEncrypt is false.",
        ),
        (
            "cfn/kinesis/streams.json",
            "LogStream",
            "fail",
            f"{S} 'LogStream' {UNENCRYPTED_CFN}",
        ),
        (
            "cfn/kinesis/streams.json",
            "AuditStream",
            "pass",
            f"{S} 'AuditStream' is encrypted with KMS through "
            "'StreamEncryption.KeyId'.",
        ),
        (
            "tfplan/kinesis/streams/plan.json",
            "aws_kinesis_stream.clickstream",
            "fail",
            f"{T} 'aws_kinesis_stream.clickstream' stores records unencrypted: "
            "'encryption_type' is 'NONE' by the provider's default; set "
            "'encryption_type' to KMS with a key in 'kms_key_id'.",
        ),
        (
            "tfplan/kinesis/streams/plan.json",
            "aws_kinesis_stream.metrics",
            "fail",
            f"{T} 'aws_kinesis_stream.metrics' stores records unencrypted: "
            "'encryption_type' is 'NONE' by the provider's default, so the key in "
            "'kms_key_id' is not used; set 'encryption_type' to KMS with a key in "
            "'kms_key_id'.",
        ),
        (
            "tfplan/kinesis/streams/plan.json",
            "aws_kinesis_stream.audit",
            "pass",
            f"{T} 'aws_kinesis_stream.audit' is encrypted with KMS through "
            "'kms_key_id'.",
        ),
        (
            "tfplan/kinesis/streams/plan.json",
            "aws_kinesis_stream.payments",
            "pass",
            f"{T} 'aws_kinesis_stream.payments' is encrypted with KMS through "
            "'kms_key_id'.",
        ),
    ],
)
def test_kinesis_encrypted_verdicts(
    fixture: str, resource: str, status: str, message: str
) -> None:
    verdict = verdicts(fixture)[("KINESIS001", resource)]
    assert (verdict.status.value, verdict.message) == (status, message)


def test_kinesis_encrypted_fix_adds_only_what_is_missing() -> None:
    found = verdicts("tfplan/kinesis/streams/plan.json")
    metrics = found[("KINESIS001", "aws_kinesis_stream.metrics")].remedy
    clicks = found[("KINESIS001", "aws_kinesis_stream.clickstream")].remedy
    assert metrics is not None and clicks is not None
    assert metrics.kind is Update.IN_PLACE
    assert metrics.snippet == (
        'resource "aws_kinesis_stream" "metrics" {\n  encryption_type = "KMS"\n}\n'
    )
    assert clicks.snippet == (
        'resource "aws_kinesis_stream" "clickstream" {\n'
        '  encryption_type = "KMS"\n'
        '  kms_key_id = "alias/aws/kinesis"\n'
        "}\n"
    )


def test_kinesis_encrypted_fix_in_json_template() -> None:
    remedy = verdicts("cfn/kinesis/streams.json")[("KINESIS001", "LogStream")].remedy
    assert remedy is not None
    assert remedy.snippet == (
        "{\n"
        '  "Resources": {\n'
        '    "LogStream": {\n'
        '      "Properties": {\n'
        '        "StreamEncryption": {\n'
        '          "EncryptionType": "KMS",\n'
        '          "KeyId": "alias/aws/kinesis"\n'
        "        }\n"
        "      }\n"
        "    }\n"
        "  }\n"
        "}\n"
    )
