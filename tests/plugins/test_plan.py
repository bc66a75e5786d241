from __future__ import annotations

from typing import Any

from sealgate.fields import View
from sealgate.model import Action
from sealgate.model import Document
from sealgate.model import Format
from sealgate.model import Origin
from sealgate.model import PlanChange
from sealgate.model import Resource
from sealgate.plugins.plan import FIELDS
from sealgate.plugins.plan import check_replacement
from sealgate.rules import Context
from tests.conftest import FIXTURES

REKEY = str(FIXTURES / "tfplan" / "plan" / "backup-vault-rekey" / "plan.json")
RENAME = str(FIXTURES / "tfplan" / "sqs" / "replace" / "plan.json")
IN_PLACE = str(FIXTURES / "tfplan" / "sqs" / "existing-sse-off" / "plan.json")


def _results(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["resource"]: r for r in report["results"] if r["rule"] == "PLAN001"}


def test_check_replacement_vault_rekey_fails(run_json: Any) -> None:
    _, report = run_json(REKEY)
    result = _results(report)["aws_backup_vault.archive"]
    assert (result["verdict"], result["plan_action"]) == ("fail", "replace")
    assert result["message"] == (
        "aws_backup_vault 'aws_backup_vault.archive' is deleted and recreated by "
        "this plan, losing the data it holds, because 'kms_key_arn' "
        "('arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-"
        "555555555555' to 'arn:aws:kms:us-east-1:111122223333:key/aaaaaaaa-bbbb-"
        "cccc-dddd-eeeeeeeeeeee') forces replacement; before applying, create a "
        "new vault with the new key, copy the recovery points you keep into it and "
        "point backup plans at it; a vault that still holds recovery points cannot "
        "be deleted."
    )
    assert result["details"] == {
        "migration": "create a new vault with the new key, copy the recovery "
        "points you keep into it and point backup plans at it; a vault that still "
        "holds recovery points cannot be deleted",
        "replace_paths": ["kms_key_arn"],
    }


def test_check_replacement_in_place_update_is_silent(run_json: Any) -> None:
    _, report = run_json(REKEY)
    assert sorted(_results(report)) == ["aws_backup_vault.archive"]


def test_check_replacement_not_for_encryption_is_silent(run_json: Any) -> None:
    _, report = run_json(RENAME)
    assert _results(report) == {}


def test_check_replacement_in_place_enable_is_silent(run_json: Any) -> None:
    _, report = run_json(IN_PLACE)
    assert _results(report) == {}


def _replaced(paths: tuple[tuple[str | int, ...], ...], after: dict[str, Any]) -> Any:
    before = {"encrypt_at_rest": [{"enabled": True, "kms_key_id": "k1"}]}
    origin = Origin(Format.TF_PLAN, "plan.json", None, "aws_opensearch_domain.logs")
    plan = PlanChange(Action.REPLACE, before, paths)
    resource = Resource(origin, "aws_opensearch_domain", after, plan)
    ctx = Context.of(Document("plan.json", Format.TF_PLAN, (resource,)))
    return list(check_replacement(View(resource, after, FIELDS), ctx))


def test_check_replacement_nested_path_under_an_encryption_block() -> None:
    after = {"encrypt_at_rest": [{"enabled": False}]}
    (finding,) = _replaced((("encrypt_at_rest", 0, "enabled"),), after)
    assert finding.message == (
        "aws_opensearch_domain 'aws_opensearch_domain.logs' is deleted and "
        "recreated by this plan, losing the data it holds, because "
        "'encrypt_at_rest' ([{'enabled': True, 'kms_key_id': 'k1'}] to "
        "[{'enabled': False}]) forces replacement; before applying, take a manual "
        "snapshot, restore it (or reindex) into a new domain and move clients to it "
        "before the old domain is deleted."
    )
    assert finding.details["replace_paths"] == ["encrypt_at_rest[0].enabled"]


def test_check_replacement_other_paths_are_silent() -> None:
    assert _replaced((("domain_name",),), {"domain_name": "logs-v2"}) == []
