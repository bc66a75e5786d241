"""Data tiers: resources tagged as holding sensitive data use a customer key."""

from __future__ import annotations

import re
from collections.abc import Iterator
from collections.abc import Mapping
from dataclasses import dataclass

from sealgate.fields import Field
from sealgate.fields import FieldTable
from sealgate.fields import Spot
from sealgate.fields import Update
from sealgate.fields import View
from sealgate.model import Unknown
from sealgate.model import Value
from sealgate.plugins.kms import KeyOwner
from sealgate.plugins.kms import key_owner
from sealgate.plugins.tags import Tags
from sealgate.plugins.tags import tag_map
from sealgate.rules import Context
from sealgate.rules import Finding
from sealgate.rules import Fix
from sealgate.rules import Rule
from sealgate.rules import Severity
from sealgate.rules import Status

_REPLACE = Update.REPLACEMENT
_ES_CFN = {
    "kms_key": Spot(("EncryptionAtRestOptions", "KmsKeyId"), _REPLACE),
    "encryption": Spot(("EncryptionAtRestOptions", "Enabled")),
    "tags": Spot(("Tags",)),
}
_ES_TF = {
    "kms_key": Spot(("encrypt_at_rest", 0, "kms_key_id"), _REPLACE),
    "encryption": Spot(("encrypt_at_rest", 0, "enabled")),
    "tags": Spot(("tags",)),
    "all_tags": Spot(("tags_all",)),
}
_GLUE_KEY = ("TransformEncryption", "MLUserDataEncryption")
_CODEBUILD_S3 = ("export_config", 0, "s3_destination", 0)

# the key and tag paths of every resource type of the controls that takes a
# key; EMR security configurations take a key but no tags in either format
FIELDS = FieldTable(
    {
        "AWS::SQS::Queue": {
            "kms_key": Spot(("KmsMasterKeyId",)),
            "sse_sqs": Spot(("SqsManagedSseEnabled",)),
            "tags": Spot(("Tags",)),
        },
        "aws_sqs_queue": {
            "kms_key": Spot(("kms_master_key_id",)),
            "tags": Spot(("tags",)),
            "all_tags": Spot(("tags_all",)),
        },
        "AWS::Kinesis::Stream": {
            "kms_key": Spot(("StreamEncryption", "KeyId")),
            "encryption": Spot(("StreamEncryption", "EncryptionType")),
            "tags": Spot(("Tags",)),
        },
        "aws_kinesis_stream": {
            "kms_key": Spot(("kms_key_id",)),
            "encryption": Spot(("encryption_type",)),
            "tags": Spot(("tags",)),
            "all_tags": Spot(("tags_all",)),
        },
        "AWS::Elasticsearch::Domain": _ES_CFN,
        "AWS::OpenSearchService::Domain": _ES_CFN,
        "aws_elasticsearch_domain": _ES_TF,
        "aws_opensearch_domain": _ES_TF,
        "AWS::Backup::BackupVault": {
            "kms_key": Spot(("EncryptionKeyArn",), _REPLACE),
            "tags": Spot(("BackupVaultTags",)),
        },
        "aws_backup_vault": {
            "kms_key": Spot(("kms_key_arn",), _REPLACE),
            "tags": Spot(("tags",)),
            "all_tags": Spot(("tags_all",)),
        },
        "AWS::Glue::MLTransform": {
            # UpdateMLTransform cannot change encryption (controls.md 2.7)
            "kms_key": Spot((*_GLUE_KEY, "KmsKeyId"), _REPLACE),
            "encryption": Spot((*_GLUE_KEY, "MLUserDataEncryptionMode"), _REPLACE),
            "tags": Spot(("Tags",)),
        },
        "aws_glue_ml_transform": {
            "tags": Spot(("tags",)),
            "all_tags": Spot(("tags_all",)),
        },
        "AWS::CodeBuild::ReportGroup": {
            "kms_key": Spot(("ExportConfig", "S3Destination", "EncryptionKey")),
            "encryption": Spot(("ExportConfig", "S3Destination", "EncryptionDisabled")),
            "export": Spot(("ExportConfig", "ExportConfigType")),
            "tags": Spot(("Tags",)),
        },
        "aws_codebuild_report_group": {
            "kms_key": Spot((*_CODEBUILD_S3, "encryption_key")),
            "encryption": Spot((*_CODEBUILD_S3, "encryption_disabled")),
            "export": Spot(("export_config", 0, "type")),
            "tags": Spot(("tags",)),
            "all_tags": Spot(("tags_all",)),
        },
    }
)


@dataclass(frozen=True, slots=True)
class Switch:
    """The value a type's encryption switch needs for its key to be used."""

    on: Value
    absent_is_on: bool = False


SWITCHES: Mapping[str, Switch] = {
    "AWS::Kinesis::Stream": Switch("KMS"),
    "aws_kinesis_stream": Switch("KMS"),
    "AWS::Elasticsearch::Domain": Switch(True),
    "AWS::OpenSearchService::Domain": Switch(True),
    "aws_elasticsearch_domain": Switch(True),
    "aws_opensearch_domain": Switch(True),
    "AWS::Glue::MLTransform": Switch("SSE-KMS"),
    "AWS::CodeBuild::ReportGroup": Switch(False, absent_is_on=True),
    "aws_codebuild_report_group": Switch(False, absent_is_on=True),
}

CUSTOMER_KEY = "arn:aws:kms:<region>:<account>:key/<customer-managed-key-id>"
"""The placeholder a fix writes: sealgate cannot know which key is yours."""

_NOTE = (
    "Replace the placeholder with your customer managed key, whose key policy "
    "must let the service and every producer and consumer use it. A queue that "
    "sets SSE-SQS must drop it (one encryption option per queue); queues and "
    "streams encrypt only new data with the new key."
)


def tags_of(view: View) -> Tags | Unknown:
    """A resource's own tags, with provider default tags where the plan has them."""
    tags = tag_map(view["tags"].value)
    if "all_tags" not in view.table.names(view.type):
        return tags
    every = tag_map(view["all_tags"].value)
    if isinstance(every, Unknown):
        return tags
    if isinstance(tags, Unknown):
        return every or tags
    return {**tags, **every}


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def classification(tags: Tags | Unknown, ctx: Context) -> tuple[str, Value] | None:
    """The tag (key, value) that marks a resource sensitive or may; else None."""
    if isinstance(tags, Unknown):
        return (ctx.options.tier_tag, tags)
    wanted = _squash(ctx.options.tier_tag)
    sensitive = {value.lower() for value in ctx.options.tier_values}
    found: tuple[str, Value] | None = None
    for key, value in sorted(tags.items()):
        if _squash(key) != wanted:
            continue
        if isinstance(value, Unknown):
            found = found or (key, value)
        elif isinstance(value, str) and value.strip().lower() in sensitive:
            return (key, value)
    return found


def check_customer_key(view: View, ctx: Context) -> Iterator[Finding]:
    """Tier.CustomerKey: sensitive data needs a customer managed key."""
    marked = classification(tags_of(view), ctx)
    if marked is None or _export_off(view):
        return
    tag, value = marked
    name = f"{view.type} {view.address!r}"
    if isinstance(value, Unknown):
        yield from _unclassified(view, ctx, name, tag, value)
        return
    said = f"{name} is tagged {tag}={value!r}"
    if "kms_key" not in view.table.names(view.type):
        yield Finding(
            Status.FAIL,
            f"{said} but this resource type has no encryption argument in "
            "Terraform; create it as its CloudFormation type (or through the "
            "SDK) with a customer managed key.",
        )
        return
    yield from _judge(view, said, key_owner(view["kms_key"], ctx))


def _unclassified(
    view: View, ctx: Context, name: str, tag: str, value: Unknown
) -> Iterator[Finding]:
    # a customer managed key in use passes whatever the tag turns out to be
    names = view.table.names(view.type)
    if "kms_key" in names and _switch_state(view) is True:
        key = view["kms_key"]
        if key_owner(key, ctx) is KeyOwner.CUSTOMER_MANAGED:
            yield Finding(
                Status.PASS,
                f"{name} uses a customer managed key through {key.label!r}.",
                (key,),
            )
            return
    yield Finding(
        Status.UNKNOWN,
        f"{name} cannot be judged before deployment: its {tag!r} tag is "
        f"{value.reason}.",
    )


def _export_off(view: View) -> bool:
    if "export" not in view.table.names(view.type):
        return False
    return view["export"].value == "NO_EXPORT"


def _switch_state(view: View) -> bool | Unknown:
    """Whether the type's encryption switch lets the key be used."""
    switch = SWITCHES.get(view.type)
    if switch is None:
        return True
    field = view["encryption"]
    if isinstance(field.value, Unknown):
        return field.value
    if field.absent:
        return switch.absent_is_on
    return field.value == switch.on


def _judge(view: View, said: str, owner: KeyOwner) -> Iterator[Finding]:
    key = view["kms_key"]
    state = _switch_state(view)
    if isinstance(state, Unknown):
        field = view["encryption"]
        yield Finding(
            Status.UNKNOWN,
            f"{said} and cannot be judged before deployment: {field.label!r} is "
            f"{state.reason}.",
            (field, key),
        )
    elif not state:
        field = view["encryption"]
        yield Finding(
            Status.FAIL,
            f"{said} but {field.label!r} leaves it without encryption by a "
            f"customer managed key; set {field.label!r} to "
            f"{SWITCHES[view.type].on!r} and {key.label!r} to a customer "
            "managed KMS key.",
            (field, key),
            _fix(view),
        )
    else:
        yield from _by_owner(view, said, key, owner)


def _by_owner(view: View, said: str, key: Field, owner: KeyOwner) -> Iterator[Finding]:
    if owner is KeyOwner.CUSTOMER_MANAGED:
        yield Finding(
            Status.PASS,
            f"{said} and uses a customer managed key through {key.label!r}.",
            (key,),
        )
    elif owner is KeyOwner.UNKNOWN or isinstance(key.value, Unknown):
        reason = key.value.reason if isinstance(key.value, Unknown) else "unknown"
        yield Finding(
            Status.UNKNOWN,
            f"{said} and cannot be judged before deployment: {key.label!r} is "
            f"{reason}.",
            (key,),
        )
    else:
        why = (
            f"{key.label!r} is the AWS managed key {key.value!r}"
            if owner is KeyOwner.AWS_MANAGED
            else f"{key.label!r} is not set, so no customer managed key is used"
        )
        yield Finding(
            Status.FAIL,
            f"{said} but {why}; set {key.label!r} to a customer managed KMS key.",
            (key,),
            _fix(view),
        )


def _fix(view: View) -> Fix:
    changes: list[tuple[str, Value]] = [("kms_key", CUSTOMER_KEY)]
    switch = SWITCHES.get(view.type)
    if switch is not None and _switch_state(view) is not True:
        changes.append(("encryption", switch.on))
    names = view.table.names(view.type)
    if "sse_sqs" in names and view["sse_sqs"].value is True:
        changes.append(("sse_sqs", False))
    return Fix(tuple(changes), _NOTE)


RULES = (
    Rule(
        id="TIER001",
        control="Tier.CustomerKey",
        title="Encrypt resources tagged as sensitive with a customer managed key",
        description=(
            "A resource whose data-classification tag names sensitive data (PII, "
            "payment, PHI, confidential...) must be encrypted with a customer "
            "managed KMS key, not an AWS managed or service-owned key, so that "
            "its key policy, rotation and audit trail are yours."
        ),
        severity=Severity.HIGH,
        resource_types=FIELDS.resource_types,
        fields=FIELDS,
        check=check_customer_key,
        source_url="https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#customer-cmk",
    ),
)
