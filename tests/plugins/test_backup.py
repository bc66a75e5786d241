from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import FIXTURES

CFN = str(FIXTURES / "cfn" / "backup" / "selections.yaml")
PLAN = str(FIXTURES / "tfplan" / "backup" / "sources" / "plan.json")

CFN_VERDICTS = [
    (
        "Vault",
        "pass",
        (
            "AWS::Backup::BackupVault 'Vault' holds encrypted recovery points: "
            "'EncryptionKeyArn' is not set, so AWS Backup encrypts it with the AWS "
            "managed key aws/backup; EBS, RDS and similar points keep their source's "
            "encryption and are judged on the selections."
        ),
    ),
    (
        "Unsealed",
        "fail",
        (
            "AWS::Backup::BackupSelection 'Unsealed' backs up unencrypted sources, "
            "whose "
            "recovery points stay unencrypted whatever the vault key: AWS::EC2::Volume "
            "'PlainVolume' ('Encrypted' is not set and EBS volumes are unencrypted "
            "unless"
            " the account turns on EBS encryption by default, which is off unless "
            "set); "
            "AWS::RDS::DBInstance 'Database' ('StorageEncrypted' is false); encrypt "
            "each "
            "source, which means recreating it."
        ),
    ),
    (
        "Sealed",
        "pass",
        (
            "AWS::Backup::BackupSelection 'Sealed' backs up only sources whose "
            "recovery "
            "points are encrypted: SealedVolume ('Encrypted' is true); Aurora "
            "('StorageEncrypted' is not set and Aurora encrypts new clusters with an "
            "AWS "
            "owned key by default since 18 February 2026); Warehouse ('Encrypted' is "
            "not "
            "set and Redshift encrypts every new cluster (CreateCluster default "
            "true)); "
            "Orders (DynamoDB encrypts every table at rest, with an AWS owned key by "
            "default)."
        ),
    ),
    (
        "Tagged",
        "unknown",
        (
            "AWS::Backup::BackupSelection 'Tagged' cannot be judged before deployment: "
            "'BackupSelection.ListOfTags' selects resources by tag, which only AWS "
            "resolves at backup time."
        ),
    ),
    (
        "Everything",
        "unknown",
        (
            "AWS::Backup::BackupSelection 'Everything' cannot be judged before "
            "deployment: 'arn:aws:ec2:*:*:volume/*' selects resources by wildcard, "
            "which "
            "only AWS resolves."
        ),
    ),
]

PLAN_VERDICTS = [
    (
        "aws_backup_selection.by_arn",
        "unknown",
        (
            "aws_backup_selection 'aws_backup_selection.by_arn' cannot be judged "
            "before "
            "deployment: "
            "'arn:aws:ec2:us-east-1:111122223333:volume/vol-0123456789abcdef0' names a "
            "resource outside this input."
        ),
    ),
    (
        "aws_backup_selection.by_tag",
        "unknown",
        (
            "aws_backup_selection 'aws_backup_selection.by_tag' cannot be judged "
            "before "
            "deployment: 'selection_tag' selects resources by tag, which only AWS "
            "resolves at backup time."
        ),
    ),
    (
        "aws_backup_selection.databases",
        "unknown",
        (
            "aws_backup_selection 'aws_backup_selection.databases' cannot be judged "
            "before deployment: which resources it selects is not known yet "
            "('resources' is known only after apply (from aws_db_instance.ledger, "
            "aws_redshift_cluster.warehouse), and it derives from "
            "aws_db_instance.ledger,"
            " which is planned unencrypted)."
        ),
    ),
    (
        "aws_backup_vault.nightly",
        "pass",
        (
            "aws_backup_vault 'aws_backup_vault.nightly' holds encrypted recovery "
            "points:"
            " 'kms_key_arn' is not set, so AWS Backup encrypts it with the AWS managed "
            "key aws/backup; EBS, RDS and similar points keep their source's "
            "encryption "
            "and are judged on the selections."
        ),
    ),
]

RunJson = Callable[..., tuple[int, dict[str, Any]]]


def _verdicts(run_json: RunJson, path: str) -> dict[str, tuple[str, str]]:
    _, report = run_json(path)
    return {r["resource"]: (r["verdict"], r["message"]) for r in report["results"]}


@pytest.mark.parametrize(("resource", "verdict", "message"), CFN_VERDICTS)
def test_backup_cfn_selection_verdict(
    run_json: RunJson, resource: str, verdict: str, message: str
) -> None:
    assert _verdicts(run_json, CFN)[resource] == (verdict, message)


@pytest.mark.parametrize(("resource", "verdict", "message"), PLAN_VERDICTS)
def test_backup_plan_selection_verdict(
    run_json: RunJson, resource: str, verdict: str, message: str
) -> None:
    assert _verdicts(run_json, PLAN)[resource] == (verdict, message)


def test_backup_cfn_only_vaults_and_selections_are_judged(run_json: RunJson) -> None:
    judged = set(_verdicts(run_json, CFN))
    assert judged == {"Vault", "Unsealed", "Sealed", "Tagged", "Everything"}


def test_backup_fix_replaces_the_unencrypted_source(run_json: RunJson) -> None:
    _, report = run_json(CFN)
    (failing,) = [r for r in report["results"] if r["verdict"] == "fail"]
    assert failing["fix"]["kind"] == "replacement"
    assert failing["fix"]["target"] == "PlainVolume"
    assert failing["fix"]["snippet"] == (
        "Resources:\n  PlainVolume:\n    Properties:\n      Encrypted: true\n"
    )
    assert "Forward-only" in failing["fix"]["note"]


def test_backup_text_report_names_the_resource_to_replace(run: Any) -> None:
    code, out, _ = run("check", CFN)
    assert code == 1
    assert (
        "    fix (replacement of PlainVolume): Encrypting the source means "
        "recreating it: copy a snapshot with encryption and restore from it (a new "
        "volume or cluster), then move clients over. Forward-only: recovery points "
        "already taken stay unencrypted until their lifecycle deletes them.\n"
    ) in out
