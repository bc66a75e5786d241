"""The command line: exit codes, golden output, channels, files, configuration."""

from __future__ import annotations

import dataclasses
import json
import os
import pathlib
import types
from collections.abc import Iterator
from typing import Any

import pytest

from sealgate import __version__
from sealgate import exit_codes
from sealgate.plugins import FAMILIES
from sealgate.plugins import sqs
from sealgate.rules import Context
from sealgate.rules import Finding
from tests.conftest import FIXTURES
from tests.conftest import ROOT
from tests.conftest import Run

GOLDEN = FIXTURES / "golden"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_cli_version(run: Run) -> None:
    assert run("--version") == (0, f"sealgate, version {__version__}\n", "")


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_cli_check_example_matches_golden_output(run: Run, fmt: str) -> None:
    suffix = "json" if fmt == "json" else "txt"
    expected = (GOLDEN / f"orders-stack.{suffix}").read_text()
    first = run("check", "--format", fmt, "examples/orders-stack.yaml")
    second = run("check", "--format", fmt, "examples/orders-stack.yaml")
    assert first == (1, expected, "")
    assert second == first


def test_cli_parameter_changes_the_condition(run_json) -> None:  # type: ignore[no-untyped-def]
    code, report = run_json("-p", "Environment=prod", "examples/orders-stack.yaml")
    stream = [r for r in report["results"] if r["resource"] == "OrderEventsStream"]
    assert code == 1
    assert [(r["verdict"], r["depends_on_conditions"]) for r in stream] == [
        ("pass", ["IsProd"])
    ]
    assert stream[0]["message"] == (
        "AWS::Kinesis::Stream 'OrderEventsStream' is encrypted with KMS through "
        "'StreamEncryption.KeyId' (depends on conditions: pass when IsProd is true; "
        "fail when IsProd is false)."
    )


def test_cli_exit_zero_when_nothing_fails(run: Run, tmp_path: pathlib.Path) -> None:
    template = tmp_path / "ok.yaml"
    template.write_text("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n")
    assert run("check", str(template)) == (
        0,
        "1 file(s) checked: 0 failed, 0 unknown, 1 passed, 0 error(s).\n",
        "",
    )


def test_cli_files_that_are_not_templates_are_skipped(
    run: Run, tmp_path: pathlib.Path
) -> None:
    (tmp_path / "package.json").write_text('{"name": "x"}')
    (tmp_path / "deploy.yaml").write_text("apiVersion: v1\nkind: Pod\n")
    (tmp_path / "tsconfig.json").write_text("{/* comments */}")
    assert run("check", str(tmp_path)) == (
        0,
        "0 file(s) checked: 0 failed, 0 unknown, 0 passed, 0 error(s).\n",
        "",
    )


def test_cli_bad_input_is_reported_and_other_files_still_checked(
    run_json,
    tmp_path: pathlib.Path,  # type: ignore[no-untyped-def]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("Resources:\n  Q: {Type: AWS::SQS::Queue\n")
    code, report = run_json(str(broken), "fixtures/cfn/sqs/queues.json")
    assert code == 2
    assert report["errors"] == [
        {
            "file": str(broken),
            "message": "invalid YAML: line 3: did not find expected ',' or '}'",
        }
    ]
    assert {r["resource"] for r in report["results"]} == {
        "AliasQueue",
        "PlainQueue",
        "SubKeyQueue",
    }


def test_cli_missing_path_is_an_input_error(run: Run) -> None:
    assert run("check", "no/such/place") == (
        2,
        "0 file(s) checked: 0 failed, 0 unknown, 0 passed, 1 error(s).\n",
        "error: no/such/place: no such file or folder\n",
    )


def test_cli_usage_error_exits_two(run: Run) -> None:
    code, _, err = run("check", "--format", "yaml")
    assert code == 2
    assert "Invalid value for '--format'" in err


def test_cli_bad_parameter_syntax_exits_two(run: Run) -> None:
    code, _, err = run("check", "-p", "novalue", "examples")
    assert code == 2
    assert "'novalue' is not KEY=VALUE" in err


def test_cli_internal_error_exits_three(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("sealgate.cli.scan", broken)
    code, out, err = run("check", "examples")
    assert (code, out) == (3, "")
    assert err == (
        "unexpected error: RuntimeError: boom\n"
        "this is a bug in sealgate; run again with `sealgate --debug ...` for the "
        "traceback and report it\n"
    )


def test_cli_interrupt_exits_130(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("sealgate.cli.scan", interrupted)
    assert run("check", "examples")[0] == 130


def test_cli_json_summary_counts(run_json) -> None:  # type: ignore[no-untyped-def]
    # exports fails SQS.1; orders, invoices, notifications pass it; invoices
    # (600 s) and notifications (default 300 s) pass the reuse check
    code, report = run_json("fixtures/tfplan/sqs/defaults/plan.json")
    assert (code, report["summary"]) == (
        1,
        {"errors": 0, "fail": 1, "files": 1, "pass": 5, "unknown": 0},
    )


QUEUES = str(FIXTURES / "cfn" / "sqs" / "reuse.yaml")


def test_check_tier_values_are_split_and_lowered(run_json: Any) -> None:
    tagged = str(FIXTURES / "cfn" / "tier" / "tagged.yaml")
    _, report = run_json("--tier-values", " PHI , Payment ", tagged)
    judged = {r["resource"] for r in report["results"] if r["rule"] == "TIER001"}
    assert judged == {"PatientQueue", "PaymentsStream"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("--kms-reuse-minimum", "30"),
            "Error: Invalid value for '--kms-reuse-minimum': 30 is not in the range "
            "60<=x<=86400.",
        ),
        (
            ("--producers", "-1"),
            "Error: Invalid value for '--producers': -1 is not in the range x>=0.",
        ),
        (
            ("--kms-price", "cheap"),
            "Error: Invalid value for '--kms-price': 'cheap' is not a valid float "
            "range.",
        ),
        (
            ("--tier-values", " , "),
            "Error: Invalid value for '--tier-values': ' , ' names no value; give "
            "e.g. 'pii,pci'",
        ),
        (
            ("--tier-tag", " "),
            "Error: Invalid value for '--tier-tag': the tag key is empty",
        ),
    ],
)
def test_check_bad_option_exits_2(
    run: Any, argv: tuple[str, ...], message: str
) -> None:
    code, out, err = run("check", *argv, QUEUES)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == message


WARNING = (
    "warning: mixed.yaml:23 Metadata: the suppression of SQS.1 on 'NoReasonQueue' "
    "has no reason, so SQS001 still counts; give one, as in `reason: <why it does "
    "not apply>` beside `rule: SQS.1`.\n"
)
NO_REASON = (
    "  NoReasonQueue:\n    Type: AWS::SQS::Queue\n    Metadata:\n"
    "      sealgate: {ignore: [SQS.1]}\n"
    "    Properties: {SqsManagedSseEnabled: false}\n"
)


def _gates(out: str) -> dict[str, str]:
    return {r["resource"]: r["gate"] for r in json.loads(out)["results"]}


def test_cli_output_file_keeps_stdout_empty(run, mixed) -> None:
    code, out, err = run("check", "--format", "json", "-o", "report.json", "mixed.yaml")
    assert (code, out, err) == (1, "", "")
    assert _gates(open("report.json").read()) == {
        "OpenQueue": "failing",
        "MaybeQueue": "not-failed",
        "PublicQueue": "suppressed",
        "DefaultQueue": "not-failed",
    }
    assert [name for name in os.listdir(".") if name.startswith(".sealgate-")] == []


def test_cli_output_replaces_whole_file(run, mixed) -> None:
    with open("report.txt", "w") as stream:
        stream.write("x" * 100_000)
    run("check", "--output", "report.txt", "mixed.yaml")
    text = open("report.txt").read()
    assert text.endswith(
        "1 file(s) checked: 2 failed, 1 unknown, 1 passed, 0 error(s).\n"
    )
    assert "xx" not in text


def test_cli_output_refuses_an_input(run, mixed) -> None:
    before = open("mixed.yaml").read()
    code, out, err = run("check", "--output", "mixed.yaml", "mixed.yaml")
    assert (code, out) == (2, "")
    assert err == (
        "error: refusing to write the report to 'mixed.yaml': it is an input, and "
        "sealgate never writes its inputs; choose another `--output` path\n"
    )
    assert open("mixed.yaml").read() == before


def test_cli_output_unwritable_folder(run, mixed) -> None:
    code, _, err = run("check", "--output", "missing/report.txt", "mixed.yaml")
    assert (code, err) == (
        2,
        "error: cannot write 'missing/report.txt': No such file or directory\n",
    )


def test_cli_warnings_go_to_stderr_and_quiet_silences_them(run, mixed) -> None:
    with open("mixed.yaml", "a") as stream:
        stream.write(NO_REASON)
    code, out, err = run("check", "--format", "json", "mixed.yaml")
    assert (code, err) == (1, WARNING)
    assert json.loads(out)["warnings"] == [WARNING[len("warning: ") : -1]]
    code, _, err = run("check", "--format", "json", "--quiet", "mixed.yaml")
    assert (code, err) == (1, "")


def test_cli_no_inline_suppressions_overrules(run, mixed) -> None:
    _, out, _ = run(
        "check", "--format", "json", "--no-inline-suppressions", "mixed.yaml"
    )
    assert _gates(out)["PublicQueue"] == "failing"


def test_cli_overrules_configuration(run, mixed) -> None:
    with open(".sealgate.toml", "w") as stream:
        stream.write('fail-on = "high"\ninline-suppressions = false\n')
    code, out, _ = run("check", "--format", "json", "mixed.yaml")
    assert (code, _gates(out)["OpenQueue"], _gates(out)["PublicQueue"]) == (
        0,
        "below-threshold",
        "below-threshold",
    )
    code, out, _ = run(
        "check",
        "--format",
        "json",
        "--fail-on",
        "low",
        "--inline-suppressions",
        "mixed.yaml",
    )
    assert (code, _gates(out)["OpenQueue"], _gates(out)["PublicQueue"]) == (
        1,
        "failing",
        "suppressed",
    )


def test_cli_select_and_ignore(run, mixed) -> None:
    code, out, _ = run("check", "--format", "json", "--ignore", "SQS.1", "mixed.yaml")
    assert (code, json.loads(out)["results"]) == (0, [])
    code, out, _ = run(
        "check",
        "--format",
        "json",
        "--select",
        "sqs",
        "--ignore",
        "kinesis",
        "mixed.yaml",
    )
    assert (code, len(_gates(out))) == (1, 4)


def test_cli_colour_never_reaches_a_pipe(run, mixed) -> None:
    _, out, _ = run("check", "mixed.yaml")
    assert "\033[" not in out


def test_cli_baseline_create_quiet(run, mixed) -> None:
    code, out, err = run("baseline", "create", "--quiet", "base.json", "mixed.yaml")
    assert (code, out, err) == (0, "", "")


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


def test_cli_parameter_no_template_declares_is_a_warning(run: Run) -> None:
    # found by trying it: a misspelt -p was taken without a word
    code, _, err = run("check", "-p", "Enviroment=prod", "examples/orders-stack.yaml")
    assert (code, err) == (
        1,
        "warning: --parameter Enviroment names nothing the inputs declare\n",
    )


def test_cli_parameter_outside_allowed_values_is_an_input_error(run: Run) -> None:
    # CloudFormation refuses a stack whose parameter is not an allowed value
    code, _, err = run("check", "-p", "Environment=maybe", "examples/orders-stack.yaml")
    assert (code, err) == (
        2,
        "error: examples/orders-stack.yaml: invalid template: --parameter "
        "Environment='maybe' is not one of its AllowedValues ['dev', 'prod']\n",
    )


def test_cli_var_no_module_declares_is_a_warning(run: Run) -> None:
    folder = "fixtures/tfplan/sqs/defaults"
    code, _, err = run("check", "--var", "nosuch=1", folder)
    assert (code, err) == (
        1,
        "warning: --var nosuch names nothing the inputs declare\n",
    )
