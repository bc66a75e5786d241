"""AWS Glue: machine learning transforms encrypted at rest (Glue.3)."""

from __future__ import annotations

from collections.abc import Iterator

from sealgate.fields import FieldTable
from sealgate.fields import Spot
from sealgate.fields import Update
from sealgate.fields import View
from sealgate.rules import Context
from sealgate.rules import Finding
from sealgate.rules import Fix
from sealgate.rules import Rule
from sealgate.rules import Severity
from sealgate.rules import Status
from sealgate.rules import undecided

_USER_DATA = ("TransformEncryption", "MLUserDataEncryption")

FIELDS = FieldTable(
    {
        "AWS::Glue::MLTransform": {
            # UpdateMLTransform takes no TransformEncryption, so although the
            # CloudFormation docs say "No interruption" only a new transform
            # gets it (controls.md, Glue.3)
            "encryption_mode": Spot(
                (*_USER_DATA, "MLUserDataEncryptionMode"), Update.REPLACEMENT
            ),
            "kms_key": Spot((*_USER_DATA, "KmsKeyId"), Update.REPLACEMENT),
            "tags": Spot(("Tags",)),
        },
        # the provider (5.100.0) has no transform encryption argument at all
        "aws_glue_ml_transform": {
            "tags": Spot(("tags",)),
        },
    }
)

_NOTE = (
    "UpdateMLTransform cannot change the encryption, so create a new transform "
    "(a new name) with it, naming a customer managed key in 'KmsKeyId', then "
    "teach it the labels again and delete the old one."
)


def check_encrypted(view: View, ctx: Context) -> Iterator[Finding]:
    """Glue.3: MLUserDataEncryptionMode SSE-KMS; absent means no encryption."""
    name = f"{view.type} {view.address!r}"
    if "encryption_mode" not in view.table.names(view.type):
        yield Finding(
            Status.FAIL,
            f"{name} cannot encrypt its user data, since this resource type has "
            "no argument for 'TransformEncryption' and the transform relies on "
            "the default of no encryption (how Glue.3 scores a transform with "
            "no setting is unverified); create it with CloudFormation (an "
            "aws_cloudformation_stack wrapping AWS::Glue::MLTransform) or the "
            "SDK with 'MLUserDataEncryptionMode' SSE-KMS instead.",
        )
        return
    mode = view["encryption_mode"]
    if mode.unknown:
        yield undecided(name, mode)
    elif mode.value == "SSE-KMS":
        yield Finding(
            Status.PASS,
            f"{name} encrypts its user data with KMS: {mode.label!r} is SSE-KMS.",
            (mode, view["kms_key"]),
        )
    elif mode.absent:
        yield Finding(
            Status.FAIL,
            f"{name} leaves {mode.label!r} unset and so relies on the default of "
            "no encryption (how Glue.3 scores a transform with no setting is "
            f"unverified); set {mode.label!r} to SSE-KMS.",
            (mode,),
            Fix((("encryption_mode", "SSE-KMS"),), _NOTE),
        )
    else:
        yield Finding(
            Status.FAIL,
            f"{name} does not encrypt its user data: {mode.label!r} is "
            f"{mode.value!r}; set it to SSE-KMS.",
            (mode,),
            Fix((("encryption_mode", "SSE-KMS"),), _NOTE),
        )


RULES = (
    Rule(
        id="GLUE001",
        control="Glue.3",
        title="Encrypt Glue machine learning transforms at rest",
        description=(
            "A transform must set MLUserDataEncryptionMode to SSE-KMS; without "
            "it the user data is not encrypted. The Terraform resource cannot "
            "set it, and no API changes it after creation."
        ),
        severity=Severity.MEDIUM,
        resource_types=FIELDS.resource_types,
        fields=FIELDS,
        check=check_encrypted,
        source_url="https://docs.aws.amazon.com/securityhub/latest/userguide/glue-controls.html#glue-3",
    ),
)
