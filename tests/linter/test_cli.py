from __future__ import annotations

import dataclasses
import os
import pathlib
import types
from collections.abc import Iterator

import pytest

from sealgate import exit_codes
from sealgate.plugins import FAMILIES
from sealgate.plugins import sqs
from sealgate.rules import Context
from sealgate.rules import Finding
from tests.conftest import Run

QUEUE = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n"
OPEN_QUEUE = QUEUE + "    Properties:\n      SqsManagedSseEnabled: false\n"
SUMMARY = (
    "1 file(s) checked: {fail} failed, 0 unknown, {passed} passed, {errors} error(s).\n"
)
BUG = (
    "unexpected error: ZeroDivisionError: division by zero\n"
    "this is a bug in sealgate; run again with `sealgate --debug ...` for the "
    "traceback and report it\n"
)


def _raise_bug(view: object, ctx: Context) -> Iterator[Finding]:
    raise ZeroDivisionError("division by zero")


def _raise_interrupt(view: object, ctx: Context) -> Iterator[Finding]:
    raise KeyboardInterrupt


def _replace_check(monkeypatch: pytest.MonkeyPatch, check: object) -> None:
    rule = dataclasses.replace(sqs.RULES[0], check=check)
    monkeypatch.setitem(FAMILIES, "sqs", types.SimpleNamespace(RULES=(rule,)))


@pytest.mark.parametrize(
    ("content", "check", "code", "stdout", "stderr"),
    [
        pytest.param(
            QUEUE, None, 0, SUMMARY.format(fail=0, passed=1, errors=0), "", id="0-clean"
        ),
        pytest.param(
            OPEN_QUEUE,
            None,
            1,
            None,
            "",
            id="1-findings",
        ),
        pytest.param(
            "Resources: [\n",
            None,
            2,
            "0 file(s) checked: 0 failed, 0 unknown, 0 passed, 1 error(s).\n",
            "error: {path}: invalid YAML: line 2: did not find expected node content\n",
            id="2-input-error",
        ),
        pytest.param(QUEUE, _raise_bug, 3, "", BUG, id="3-internal-error"),
        pytest.param(
            QUEUE, _raise_interrupt, 130, "", "\ninterrupted\n", id="130-interrupted"
        ),
    ],
)
def test_cli_exit_code(
    content: str,
    check: object,
    code: int,
    stdout: str | None,
    stderr: str,
    tmp_path: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch,
    run: Run,
) -> None:
    path = tmp_path / "template.yaml"
    path.write_text(content)
    if check is not None:
        _replace_check(monkeypatch, check)

    got_code, out, err = run("check", str(path))

    assert (got_code, err) == (code, stderr.format(path=path))
    if stdout is not None:
        assert out == stdout


def test_cli_findings_text_lists_the_failure(tmp_path: pathlib.Path, run: Run) -> None:
    path = tmp_path / "template.yaml"
    path.write_text(OPEN_QUEUE)

    code, out, _ = run("check", "--color", "never", str(path))

    assert code == exit_codes.FINDINGS
    assert out.splitlines()[:2] == [
        str(path),
        "  2: FAIL SQS.1 [SQS001] AWS::SQS::Queue 'Q' stores messages unencrypted: "
        "'SqsManagedSseEnabled' is false and 'KmsMasterKeyId' is not set; set "
        "'SqsManagedSseEnabled' to true.",
    ]


def test_cli_internal_error_with_debug_shows_the_traceback(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    path = tmp_path / "template.yaml"
    path.write_text(QUEUE)
    _replace_check(monkeypatch, _raise_bug)

    code, _, err = run("--debug", "check", str(path))

    assert code == exit_codes.INTERNAL_ERROR
    assert err.startswith("Traceback (most recent call last):\n")
    assert err.endswith(BUG)


def test_cli_exit_codes_are_distinct() -> None:
    codes = [
        exit_codes.CLEAN,
        exit_codes.FINDINGS,
        exit_codes.INPUT_ERROR,
        exit_codes.INTERNAL_ERROR,
        exit_codes.INTERRUPTED,
    ]
    assert codes == [0, 1, 2, 3, 130]


def test_cli_output_writes_the_report_to_the_file(
    tmp_path: pathlib.Path, run: Run
) -> None:
    template = tmp_path / "template.yaml"
    template.write_text(QUEUE)
    report = tmp_path / "reports" / "sealgate.txt"
    report.parent.mkdir()
    report.write_text("the previous report\n")
    report.chmod(0o640)

    code, out, err = run("check", "--output", str(report), str(template))

    assert (code, out, err) == (0, "", "")
    assert report.read_text() == SUMMARY.format(fail=0, passed=1, errors=0)
    assert os.stat(report).st_mode & 0o777 == 0o640
    assert sorted(p.name for p in report.parent.iterdir()) == ["sealgate.txt"]


def test_cli_output_refuses_to_overwrite_an_input(
    tmp_path: pathlib.Path, run: Run
) -> None:
    template = tmp_path / "template.yaml"
    template.write_text(QUEUE)

    code, out, err = run("check", "--output", str(template), str(tmp_path))

    assert (code, out, template.read_text()) == (2, "", QUEUE)
    assert err == (
        f"error: refusing to write the report to {str(template)!r}: it is an "
        "input, and sealgate never writes its inputs; choose another `--output` "
        "path\n"
    )


def test_cli_output_into_a_missing_folder_is_an_error(
    tmp_path: pathlib.Path, run: Run
) -> None:
    template = tmp_path / "template.yaml"
    template.write_text(QUEUE)
    report = tmp_path / "missing" / "report.json"

    code, out, err = run("check", "-o", str(report), str(template))

    assert (code, out) == (2, "")
    assert err == f"error: cannot write {str(report)!r}: No such file or directory\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["template.yaml"]
