from __future__ import annotations

import json
import pathlib
from collections.abc import Callable
from typing import Any

import pytest

from sealgate import cli

ROOT = pathlib.Path(__file__).parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"


def shared_or_skip(name: str) -> pathlib.Path:
    """A folder of ../shared, or a skip saying why it is missing."""
    path = SHARED / name
    if not path.is_dir():
        pytest.skip(f"../shared/{name} is not beside this clone (contributor checkout)")
    return path


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Call ``main`` and return (exit code, stdout, stderr)."""

    def call(*argv: str) -> tuple[int, str, str]:
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return call


@pytest.fixture
def run_json(run: Run) -> Callable[..., tuple[int, dict[str, Any]]]:
    """Check paths with the JSON format; return (exit code, parsed report)."""

    def call(*argv: str) -> tuple[int, dict[str, Any]]:
        code, out, _ = run("check", "--format", "json", *argv)
        return code, json.loads(out)

    return call


def judge_one(resource_type: str, properties: dict[str, Any], **options: Any) -> Any:
    """Judge one CloudFormation resource built in the test; the verdicts by rule."""
    from sealgate import engine
    from sealgate import registry
    from sealgate.model import Document
    from sealgate.model import Format
    from sealgate.model import Origin
    from sealgate.model import Resource
    from sealgate.options import Options

    origin = Origin(Format.CFN_YAML, "test.yaml", 1, "Subject")
    resource = Resource(origin, resource_type, properties)
    document = Document("test.yaml", Format.CFN_YAML, (resource,))
    verdicts = engine.judge(document, registry.load(), Options(**options))
    return {v.rule.id: v for v in verdicts}


MIXED = """\
Parameters:
  SseSetting:
    Type: String
Resources:
  OpenQueue:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: false
  MaybeQueue:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: !Ref SseSetting
  PublicQueue:
    Type: AWS::SQS::Queue
    Metadata:
      sealgate:
        ignore:
          - {rule: SQS.1, reason: "public prices, 100% public"}
    Properties:
      SqsManagedSseEnabled: false
  DefaultQueue:
    Type: AWS::SQS::Queue
"""
"""A failure, an unknown, a suppressed failure and a pass, in that order."""


@pytest.fixture
def mixed(tmp_path, monkeypatch) -> str:
    """A working folder holding ``mixed.yaml`` (MIXED) and ``broken.yaml``."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mixed.yaml").write_text(MIXED)
    (tmp_path / "broken.yaml").write_text("Resources:\n  Q: [\n")
    return "mixed.yaml"


def known_gap(reason: str) -> pytest.MarkDecorator:
    """A known miss: a strict xfail that turns red the day the gap closes."""
    return pytest.mark.xfail(strict=True, reason=reason)
