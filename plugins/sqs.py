"""Amazon SQS: queues encrypted at rest (SQS.1)."""

from __future__ import annotations

from collections.abc import Iterator

from sealgate.fields import FieldTable
from sealgate.fields import Kind
from sealgate.fields import Source
from sealgate.fields import Spot
from sealgate.fields import View
from sealgate.model import Unknown
from sealgate.plugins.kms import is_set
from sealgate.rules import Context
from sealgate.rules import Finding
from sealgate.rules import Fix
from sealgate.rules import Rule
from sealgate.rules import Severity
from sealgate.rules import Status

FIELDS = FieldTable(
    {
        "AWS::SQS::Queue": {
            "kms_key": Spot(("KmsMasterKeyId",), kind=Kind.TEXT),
            "sse_sqs": Spot(("SqsManagedSseEnabled",), kind=Kind.FLAG),
            "reuse_period": Spot(("KmsDataKeyReusePeriodSeconds",), kind=Kind.NUMBER),
        },
        "aws_sqs_queue": {
            "kms_key": Spot(("kms_master_key_id",), kind=Kind.TEXT),
            "sse_sqs": Spot(("sqs_managed_sse_enabled",), kind=Kind.FLAG),
            "reuse_period": Spot(
                ("kms_data_key_reuse_period_seconds",), kind=Kind.NUMBER
            ),
        },
    }
)

_ENABLE_SSE_SQS = Fix(
    (("sse_sqs", True),),
    "SetQueueAttributes applies it within about 60 seconds. Forward-only: "
    "messages already in the queue stay unencrypted until consumed; clients "
    "must use HTTPS and Signature Version 4.",
)


def check_encrypted(view: View, ctx: Context) -> Iterator[Finding]:
    """SQS.1: SSE-KMS or SSE-SQS; a new queue with neither gets SSE-SQS."""
    key, sse = view["kms_key"], view["sse_sqs"]
    name = f"{view.type} {view.address!r}"
    if is_set(key):
        # a key wins: the provider keeps a computed sqs_managed_sse_enabled
        # from state when only a key is added (controls.md, SQS.1 trap)
        yield Finding(
            Status.PASS, f"{name} uses SSE-KMS through {key.label!r}.", (key,)
        )
    elif isinstance(key.value, Unknown):
        yield Finding(
            Status.UNKNOWN,
            f"{name} cannot be judged before deployment: {key.label!r} is "
            f"{key.value.reason}.",
            (key,),
        )
    elif sse.value is True:
        yield Finding(
            Status.PASS, f"{name} uses SSE-SQS: {sse.label!r} is true.", (sse,)
        )
    elif sse.value is False:
        where = " in the current state" if sse.source is Source.PRIOR_STATE else ""
        yield Finding(
            Status.FAIL,
            f"{name} stores messages unencrypted: {sse.label!r} is false{where} "
            f"and {key.label!r} is not set; set {sse.label!r} to true.",
            (sse, key),
            _ENABLE_SSE_SQS,
        )
    elif sse.absent:
        yield Finding(
            Status.PASS,
            f"{name} sets neither {key.label!r} nor {sse.label!r}, so SQS encrypts "
            "the new queue with SSE-SQS by default.",
            (sse, key),
        )
    else:
        yield Finding(
            Status.UNKNOWN,
            f"{name} cannot be judged before deployment: {sse.label!r} is "
            f"{_shown(sse.value)}.",
            (sse,),
        )


def _shown(value: object) -> str:
    return value.reason if isinstance(value, Unknown) else repr(value)


RULES = (
    Rule(
        id="SQS001",
        control="SQS.1",
        title="Encrypt SQS queues at rest",
        description=(
            "A queue must use SSE-SQS or SSE-KMS. A new queue that sets neither "
            "gets SSE-SQS by default; setting SqsManagedSseEnabled to false "
            "without a key stores messages in plaintext."
        ),
        severity=Severity.MEDIUM,
        resource_types=FIELDS.resource_types,
        fields=FIELDS,
        check=check_encrypted,
        source_url="https://docs.aws.amazon.com/securityhub/latest/userguide/sqs-controls.html#sqs-1",
    ),
)
