"""AWS CodeBuild: report group exports encrypted at rest (CodeBuild.7)."""

from __future__ import annotations

from collections.abc import Iterator

from sealgate.fields import Field
from sealgate.fields import FieldTable
from sealgate.fields import Source
from sealgate.fields import Spot
from sealgate.fields import View
from sealgate.plugins.kms import is_set
from sealgate.rules import Context
from sealgate.rules import Finding
from sealgate.rules import Fix
from sealgate.rules import Rule
from sealgate.rules import Severity
from sealgate.rules import Status
from sealgate.rules import undecided

_S3 = ("export_config", 0, "s3_destination", 0)

FIELDS = FieldTable(
    {
        "AWS::CodeBuild::ReportGroup": {
            "export_type": Spot(("ExportConfig", "ExportConfigType")),
            "encryption_disabled": Spot(
                ("ExportConfig", "S3Destination", "EncryptionDisabled")
            ),
            "kms_key": Spot(("ExportConfig", "S3Destination", "EncryptionKey")),
            "tags": Spot(("Tags",)),
        },
        "aws_codebuild_report_group": {
            "export_type": Spot(("export_config", 0, "type")),
            "encryption_disabled": Spot((*_S3, "encryption_disabled")),
            # required by the provider even when encryption is disabled
            "kms_key": Spot((*_S3, "encryption_key")),
            "tags": Spot(("tags",)),
        },
    }
)

_NOTE = (
    "The export settings change in place. Forward-only: reports already "
    "exported keep the encryption they were written with."
)


def check_encrypted(view: View, ctx: Context) -> Iterator[Finding]:
    """CodeBuild.7: no export, or an S3 export with encryption left on."""
    kind, disabled, key = (
        view["export_type"],
        view["encryption_disabled"],
        view["kms_key"],
    )
    name = f"{view.type} {view.address!r}"
    unknown = next((f for f in (kind, disabled) if f.unknown), None)
    if kind.value == "NO_EXPORT":
        yield Finding(
            Status.PASS,
            f"{name} exports no reports: {kind.label!r} is NO_EXPORT.",
            (kind,),
        )
    elif unknown is not None:
        yield undecided(name, unknown)
    elif disabled.value is True:
        where = " in the current state" if disabled.source is Source.PRIOR_STATE else ""
        unused = f" (the key in {key.label!r} is not used)" if _keyed(key) else ""
        yield Finding(
            Status.FAIL,
            f"{name} exports reports to S3 unencrypted: {disabled.label!r} is "
            f"true{where}{unused}; set {disabled.label!r} to false.",
            (kind, disabled, key),
            Fix((("encryption_disabled", False),), _NOTE),
        )
    elif _keyed(key):
        yield Finding(
            Status.PASS,
            f"{name} encrypts its S3 exports with the key in {key.label!r}.",
            (kind, disabled, key),
        )
    else:
        yield Finding(
            Status.PASS,
            f"{name} encrypts its S3 exports with the AWS managed S3 key, the "
            f"default when {disabled.label!r} is not true.",
            (kind, disabled),
        )


def _keyed(key: Field) -> bool:
    # a key known only after apply is still a key: both formats require one
    # to be present once the argument is written
    return is_set(key) or key.unknown


RULES = (
    Rule(
        id="CODEBUILD001",
        control="CodeBuild.7",
        title="Encrypt CodeBuild report group exports at rest",
        description=(
            "A report group that exports test reports to S3 must not disable "
            "their encryption. Exports are encrypted with the AWS managed S3 "
            "key by default; a key argument alone does not mean encrypted."
        ),
        severity=Severity.MEDIUM,
        resource_types=FIELDS.resource_types,
        fields=FIELDS,
        check=check_encrypted,
        source_url="https://docs.aws.amazon.com/securityhub/latest/userguide/codebuild-controls.html#codebuild-7",
    ),
)
