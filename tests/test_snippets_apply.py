"""Every failing verdict's snippet, merged into its input, makes the rule pass.

CloudFormation snippets are merged into the fixture (mappings deep-merged,
lists replaced whole) and the result is checked again. Plan snippets are HCL,
which sealgate cannot apply yet; they must name the resource and every
changed argument.
"""

from __future__ import annotations

import copy
import json
import pathlib
import re
from typing import Any

import pytest
import yaml

from sealgate import registry
from sealgate.engine import Verdict
from sealgate.parsers import cfn_yaml
from sealgate.parsers.coercion import json_documents
from sealgate.rules import Status
from sealgate.scan import scan
from tests.conftest import FIXTURES

REGISTRY = registry.load()


def _failures(folder: pathlib.Path) -> list[Any]:
    report = scan([str(folder)], REGISTRY)
    return [
        pytest.param(
            v,
            id=f"{pathlib.Path(v.resource.origin.file).name}:"
            f"{v.resource.address}:{v.rule.id}",
        )
        for v in report.verdicts
        if v.status is Status.FAIL and v.remedy is not None
    ]


def merge(base: Any, patch: Any) -> Any:
    """``patch`` over ``base``: mappings merged key by key, anything else replaced."""
    if not isinstance(base, dict) or not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = dict(base)
    for key, value in patch.items():
        out[key] = merge(base.get(key), value)
    return out


def _template(path: pathlib.Path) -> Any:
    text = path.read_text()
    if path.suffix == ".json":
        return json.loads(text)
    return cfn_yaml.load(text, str(path))[0]


def test_merge_replaces_lists_whole() -> None:
    base = {"A": {"B": [1, 2], "C": 1}, "D": 2}
    assert merge(base, {"A": {"B": [3]}}) == {"A": {"B": [3], "C": 1}, "D": 2}


def _failing(report: Any, verdict: Verdict) -> list[str]:
    return [
        v.message
        for v in report.verdicts
        if v.rule.id == verdict.rule.id
        and v.resource.address == verdict.resource.address
        and v.status is Status.FAIL
    ]


@pytest.mark.parametrize("verdict", _failures(FIXTURES / "cfn"))
def test_snippets_apply_cloudformation(
    verdict: Verdict, tmp_path: pathlib.Path
) -> None:
    assert verdict.remedy is not None
    source = pathlib.Path(verdict.resource.origin.file)
    template = _template(source)
    patch = yaml.safe_load(verdict.remedy.snippet)
    fixed = tmp_path / "fixed.json"
    fixed.write_text(json.dumps(merge(template, patch)))
    before = _failing(scan([str(source)], REGISTRY), verdict)

    after = _failing(scan([str(fixed)], REGISTRY), verdict)

    # this failure is gone, and what still fails no longer names the fixed resource
    assert verdict.message not in after, verdict.remedy.snippet
    assert len(after) < len(before) or not any(
        repr(verdict.remedy.target) in message for message in after
    ), after


@pytest.mark.parametrize("verdict", _failures(FIXTURES / "tfplan"))
def test_snippets_name_resource_and_arguments(verdict: Verdict) -> None:
    assert verdict.remedy is not None
    snippet = verdict.remedy.snippet
    if not verdict.remedy.changes:  # advice only: a resource to add
        assert (snippet, bool(verdict.remedy.note)) == ("", True)
        return
    kind, name = re.sub(r"\[[^]]*\]", "", verdict.remedy.target).split(".")[-2:]
    assert f'resource "{kind}" "{name}" {{\n' in snippet
    documents = json_documents(kind)
    for path, value in verdict.remedy.changes:
        *blocks, leaf = [step for step in path if isinstance(step, str)]
        if path[0] in documents:  # written whole, as HCL object syntax
            assert re.search(rf"^\s*{path[0]} = jsonencode\(", snippet, re.M), snippet
            if not isinstance(value, (dict, list)):
                shown = json.dumps(value)
                assert re.search(rf"^\s*{leaf} = {re.escape(shown)}$", snippet, re.M)
            continue
        for block in blocks:
            assert re.search(rf"^\s*{block} {{$", snippet, re.M), (block, snippet)
        shown = json.dumps(value) if isinstance(value, (str, bool)) else str(value)
        assert re.search(rf"^\s*{leaf} = {re.escape(shown)}$", snippet, re.M), snippet
