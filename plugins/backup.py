"""AWS Backup: recovery points encrypted at rest (Backup.1).

For EBS, RDS, Aurora, DocumentDB, Neptune, Redshift and DynamoDB without
advanced backup, a recovery point keeps the encryption of its source, whatever
key the vault has (AWS Backup developer guide, "Encryption for backups").
So a backup selection is judged by the sources it picks from the same input,
and a vault passes: AWS Backup always encrypts it, with its own key when none
is given.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sealgate.fields import Field
from sealgate.fields import FieldTable
from sealgate.fields import Spot
from sealgate.fields import Update
from sealgate.fields import View
from sealgate.model import ABSENT
from sealgate.model import Resource
from sealgate.model import Unknown
from sealgate.model import Value
from sealgate.plugins import backup_sources
from sealgate.plugins.backup_sources import Judgement
from sealgate.rules import Context
from sealgate.rules import Finding
from sealgate.rules import Fix
from sealgate.rules import Rule
from sealgate.rules import Severity
from sealgate.rules import Status

_SELECTIONS = {
    "AWS::Backup::BackupSelection": {
        "resources": Spot(("BackupSelection", "Resources"), Update.REPLACEMENT),
        "tags": Spot(("BackupSelection", "ListOfTags"), Update.REPLACEMENT),
        "conditions": Spot(("BackupSelection", "Conditions"), Update.REPLACEMENT),
    },
    "aws_backup_selection": {
        "resources": Spot(("resources",)),
        "tags": Spot(("selection_tag",)),
        "conditions": Spot(("condition",)),
    },
}
_VAULTS = {
    "AWS::Backup::BackupVault": {
        "kms_key": Spot(("EncryptionKeyArn",), Update.REPLACEMENT)
    },
    "aws_backup_vault": {"kms_key": Spot(("kms_key_arn",), Update.REPLACEMENT)},
}
JUDGED = frozenset(_SELECTIONS) | frozenset(_VAULTS)
FIELDS = FieldTable({**_SELECTIONS, **_VAULTS, **backup_sources.TABLE})

_NOTE = (
    "Encrypting the source means recreating it: copy a snapshot with encryption "
    "and restore from it (a new volume or cluster), then move clients over. "
    "Forward-only: recovery points already taken stay unencrypted until their "
    "lifecycle deletes them."
)


@dataclass(frozen=True, slots=True)
class _Source:
    """One selected source and what its recovery points will be."""

    resource: Resource
    judgement: Judgement


def check_recovery_points(view: View, ctx: Context) -> Iterator[Finding]:
    """Backup.1: every selected source gives encrypted recovery points."""
    if "kms_key" in FIELDS.names(view.type):
        yield _judge_vault(view)
        return
    resources, tags, conditions = (
        view["resources"],
        view["tags"],
        view["conditions"],
    )
    name = f"{view.type} {view.address!r}"
    if isinstance(resources.value, Unknown):
        yield _unknown_list(name, resources, ctx)
        return
    items = resources.value if isinstance(resources.value, list) else []
    sources, unresolved = _resolve(items, ctx)
    yield _decide(name, resources, sources, unresolved, _by_tag(tags, conditions))


def _decide(
    name: str,
    resources: Field,
    sources: list[_Source],
    unresolved: list[str],
    by_tag: str | None,
) -> Finding:
    failing = [s for s in sources if s.judgement.status is Status.FAIL]
    unknown = [s for s in sources if s.judgement.status is Status.UNKNOWN]
    if failing:
        said = "; ".join(
            f"{s.resource.type} {s.resource.address!r} ({s.judgement.reason})"
            for s in failing
        )
        first = failing[0]
        return Finding(
            Status.FAIL,
            f"{name} backs up unencrypted sources, whose recovery points stay "
            f"unencrypted whatever the vault key: {said}; encrypt each source, "
            "which means recreating it.",
            (resources, *(s.judgement.field for s in failing)),
            Fix((("encrypted", True),), _NOTE, first.resource),
        )
    doubts = [f"{s.resource.address} ({s.judgement.reason})" for s in unknown]
    doubts += unresolved
    if by_tag:
        doubts.append(by_tag)
    if doubts:
        return Finding(
            Status.UNKNOWN,
            f"{name} cannot be judged before deployment: {'; '.join(doubts)}.",
            (resources,),
        )
    if not sources:
        return Finding(
            Status.PASS, f"{name} selects no resources, so it makes no recovery points."
        )
    said = "; ".join(f"{s.resource.address} ({s.judgement.reason})" for s in sources)
    return Finding(
        Status.PASS,
        f"{name} backs up only sources whose recovery points are encrypted: {said}.",
        (resources,),
    )


def _judge_vault(view: View) -> Finding:
    key = view["kms_key"]
    name = f"{view.type} {view.address!r}"
    if key.absent:
        said = (
            f"{key.label!r} is not set, so AWS Backup encrypts it with the AWS "
            "managed key aws/backup"
        )
    else:
        said = f"it is encrypted with the key in {key.label!r}"
    return Finding(
        Status.PASS,
        f"{name} holds encrypted recovery points: {said}; EBS, RDS and similar "
        "points keep their source's encryption and are judged on the selections.",
        (key,),
    )


def _resolve(items: list[Value], ctx: Context) -> tuple[list[_Source], list[str]]:
    sources: list[_Source] = []
    unresolved: list[str] = []
    for item in items:
        found, doubt = _lookup(item, ctx)
        if doubt:
            unresolved.append(doubt)
        for resource in found:
            view = View(resource, resource.properties, FIELDS)
            sources.append(_Source(resource, backup_sources.judge(view)))
    return sources, unresolved


def _lookup(item: Value, ctx: Context) -> tuple[tuple[Resource, ...], str | None]:
    if isinstance(item, Unknown):
        found = tuple(r for ref in item.refs for r in ctx.find(ref))
        if found:
            return found, None
        return (), f"a selected ARN is {item.reason}"
    if not isinstance(item, str):
        return (), f"the selected resource {item!r} is not an ARN"
    if "*" in item:
        return (), f"{item!r} selects resources by wildcard, which only AWS resolves"
    owners = tuple(r for r in ctx.document.resources if r.properties.get("arn") == item)
    if owners:
        return owners, None
    return (), f"{item!r} names a resource outside this input"


def _unknown_list(name: str, resources: Field, ctx: Context) -> Finding:
    value = resources.value
    assert isinstance(value, Unknown)  # the caller checked
    said = f"{resources.label!r} is {value.reason}"
    sources = [r for ref in value.refs for r in ctx.find(ref)]
    failing = [
        r
        for r in sources
        if backup_sources.judge(View(r, r.properties, FIELDS)).status is Status.FAIL
    ]
    if failing:
        names = ", ".join(r.address for r in failing)
        said += f", and it derives from {names}, which is planned unencrypted"
    return Finding(
        Status.UNKNOWN,
        f"{name} cannot be judged before deployment: which resources it selects "
        f"is not known yet ({said}).",
        (resources,),
    )


def _by_tag(tags: Field, conditions: Field) -> str | None:
    chosen = [f for f in (tags, conditions) if _selects(f.value)]
    if not chosen:
        return None
    labels = " and ".join(repr(f.label) for f in chosen)
    verb = "select" if len(chosen) > 1 else "selects"
    return f"{labels} {verb} resources by tag, which only AWS resolves at backup time"


def _selects(value: object) -> bool:
    if value is ABSENT:
        return False
    if isinstance(value, Unknown):
        return True
    if isinstance(value, list):
        return any(_selects(item) for item in value)
    if isinstance(value, dict):
        return any(_selects(item) for item in value.values())
    return value not in (None, "", False)


RULES = (
    Rule(
        id="BACKUP001",
        control="Backup.1",
        title="Back up only sources whose recovery points are encrypted",
        description=(
            "Recovery points of EBS, RDS, Aurora, DocumentDB, Neptune, Redshift "
            "and DynamoDB keep their source's encryption, so a backup selection "
            "fails when it picks up an unencrypted source, whatever the vault key."
        ),
        severity=Severity.MEDIUM,
        resource_types=JUDGED,
        fields=FIELDS,
        check=check_recovery_points,
        source_url="https://docs.aws.amazon.com/securityhub/latest/userguide/backup-controls.html#backup-1",
    ),
)
