"""Terraform plans that destroy a data-holding resource to change its encryption."""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from sealgate.fields import Field
from sealgate.fields import FieldTable
from sealgate.fields import Spot
from sealgate.fields import Update
from sealgate.fields import View
from sealgate.fields import label
from sealgate.model import ABSENT
from sealgate.model import Absent
from sealgate.model import Action
from sealgate.model import Path
from sealgate.model import Unknown
from sealgate.model import Value
from sealgate.model import lookup
from sealgate.rules import Context
from sealgate.rules import Finding
from sealgate.rules import Rule
from sealgate.rules import Severity
from sealgate.rules import Status

_R = Update.REPLACEMENT
_DOMAIN = {
    "encrypt_at_rest": Spot(("encrypt_at_rest",), _R),
    "node_to_node": Spot(("node_to_node_encryption",), _R),
}
_DATABASE = {
    "storage_encrypted": Spot(("storage_encrypted",), _R),
    "kms_key": Spot(("kms_key_id",), _R),
}
_DISK = {
    "encrypted": Spot(("encrypted",), _R),
    "kms_key": Spot(("kms_key_id",), _R),
}

# the encryption arguments of each data-holding Terraform type; the plan's
# replace_paths say which of them forced the replacement (controls.md, 4)
FIELDS = FieldTable(
    {
        "aws_sqs_queue": {
            "kms_key": Spot(("kms_master_key_id",), _R),
            "sse_sqs": Spot(("sqs_managed_sse_enabled",), _R),
        },
        "aws_kinesis_stream": {
            "encryption_type": Spot(("encryption_type",), _R),
            "kms_key": Spot(("kms_key_id",), _R),
        },
        "aws_elasticsearch_domain": _DOMAIN,
        "aws_opensearch_domain": _DOMAIN,
        "aws_backup_vault": {"kms_key": Spot(("kms_key_arn",), _R)},
        "aws_emr_cluster": {
            "security_configuration": Spot(("security_configuration",), _R)
        },
        "aws_db_instance": _DATABASE,
        "aws_rds_cluster": _DATABASE,
        "aws_ebs_volume": _DISK,
        "aws_efs_file_system": _DISK,
    }
)

_DATABASE_MOVE = (
    "copy a snapshot with the new encryption, restore it into a new database "
    "and move clients to it before the old one is deleted"
)
_DISK_MOVE = (
    "snapshot the volume, copy the snapshot with the new encryption, create a "
    "volume from it and attach it in place of the old one"
)
MIGRATIONS: Mapping[str, str] = {
    "aws_sqs_queue": (
        "create the new queue beside the old one, move producers to it and let "
        "consumers drain the old queue before it is deleted"
    ),
    "aws_kinesis_stream": (
        "create the new stream beside the old one, move producers to it and keep "
        "the old stream until consumers have read every record"
    ),
    "aws_elasticsearch_domain": (
        "take a manual snapshot, restore it (or reindex) into a new domain and "
        "move clients to it before the old domain is deleted"
    ),
    "aws_opensearch_domain": (
        "take a manual snapshot, restore it (or reindex) into a new domain and "
        "move clients to it before the old domain is deleted"
    ),
    "aws_backup_vault": (
        "create a new vault with the new key, copy the recovery points you keep "
        "into it and point backup plans at it; a vault that still holds recovery "
        "points cannot be deleted"
    ),
    "aws_emr_cluster": (
        "launch a new cluster with the new security configuration, move the "
        "workloads and any HDFS data to it, then terminate the old one"
    ),
    "aws_db_instance": _DATABASE_MOVE,
    "aws_rds_cluster": _DATABASE_MOVE,
    "aws_ebs_volume": _DISK_MOVE,
    "aws_efs_file_system": (
        "create the new file system, copy the data across (AWS DataSync) and "
        "move the mounts before the old one is deleted"
    ),
}


def _touches(replaced: Path, attribute: Path) -> bool:
    shorter = min(len(replaced), len(attribute))
    return replaced[:shorter] == attribute[:shorter]


def check_replacement(view: View, ctx: Context) -> Iterator[Finding]:
    """Plan.Replacement: no destroy-and-recreate because of encryption."""
    plan = view.resource.plan
    if plan is None or plan.action is not Action.REPLACE:
        return  # an in-place change keeps the data: nothing to say
    touched = [
        view[name]
        for name in sorted(view.table.names(view.type))
        if any(_touches(path, view[name].path) for path in plan.replace_paths)
    ]
    if not touched:
        return
    changes = ", ".join(_change(field, plan.before) for field in touched)
    migration = MIGRATIONS[view.type]
    yield Finding(
        Status.FAIL,
        f"{view.type} {view.address!r} is deleted and recreated by this plan, "
        f"losing the data it holds, because {changes} forces replacement; "
        f"before applying, {migration}.",
        tuple(touched),
        details={
            "replace_paths": [label(path) for path in plan.replace_paths],
            "migration": migration,
        },
    )


def _change(field: Field, before: Mapping[str, Value] | None) -> str:
    old = lookup(before, field.path) if before is not None else ABSENT
    return f"{field.label!r} ({_shown(old)} to {_shown(field.value)})"


def _shown(value: Value | Absent) -> str:
    if value is ABSENT:
        return "unset"
    if isinstance(value, Unknown):
        return f"a value {value.reason}"
    return repr(value)


RULES = (
    Rule(
        id="PLAN001",
        control="Plan.Replacement",
        title="Do not let a plan destroy a data-holding resource to change encryption",
        description=(
            "A Terraform plan that deletes and recreates a queue, stream, domain, "
            "backup vault, cluster, database or disk because an encryption "
            "argument changed loses the data it holds. Migrate the data to a new "
            "resource first; an in-place change gives no result."
        ),
        severity=Severity.HIGH,
        resource_types=FIELDS.resource_types,
        fields=FIELDS,
        check=check_replacement,
        source_url="https://developer.hashicorp.com/terraform/internals/json-format#change-representation",
    ),
)
