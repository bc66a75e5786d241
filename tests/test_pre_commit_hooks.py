"""The hooks in .pre-commit-hooks.yaml, run by the real pre-commit framework.

``pre-commit try-repo`` installs this checkout into its own environment and
runs a hook on the files named, exactly as a user's commit would. It is slow
(an install per run), so the runs are few and each checks several things.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import FIXTURES
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("pre_commit") is None or not (ROOT / ".git").exists(),
    reason="needs pre-commit (the test extra) and a git checkout of sealgate",
)

PASSING = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n"
FAILING = (
    "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n"
    "    Properties:\n      SqsManagedSseEnabled: false\n"
)


def _pre_commit(*args: str, cwd, home) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "NO_COLOR": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def repository(tmp_path_factory):
    """A git repository with a failing and a passing file of each kind."""
    repo = tmp_path_factory.mktemp("repo")
    (repo / "good.yaml").write_text(PASSING)
    (repo / "bad.yaml").write_text(FAILING)
    (repo / "good").mkdir()
    shutil.copy(FIXTURES / "tfplan/sqs/modules/plan.json", repo / "good/plan.json")
    shutil.copy(FIXTURES / "tfplan/sqs/defaults/plan.json", repo / "bad.plan.json")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    return repo


def test_pre_commit_hooks_manifest_is_valid(tmp_path) -> None:
    result = _pre_commit(
        "validate-manifest",
        str(ROOT / ".pre-commit-hooks.yaml"),
        cwd=ROOT,
        home=tmp_path,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_pre_commit_hooks_pass_on_passing_files(repository, tmp_path) -> None:
    result = _pre_commit(
        "try-repo",
        str(ROOT),
        "--files",
        "good.yaml",
        "good/plan.json",
        cwd=repository,
        home=tmp_path,
    )
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    assert [line for line in lines if line.startswith("sealgate")] == [
        "sealgate (CloudFormation)".ljust(73, ".") + "Passed",
        "sealgate (Terraform)".ljust(73, ".") + "Passed",
    ]


def test_pre_commit_hooks_fail_on_failing_files(repository, tmp_path) -> None:
    result = _pre_commit(
        "try-repo",
        str(ROOT),
        "--files",
        "good.yaml",
        "bad.yaml",
        "bad.plan.json",
        cwd=repository,
        home=tmp_path,
    )
    out = result.stdout
    assert result.returncode == 1, out + result.stderr
    assert [line for line in out.splitlines() if line.startswith("sealgate")] == [
        "sealgate (CloudFormation)".ljust(73, ".") + "Failed",
        "sealgate (Terraform)".ljust(73, ".") + "Failed",
    ]
    # only the files in the commit are read: two templates, then one plan
    assert "2 file(s) checked: 1 failed, 0 unknown, 1 passed, 0 error(s)." in out
    # the plan: one queue fails SQS.1, three pass it, two pass the reuse check
    assert "1 file(s) checked: 1 failed, 0 unknown, 5 passed, 0 error(s)." in out
    assert "  2: FAIL SQS.1 [SQS001] AWS::SQS::Queue 'Queue' stores messages" in out
    assert "  -: FAIL SQS.1 [SQS001] aws_sqs_queue 'aws_sqs_queue.exports'" in out
