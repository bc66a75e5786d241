"""sealgate runs on real public code without crashing."""

from __future__ import annotations

import json

import pytest

from sealgate import cli
from tests.conftest import shared_or_skip


def test_corpus_runs_clean(capsys: pytest.CaptureFixture[str]) -> None:
    corpus = shared_or_skip("corpus")
    code = cli.main(["check", "--format", "json", str(corpus)])
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert code in (0, 1, 2), err
    assert "Traceback" not in err
    assert report["summary"]["files"] > 50
    for error in report["errors"]:
        assert "\n" not in error["message"], error
    # every verdict is a verdict; a fix (some failures have none) says its kind
    for result in report["results"]:
        assert result["verdict"] in ("pass", "fail", "unknown")
        if "fix" in result:
            assert result["verdict"] == "fail", result
            assert result["fix"]["kind"] in ("in-place", "replacement"), result
