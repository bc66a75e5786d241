"""Every CloudFormation Spot's update kind agrees with cfn-lint's schemas.

A property in a schema's ``createOnlyProperties`` must be
``Update.REPLACEMENT``; any other ``Update.IN_PLACE``, except where
../shared/controls.md documents that the schema does not tell the whole story.
"""

from __future__ import annotations

from typing import Any

import pytest

from sealgate import registry
from sealgate.fields import Spot
from sealgate.fields import Update
from sealgate.model import Path
from tests import schemas

BOTH = frozenset(Update)
REPLACED = frozenset({Update.REPLACEMENT})

EXCEPTIONS: dict[tuple[str, str], tuple[frozenset[Update], str]] = {
    ("AWS::Glue::MLTransform", "/properties/TransformEncryption"): (
        REPLACED,
        "UpdateMLTransform has no TransformEncryption parameter, so CloudFormation "
        "cannot apply it in place although the schema says so (controls.md 2.7)",
    ),
    ("AWS::EC2::Volume", "/properties/Encrypted"): (
        REPLACED,
        "the schema lets CloudFormation update Encrypted, but EBS cannot encrypt "
        "an existing volume: the data moves to a new volume through an encrypted "
        "snapshot copy (controls.md 2.5, recreate and migrate)",
    ),
    ("AWS::Elasticsearch::Domain", "/properties/EncryptionAtRestOptions"): (
        BOTH,
        "a legacy schema: enabling the first time is in place, a later change is "
        "forbidden by the API; the 2023 docs said KmsKeyId needs replacement "
        "(controls.md 2.4)",
    ),
}
CONDITIONAL = (
    "conditionalCreateOnlyProperties: adding it is in place, changing it after "
    "it is set replaces the resource (controls.md 2.4)"
)


def _schema(resource_type: str) -> dict[str, Any]:
    return schemas.schema(resource_type)


def _pointer(path: Path) -> str:
    return "/properties/" + "/".join("*" if isinstance(s, int) else s for s in path)


def _within(pointer: str, prefixes: list[str]) -> bool:
    return any(pointer == p or pointer.startswith(p + "/") for p in prefixes)


def _allowed(resource_type: str, pointer: str) -> tuple[frozenset[Update], str]:
    for (kind, prefix), exception in EXCEPTIONS.items():
        if kind == resource_type and _within(pointer, [prefix]):
            return exception
    schema = _schema(resource_type)
    if _within(pointer, schema.get("conditionalCreateOnlyProperties", [])):
        return BOTH, CONDITIONAL
    if _within(pointer, schema.get("createOnlyProperties", [])):
        return REPLACED, "createOnlyProperties"
    return frozenset({Update.IN_PLACE}), "not create-only"


def _spots() -> list[Any]:
    rows = []
    for rule in registry.load().rules:
        for kind in sorted(rule.fields.resource_types):
            if not kind.startswith("AWS::"):
                continue
            for name in sorted(rule.fields.names(kind)):
                spot = rule.fields.spot(kind, name)
                rows.append(pytest.param(kind, spot, id=f"{rule.id}:{kind}:{name}"))
    return rows


@pytest.mark.parametrize(("resource_type", "spot"), _spots())
def test_fix_kinds_agree_with_cfn_lint_schema(resource_type: str, spot: Spot) -> None:
    pointer = _pointer(spot.path)
    allowed, why = _allowed(resource_type, pointer)
    assert spot.update in allowed, f"{resource_type} {pointer}: {why}"


@pytest.mark.parametrize(
    ("resource_type", "pointer", "expected"),
    [
        ("AWS::SQS::Queue", "/properties/KmsMasterKeyId", {Update.IN_PLACE}),
        ("AWS::Backup::BackupVault", "/properties/EncryptionKeyArn", REPLACED),
        (
            "AWS::EMR::SecurityConfiguration",
            "/properties/SecurityConfiguration/X",
            REPLACED,
        ),
        (
            "AWS::OpenSearchService::Domain",
            "/properties/EncryptionAtRestOptions/KmsKeyId",
            BOTH,
        ),
        ("AWS::Glue::MLTransform", "/properties/TransformEncryption/A/B", REPLACED),
    ],
)
def test_fix_kinds_allowed_reads_the_schema(
    resource_type: str, pointer: str, expected: set[Update]
) -> None:
    assert _allowed(resource_type, pointer)[0] == expected
