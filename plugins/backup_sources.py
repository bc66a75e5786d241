"""Whether the recovery points of one backup source will be encrypted.

Each source type's encryption setting and its AWS default, with where that
default is stated. Sources whose points use the vault key (EFS, S3) and
DynamoDB (always encrypted at rest) pass whatever they set.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sealgate.fields import Field
from sealgate.fields import Source
from sealgate.fields import Spot
from sealgate.fields import Update
from sealgate.fields import View
from sealgate.model import Unknown
from sealgate.rules import Status


def _encrypted(*path: str | int) -> Spot:
    # these sources cannot be encrypted in place: snapshot, copy encrypted, restore
    return Spot(tuple(path), Update.REPLACEMENT)


TABLE = {
    "AWS::EC2::Volume": {"encrypted": _encrypted("Encrypted")},
    "aws_ebs_volume": {"encrypted": _encrypted("encrypted")},
    "AWS::RDS::DBInstance": {
        "encrypted": _encrypted("StorageEncrypted"),
        "cluster": Spot(("DBClusterIdentifier",), Update.REPLACEMENT),
        "engine": Spot(("Engine",)),
    },
    "aws_db_instance": {
        "encrypted": _encrypted("storage_encrypted"),
        "cluster": Spot(("cluster_identifier",)),
        "engine": Spot(("engine",)),
    },
    "AWS::RDS::DBCluster": {
        "encrypted": _encrypted("StorageEncrypted"),
        "engine": Spot(("Engine",)),
        "engine_mode": Spot(("EngineMode",), Update.REPLACEMENT),
    },
    "aws_rds_cluster": {
        "encrypted": _encrypted("storage_encrypted"),
        "engine": Spot(("engine",)),
        "engine_mode": Spot(("engine_mode",)),
    },
    "AWS::DocDB::DBCluster": {"encrypted": _encrypted("StorageEncrypted")},
    "aws_docdb_cluster": {"encrypted": _encrypted("storage_encrypted")},
    "AWS::Neptune::DBCluster": {"encrypted": _encrypted("StorageEncrypted")},
    "aws_neptune_cluster": {"encrypted": _encrypted("storage_encrypted")},
    # ModifyCluster encrypts an existing cluster in place (a migration AWS runs)
    "AWS::Redshift::Cluster": {"encrypted": Spot(("Encrypted",))},
    "aws_redshift_cluster": {"encrypted": Spot(("encrypted",))},
    "AWS::DynamoDB::Table": {"encrypted": Spot(("SSESpecification", "SSEEnabled"))},
    "AWS::DynamoDB::GlobalTable": {
        "encrypted": Spot(("SSESpecification", "SSEEnabled"))
    },
    "aws_dynamodb_table": {"encrypted": Spot(("server_side_encryption", 0, "enabled"))},
    "AWS::EFS::FileSystem": {"encrypted": _encrypted("Encrypted")},
    "aws_efs_file_system": {"encrypted": Spot(("encrypted",))},
    "AWS::S3::Bucket": {"encrypted": Spot(("BucketEncryption",))},
    "aws_s3_bucket": {"encrypted": Spot(("server_side_encryption_configuration",))},
}


@dataclass(frozen=True, slots=True)
class Judgement:
    """What one source's recovery points will be, and the deciding field."""

    status: Status
    reason: str
    field: Field


Judge = Callable[[View, Field], Judgement]


def judge(view: View) -> Judgement:
    """The encryption of ``view``'s recovery points, from its own settings."""
    if view.type not in TABLE:
        return Judgement(
            Status.UNKNOWN,
            f"sealgate does not know how AWS Backup encrypts {view.type}",
            Field("encrypted", (), None, Source.UNKNOWN),
        )
    field = view["encrypted"]
    return _JUDGES.get(view.type, _flag)(view, field)


def _flag(view: View, field: Field) -> Judgement:
    """A boolean whose AWS default is off (EBS, RDS instance, DocumentDB...)."""
    if isinstance(field.value, Unknown):
        return Judgement(
            Status.UNKNOWN, f"{field.label!r} is {field.value.reason}", field
        )
    if field.value is True:
        return Judgement(Status.PASS, f"{field.label!r} is true", field)
    if field.absent:
        return Judgement(
            Status.FAIL,
            f"{field.label!r} is not set {_DEFAULT_OFF.get(view.type, '')}",
            field,
        )
    return Judgement(Status.FAIL, f"{field.label!r} is {_said(field)}", field)


def _said(field: Field) -> str:
    value = (
        str(field.value).lower() if isinstance(field.value, bool) else repr(field.value)
    )
    if field.source is Source.DEFAULT:
        return f"{value} by the provider's default"
    if field.source is Source.PRIOR_STATE:
        return f"{value} in the current state"
    return value


def _db_instance(view: View, field: Field) -> Judgement:
    cluster, engine = view["cluster"], view["engine"]
    if not cluster.absent or str(engine.value).startswith("aurora"):
        return Judgement(
            Status.UNKNOWN,
            "an Aurora instance is encrypted as its DB cluster is, which is "
            "judged when the cluster itself is selected",
            field,
        )
    return _flag(view, field)


def _db_cluster(view: View, field: Field) -> Judgement:
    engine, mode = view["engine"].value, view["engine_mode"].value
    if mode == "serverless":
        return Judgement(
            Status.PASS, "Aurora Serverless v1 clusters are always encrypted", field
        )
    if not field.absent or not isinstance(engine, str):
        if field.absent:
            return Judgement(
                Status.UNKNOWN,
                f"{field.label!r} is not set and the engine, which decides the "
                "default, is not known",
                field,
            )
        return _flag(view, field)
    if engine.startswith("aurora"):
        # Aurora user guide, "Encrypting Amazon Aurora resources": clusters
        # created on or after 18 February 2026 are encrypted by default
        return Judgement(
            Status.PASS,
            f"{field.label!r} is not set and Aurora encrypts new clusters with an "
            "AWS owned key by default since 18 February 2026",
            field,
        )
    return _flag(view, field)


def _redshift(view: View, field: Field) -> Judgement:
    if field.value is False and field.source is Source.EXPLICIT:
        return Judgement(
            Status.FAIL,
            f"{field.label!r} is false, which Redshift refuses for new clusters "
            "and which leaves an existing cluster unencrypted",
            field,
        )
    if field.value is False and field.source is Source.PRIOR_STATE:
        return _flag(view, field)
    if isinstance(field.value, Unknown):
        return _flag(view, field)
    # CreateCluster: "Default: true"; false makes the request fail (botocore
    # 1.43.11 redshift model), so a new cluster is always encrypted
    return Judgement(
        Status.PASS,
        f"{field.label!r} is {_said(field) if not field.absent else 'not set'} and "
        "Redshift encrypts every new cluster (CreateCluster default true)",
        field,
    )


def _always(reason: str) -> Judge:
    def judge(view: View, field: Field) -> Judgement:
        return Judgement(Status.PASS, reason, field)

    return judge


_VAULT_KEY = _always("AWS Backup encrypts its recovery points with the vault's key")
_DYNAMODB = _always(
    "DynamoDB encrypts every table at rest, with an AWS owned key by default"
)
_JUDGES: dict[str, Judge] = {
    "AWS::RDS::DBInstance": _db_instance,
    "aws_db_instance": _db_instance,
    "AWS::RDS::DBCluster": _db_cluster,
    "aws_rds_cluster": _db_cluster,
    "AWS::Redshift::Cluster": _redshift,
    "aws_redshift_cluster": _redshift,
    "AWS::DynamoDB::Table": _DYNAMODB,
    "AWS::DynamoDB::GlobalTable": _DYNAMODB,
    "aws_dynamodb_table": _DYNAMODB,
    "AWS::EFS::FileSystem": _VAULT_KEY,
    "aws_efs_file_system": _VAULT_KEY,
    "AWS::S3::Bucket": _VAULT_KEY,
    "aws_s3_bucket": _VAULT_KEY,
}

_EBS = (
    "and EBS volumes are unencrypted unless the account turns on EBS encryption "
    "by default, which is off unless set"
)
_RDS = "and RDS does not encrypt DB storage by default"
_DOCDB = "and DocumentDB clusters created through the API are unencrypted by default"
_NEPTUNE = "and AWS documents no default for Neptune, so sealgate assumes unencrypted"
_DEFAULT_OFF = {
    "AWS::EC2::Volume": _EBS,
    "aws_ebs_volume": _EBS,
    "AWS::RDS::DBInstance": _RDS,
    "aws_db_instance": _RDS,
    "AWS::RDS::DBCluster": _RDS,
    "aws_rds_cluster": _RDS,
    "AWS::DocDB::DBCluster": _DOCDB,
    "aws_docdb_cluster": _DOCDB,
    "AWS::Neptune::DBCluster": _NEPTUNE,
    "aws_neptune_cluster": _NEPTUNE,
}
