from __future__ import annotations

import os
import pathlib
import shutil
import sys

import pytest

from tests.conftest import FIXTURES
from tests.conftest import ROOT
from tests.conftest import SHARED

BIN = pathlib.Path(sys.executable).parent
CASES = SHARED / "cases"


def tool_env() -> dict[str, str]:
    """The environment for a real checkov or cfn-lint run: offline, no colour."""
    env = dict(os.environ)
    # checkov otherwise asks a web service for guideline ids before every run
    env.update({"BC_SKIP_MAPPING": "TRUE", "NO_COLOR": "1", "LOG_LEVEL": "ERROR"})
    return env


def templates() -> list[pathlib.Path]:
    """Every CloudFormation fixture, example and case template."""
    found = [
        *sorted(FIXTURES.glob("cfn/*/*.yaml")),
        *sorted(FIXTURES.glob("cfn/*/*.json")),
        *sorted((ROOT / "examples").glob("*.yaml")),
    ]
    for pattern in ("*/template*.yaml", "*/template*.json"):
        found += sorted(CASES.glob(pattern))
    return found


def copy_inputs(target: pathlib.Path) -> pathlib.Path:
    """Copy every fixture, example and case input under ``target``, one folder each.

    One folder tree lets one checkov run read all of them. Each Terraform
    folder keeps its configuration and plan; ``before.tf`` (the prior state a
    fixture's plan was made from) stays behind, or HCL would hold two copies.
    """
    sources = {
        "examples": ROOT / "examples",
        **{f"cfn-{p.name}": p for p in sorted(FIXTURES.glob("cfn/*"))},
        **{f"tfplan-{p.parent.name}-{p.name}": p for p in FIXTURES.glob("tfplan/*/*")},
    }
    if CASES.is_dir():
        sources.update({p.name: p for p in sorted(CASES.iterdir()) if p.is_dir()})
    for name, source in sorted(sources.items()):
        shutil.copytree(
            source, target / name, ignore=shutil.ignore_patterns("before.tf")
        )
    return target


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    """Run from the clone's root, as the tools and relative paths expect."""
    monkeypatch.chdir(ROOT)
    return ROOT
