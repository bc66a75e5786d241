from __future__ import annotations

import textwrap

from sealgate import engine
from sealgate import registry
from sealgate.fields import Update
from sealgate.model import Action
from sealgate.model import Document
from sealgate.model import Format
from sealgate.model import Origin
from sealgate.model import PlanChange
from sealgate.model import Resource
from sealgate.parsers import cfn


def judge(body: str) -> list[tuple[str, str, str, tuple[str, ...]]]:
    document = cfn.parse(textwrap.dedent(body), "t.yaml", Format.CFN_YAML)
    assert document is not None
    return [
        (v.resource.address, v.status.value, v.message, v.depends_on)
        for v in engine.judge(document, registry.load())
    ]


def test_engine_same_verdict_in_every_branch_needs_no_condition_note() -> None:
    assert judge("""
        Parameters:
          Shared: {Type: String}
        Conditions:
          UseShared: !Equals [!Ref Shared, "yes"]
        Resources:
          S:
            Type: AWS::Kinesis::Stream
            Properties:
              StreamEncryption: !If
                - UseShared
                - {EncryptionType: KMS, KeyId: !ImportValue shared-key}
                - {EncryptionType: KMS, KeyId: alias/aws/kinesis}
    """) == [
        (
            "S",
            "pass",
            "AWS::Kinesis::Stream 'S' is encrypted with KMS through "
            "'StreamEncryption.KeyId'.",
            (),
        )
    ]


def test_engine_verdict_from_defaults_names_the_deciding_condition() -> None:
    (verdict,) = judge("""
        Parameters:
          Legacy: {Type: String, Default: "no"}
        Conditions:
          IsLegacy: !Equals [!Ref Legacy, "yes"]
        Resources:
          Q:
            Type: AWS::SQS::Queue
            Properties:
              SqsManagedSseEnabled: !If [IsLegacy, false, true]
    """)
    assert verdict == (
        "Q",
        "pass",
        "AWS::SQS::Queue 'Q' uses SSE-SQS: 'SqsManagedSseEnabled' is true (depends "
        "on conditions: fail when IsLegacy is true; pass when IsLegacy is false).",
        ("IsLegacy",),
    )


def test_engine_rules_skip_resource_types_they_do_not_judge() -> None:
    assert (
        judge("""
        Resources:
          Bucket: {Type: AWS::S3::Bucket}
          Key: {Type: AWS::KMS::Key}
    """)
        == []
    )


def test_engine_replacing_plan_makes_the_fix_a_replacement() -> None:

    resource = Resource(
        Origin(Format.TF_PLAN, "p.json", None, "aws_sqs_queue.q"),
        "aws_sqs_queue",
        {"sqs_managed_sse_enabled": False},
        PlanChange(Action.REPLACE, {}, (("name",),), False, frozenset({"name"})),
    )
    document = Document("p.json", Format.TF_PLAN, (resource,))
    (verdict,) = engine.judge(document, registry.load())
    assert verdict.remedy is not None
    assert verdict.remedy.kind is Update.REPLACEMENT
