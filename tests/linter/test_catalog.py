from __future__ import annotations

import json
from typing import Any

from sealgate import catalog
from sealgate import registry
from tests.conftest import ROOT


def test_catalog_readme_matches_registry() -> None:
    readme = (ROOT / "README.md").read_text()
    assert catalog.readme_section(readme, registry.load()) == readme, (
        "README's rule table drifted from the registry: run "
        "`python scripts/gen_rules_table.py`"
    )


def test_catalog_readme_section_replaces_only_between_markers() -> None:
    readme = "intro\n<!-- rules:start -->\nstale\n<!-- rules:end -->\noutro\n"
    updated = catalog.readme_section(readme, registry.load())
    assert updated.startswith("intro\n<!-- rules:start -->\n| rule | control |")
    assert updated.endswith("|\n<!-- rules:end -->\noutro\n")
    assert "stale" not in updated


def test_cli_rules_json_lists_every_rule(run: Any) -> None:
    code, out, err = run("rules", "--format", "json")
    listed = json.loads(out)
    assert (code, err) == (0, "")
    assert [r["id"] for r in listed] == [r.id for r in registry.load().rules]
    sqs = next(r for r in listed if r["id"] == "SQS002")
    assert sqs == {
        "id": "SQS002",
        "control": "SQS.KmsDataKeyReuse",
        "title": "Reuse SQS KMS data keys for at least the policy minimum",
        "description": (
            "An SSE-KMS queue must set a data key reuse period SQS accepts "
            "(60-86400 seconds) and not below the policy minimum (300 seconds "
            "unless configured). Short periods multiply KMS requests and cost; "
            "the estimate follows AWS's formula R = B / D * (2P + C)."
        ),
        "severity": "low",
        "resource_types": ["AWS::SQS::Queue", "aws_sqs_queue"],
        "documentation": "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/"
        "SQSDeveloperGuide/sqs-key-management.html#sqs-estimate-kms-usage-costs",
        "experimental": False,
    }


def test_cli_rules_text_rows(run: Any) -> None:
    code, out, _ = run("rules")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == ["ID", "CONTROL", "SEVERITY", "TITLE"]
    row = next(i for i, line in enumerate(lines) if line.startswith("SQS001 "))
    assert lines[row].split(None, 3) == [
        "SQS001",
        "SQS.1",
        "medium",
        "Encrypt SQS queues at rest",
    ]
    assert lines[row + 1 : row + 3] == [
        "    types: AWS::SQS::Queue, aws_sqs_queue",
        "    docs:  https://docs.aws.amazon.com/securityhub/latest/userguide/"
        "sqs-controls.html#sqs-1",
    ]
