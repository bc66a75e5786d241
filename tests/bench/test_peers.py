from __future__ import annotations

import pathlib

from bench import peers

TEMPLATES = peers.Target(("estate",), ("estate/a.yaml",), ("cloudformation",))
PLAN = peers.Target(("plan.json",), (), ("terraform_plan",))


def test_peers_sealgate_command() -> None:
    tool = peers.Tool("sealgate", "/bin/sealgate")

    assert tool.command(PLAN) == ["/bin/sealgate", "check", "plan.json"]


def test_peers_checkov_runs_only_comparable_checks(tmp_path: pathlib.Path) -> None:
    folder = peers.Target((str(tmp_path),), (), ("cloudformation", "terraform_plan"))
    tool = peers.Tool("checkov", "/bin/checkov")

    assert tool.command(folder) == [
        "/bin/checkov",
        "-d",
        str(tmp_path),
        "--framework",
        "cloudformation",
        "terraform_plan",
        "--check",
        "CKV_AWS_27,CKV_AWS_43,CKV_AWS_5,CKV_AWS_6,CKV_AWS_166,CKV_AWS_349,"
        "CKV_AWS_350,CKV_AWS_308",
        "--skip-download",
        "--quiet",
        "--compact",
    ]


def test_peers_cfn_lint_gets_templates_and_skips_plans() -> None:
    tool = peers.Tool("cfn-lint", "/bin/cfn-lint")

    assert tool.command(TEMPLATES) == ["/bin/cfn-lint", "--", "estate/a.yaml"]
    assert tool.command(PLAN) is None
