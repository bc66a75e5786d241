"""Amazon Kinesis Data Streams: streams encrypted at rest (Kinesis.1)."""

from __future__ import annotations

from collections.abc import Iterator

from sealgate.fields import Field
from sealgate.fields import FieldTable
from sealgate.fields import Kind
from sealgate.fields import Source
from sealgate.fields import Spot
from sealgate.fields import View
from sealgate.model import Unknown
from sealgate.model import Value
from sealgate.plugins.kms import is_set
from sealgate.rules import Context
from sealgate.rules import Finding
from sealgate.rules import Fix
from sealgate.rules import Rule
from sealgate.rules import Severity
from sealgate.rules import Status

FIELDS = FieldTable(
    {
        "AWS::Kinesis::Stream": {
            "encryption_type": Spot(
                ("StreamEncryption", "EncryptionType"), kind=Kind.TEXT
            ),
            "kms_key": Spot(("StreamEncryption", "KeyId"), kind=Kind.TEXT),
        },
        "aws_kinesis_stream": {
            "encryption_type": Spot(("encryption_type",), kind=Kind.TEXT),
            "kms_key": Spot(("kms_key_id",), kind=Kind.TEXT),
        },
    }
)

_NOTE = (
    "StartStreamEncryption runs in place while the stream stays readable and "
    "writable. Forward-only: records already in the stream stay unencrypted "
    "until they age out of retention. With a customer managed key, producers "
    "need kms:GenerateDataKey and consumers kms:Decrypt on it first."
)


def check_encrypted(view: View, ctx: Context) -> Iterator[Finding]:
    """Kinesis.1: server-side encryption with KMS; absent means none."""
    kind, key = view["encryption_type"], view["kms_key"]
    name = f"{view.type} {view.address!r}"
    if isinstance(kind.value, Unknown):
        yield Finding(
            Status.UNKNOWN,
            f"{name} cannot be judged before deployment: {kind.label!r} is "
            f"{kind.value.reason}.",
            (kind, key),
        )
    elif kind.value == "KMS" and is_set(key):
        yield Finding(
            Status.PASS, f"{name} is encrypted with KMS through {key.label!r}.", (kind,)
        )
    elif kind.value == "KMS":
        yield Finding(
            Status.FAIL,
            f"{name} sets {kind.label!r} to KMS without {key.label!r}, which "
            f"encryption requires; set {key.label!r} to a key.",
            (kind, key),
            Fix((("kms_key", "alias/aws/kinesis"),), _NOTE),
        )
    else:
        yield Finding(
            Status.FAIL,
            f"{name} stores records unencrypted: {_stated(kind, key)}; set "
            f"{kind.label!r} to KMS with a key in {key.label!r}.",
            (kind, key),
            Fix(_changes(key), _NOTE),
        )


def _stated(kind: Field, key: Field) -> str:
    if kind.absent:
        return f"{kind.label!r} is not set and Kinesis does not encrypt by default"
    said = f"{kind.label!r} is {kind.value!r}"
    if kind.source is Source.DEFAULT:
        said += " by the provider's default"
    elif kind.source is Source.PRIOR_STATE:
        said += " in the current state"
    if is_set(key):
        said += f", so the key in {key.label!r} is not used"
    return said


def _changes(key: Field) -> tuple[tuple[str, Value], ...]:
    if is_set(key):
        return (("encryption_type", "KMS"),)
    return (("encryption_type", "KMS"), ("kms_key", "alias/aws/kinesis"))


RULES = (
    Rule(
        id="KINESIS001",
        control="Kinesis.1",
        title="Encrypt Kinesis streams at rest",
        description=(
            "A stream must use server-side encryption with a KMS key. Streams "
            "are unencrypted by default, and a key without encryption type KMS "
            "encrypts nothing."
        ),
        severity=Severity.MEDIUM,
        resource_types=FIELDS.resource_types,
        fields=FIELDS,
        check=check_encrypted,
        source_url="https://docs.aws.amazon.com/securityhub/latest/userguide/kinesis-controls.html#kinesis-1",
    ),
)
