"""Amazon EMR: security configurations encrypted at rest (EMR.3), and clusters
that name one."""

from __future__ import annotations

from collections.abc import Iterator

from sealgate.fields import Field
from sealgate.fields import FieldTable
from sealgate.fields import Spot
from sealgate.fields import Update
from sealgate.fields import View
from sealgate.model import Resource
from sealgate.model import Unknown
from sealgate.model import Value
from sealgate.rules import Context
from sealgate.rules import Finding
from sealgate.rules import Fix
from sealgate.rules import Rule
from sealgate.rules import Severity
from sealgate.rules import Status
from sealgate.rules import shown
from sealgate.rules import undecided

_ENCRYPTION = ("EncryptionConfiguration",)
_AT_REST = (*_ENCRYPTION, "EnableAtRestEncryption")
_S3_MODE = (
    *_ENCRYPTION,
    "AtRestEncryptionConfiguration",
    "S3EncryptionConfiguration",
    "EncryptionMode",
)
_S3_KEY = (*_S3_MODE[:-1], "AwsKmsKey")
_DISK_KEY = (
    *_ENCRYPTION,
    "AtRestEncryptionConfiguration",
    "LocalDiskEncryptionConfiguration",
    "AwsKmsKey",
)
_REPLACED = Update.REPLACEMENT  # no API updates a security configuration

CONFIGURATIONS = frozenset(
    {"AWS::EMR::SecurityConfiguration", "aws_emr_security_configuration"}
)
CLUSTERS = frozenset({"AWS::EMR::Cluster", "aws_emr_cluster"})

FIELDS = FieldTable(
    {
        "AWS::EMR::SecurityConfiguration": {
            "name": Spot(("Name",), _REPLACED),
            "configuration": Spot(("SecurityConfiguration",), _REPLACED),
            "at_rest": Spot(("SecurityConfiguration", *_AT_REST), _REPLACED),
            "s3_mode": Spot(("SecurityConfiguration", *_S3_MODE), _REPLACED),
            "kms_key": Spot(("SecurityConfiguration", *_S3_KEY), _REPLACED),
            "disk_kms_key": Spot(("SecurityConfiguration", *_DISK_KEY), _REPLACED),
        },
        "aws_emr_security_configuration": {
            "name": Spot(("name",), _REPLACED),
            "configuration": Spot(("configuration",), _REPLACED),
            "at_rest": Spot(("configuration", *_AT_REST), _REPLACED),
            "s3_mode": Spot(("configuration", *_S3_MODE), _REPLACED),
            "kms_key": Spot(("configuration", *_S3_KEY), _REPLACED),
            "disk_kms_key": Spot(("configuration", *_DISK_KEY), _REPLACED),
        },
        "AWS::EMR::Cluster": {
            "security_configuration": Spot(("SecurityConfiguration",), _REPLACED),
            "tags": Spot(("Tags",)),
        },
        "aws_emr_cluster": {
            "security_configuration": Spot(("security_configuration",), _REPLACED),
            "tags": Spot(("tags",)),
        },
    }
)

_RECREATE = (
    "A security configuration cannot be changed: create a new one (a new name) "
    "with at-rest encryption, launch new clusters that name it, move the "
    "workloads, then delete the old ones. Local disks need "
    "LocalDiskEncryptionConfiguration with a KMS key to be encrypted too."
)
_NEW_CLUSTER = (
    "A cluster's security configuration is fixed at launch: this replaces the "
    "cluster, so move its workloads to the new one."
)
_PLACEHOLDER = "<encrypting-security-configuration>"


def check_configuration(view: View, ctx: Context) -> Iterator[Finding]:
    """EMR.3: EnableAtRestEncryption true; absent means false."""
    document, at_rest = view["configuration"], view["at_rest"]
    name = f"{view.type} {view.address!r}"
    if document.unknown:
        yield undecided(name, document)
    elif not document.absent and not isinstance(document.value, dict):
        yield Finding(
            Status.UNKNOWN,
            f"{name} cannot be judged: {document.label!r} is not a JSON object "
            "sealgate can read.",
            (document,),
        )
    elif at_rest.unknown:
        yield undecided(name, at_rest)
    elif at_rest.value is True:
        yield Finding(
            Status.PASS,
            f"{name} enables encryption at rest: {at_rest.label!r} is true.",
            (at_rest,),
        )
    else:
        yield Finding(
            Status.FAIL,
            f"{name} does not encrypt at rest: {_stated(at_rest)}; set "
            f"{at_rest.label!r} to true.",
            (at_rest,),
            Fix(_changes(view), _RECREATE),
        )


def _stated(at_rest: Field) -> str:
    if at_rest.absent:
        return f"{at_rest.label!r} is not set and EMR assumes false"
    return f"{at_rest.label!r} is {shown(at_rest.value)}"


def _changes(view: View) -> tuple[tuple[str, Value], ...]:
    changes: tuple[tuple[str, Value], ...] = (("at_rest", True),)
    if view["s3_mode"].absent:
        # EMR refuses at-rest encryption with no S3 or local-disk settings
        changes += (("s3_mode", "SSE-S3"),)
    return changes


def check_cluster(view: View, ctx: Context) -> Iterator[Finding]:
    """A cluster is encrypted at rest only through its security configuration."""
    named = view["security_configuration"]
    name = f"{view.type} {view.address!r}"
    if named.absent or named.value == "":
        yield Finding(
            Status.FAIL,
            f"{name} has no security configuration, so nothing it stores is "
            f"encrypted at rest; set {named.label!r} to one that enables "
            "at-rest encryption.",
            (named,),
            Fix((("security_configuration", _suggested(ctx)),), _NEW_CLUSTER),
        )
        return
    configurations = _named(named, ctx)
    if not configurations:
        yield Finding(
            Status.UNKNOWN,
            f"{name} names a security configuration in {named.label!r} that is "
            f"{_outside(named)}, so its at-rest encryption cannot be checked.",
            (named,),
        )
        return
    yield _judged(name, named, configurations, ctx)


def _judged(
    name: str, named: Field, configurations: tuple[Resource, ...], ctx: Context
) -> Finding:
    statuses = {r.address: _status(r, ctx) for r in configurations}
    failing = [a for a, status in statuses.items() if status is Status.FAIL]
    unknown = [a for a, status in statuses.items() if status is Status.UNKNOWN]
    address = (failing or unknown or list(statuses))[0]
    uses = f"{name} uses security configuration {address!r} in {named.label!r}"

    if failing:
        return Finding(
            Status.FAIL,
            f"{uses}, which does not enable encryption at rest; name one that "
            "sets 'EnableAtRestEncryption' to true.",
            (named,),
            Fix((("security_configuration", _suggested(ctx)),), _NEW_CLUSTER),
        )
    if unknown:
        return Finding(
            Status.UNKNOWN,
            f"{uses}, whose at-rest encryption is known only after deployment.",
            (named,),
        )
    return Finding(Status.PASS, f"{uses}, which enables encryption at rest.", (named,))


def _status(configuration: Resource, ctx: Context) -> Status:
    view = View(configuration, configuration.properties, FIELDS)
    return next(check_configuration(view, ctx)).status


def _named(named: Field, ctx: Context) -> tuple[Resource, ...]:
    value = named.value
    if isinstance(value, Unknown):
        found = (r for ref in value.refs for r in ctx.find(ref))
        return tuple(r for r in found if r.type in CONFIGURATIONS)
    return tuple(
        resource
        for resource in ctx.document.resources
        if resource.type in CONFIGURATIONS
        and FIELDS.read(resource, resource.properties, "name").value == value
    )


def _suggested(ctx: Context) -> str:
    """The name of a configuration in the input that encrypts, if one has one."""
    for resource in ctx.document.resources:
        if resource.type not in CONFIGURATIONS:
            continue
        name = FIELDS.read(resource, resource.properties, "name").value
        if _status(resource, ctx) is Status.PASS and isinstance(name, str) and name:
            return name
    return _PLACEHOLDER


def _outside(named: Field) -> str:
    if isinstance(named.value, Unknown):
        return named.value.reason
    return f"not declared in this input ({named.value!r})"


RULES = (
    Rule(
        id="EMR001",
        control="EMR.3",
        title="Enable encryption at rest in EMR security configurations",
        description=(
            "A security configuration must set EnableAtRestEncryption to true; "
            "EMR assumes false when it is left out. In-transit settings do not "
            "count for this control."
        ),
        severity=Severity.MEDIUM,
        resource_types=CONFIGURATIONS,
        fields=FIELDS,
        check=check_configuration,
        source_url="https://docs.aws.amazon.com/securityhub/latest/userguide/emr-controls.html#emr-3",
    ),
    Rule(
        id="EMR002",
        control="EMR.3",
        title="Launch EMR clusters with a security configuration that encrypts at rest",
        description=(
            "A cluster is encrypted at rest only through the security "
            "configuration it names; with none, or one without at-rest "
            "encryption, its data is stored unencrypted. Security Hub judges "
            "the configurations; sealgate also follows each cluster to its own."
        ),
        severity=Severity.MEDIUM,
        resource_types=CLUSTERS,
        fields=FIELDS,
        check=check_cluster,
        source_url="https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-create-security-configuration.html",
    ),
)
