"""The command line: output channels, files, configuration precedence."""

from __future__ import annotations

import json
import os

import pytest

from sealgate import cli

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
        "error: --output 'mixed.yaml' is one of the inputs; sealgate never writes "
        "over a template or plan.\n"
    )
    assert open("mixed.yaml").read() == before


def test_cli_output_unwritable_folder(run, mixed) -> None:
    code, _, err = run("check", "--output", "missing/report.txt", "mixed.yaml")
    assert (code, err) == (
        2,
        "error: cannot write 'missing/report.txt': No such file or directory.\n",
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


@pytest.mark.parametrize(
    ("choice", "no_color", "output", "expected"),
    [
        pytest.param("auto", "", None, False, id="auto-not-a-tty"),
        pytest.param("auto", "1", None, False, id="auto-no-color"),
        pytest.param("always", "1", None, True, id="always-beats-no-color"),
        pytest.param("never", "", None, False, id="never"),
        pytest.param("auto", "", "report.txt", False, id="auto-into-a-file"),
    ],
)
def test_cli_use_color(monkeypatch, choice, no_color, output, expected) -> None:
    monkeypatch.setenv("NO_COLOR", no_color)
    assert cli._use_color(choice, output) is expected


def test_cli_colour_never_reaches_a_pipe(run, mixed) -> None:
    _, out, _ = run("check", "mixed.yaml")
    assert "\033[" not in out


def test_cli_baseline_create_quiet(run, mixed) -> None:
    code, out, err = run("baseline", "create", "--quiet", "base.json", "mixed.yaml")
    assert (code, out, err) == (0, "", "")
