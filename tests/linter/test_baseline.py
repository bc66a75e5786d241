"""Baselines: only new failures fail; moved or reformatted ones still match."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "orders-stack.yaml"

# the example with its resources reordered, comments dropped and the YAML
# reflowed: every line moves, no deciding value changes
REFORMATTED = """\
AWSTemplateFormatVersion: '2010-09-09'
Parameters: {Environment: {Type: String, Default: dev, AllowedValues: [dev, prod]}}
Conditions: {IsProd: {'Fn::Equals': [{Ref: Environment}, prod]}}
Resources:
  AuditStream:
    Type: AWS::Kinesis::Stream
    Properties:
      ShardCount: 1
      StreamEncryption: {EncryptionType: KMS, KeyId: {Ref: OrdersKey}}
  OrderEventsStream:
    Type: AWS::Kinesis::Stream
    Properties:
      ShardCount: 1
      StreamEncryption:
        Fn::If:
        - IsProd
        - {EncryptionType: KMS, KeyId: alias/aws/kinesis}
        - {Ref: AWS::NoValue}
  LegacyExportQueue: {Type: AWS::SQS::Queue, Properties: {SqsManagedSseEnabled: false}}
  OrdersKey: {Type: AWS::KMS::Key, Properties: {EnableKeyRotation: true}}
"""


@pytest.fixture
def estate(tmp_path, monkeypatch):
    """A working folder holding a copy of the example and its baseline."""
    shutil.copy(EXAMPLE, tmp_path / "stack.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_baseline_create_records_failures(run, estate) -> None:
    code, out, err = run("baseline", "create", "base.json", "stack.yaml")
    assert (code, out, err) == (
        0,
        "",
        "recorded 2 failure(s) of 1 file(s) in base.json\n",
    )
    data = json.loads((estate / "base.json").read_text())
    assert [
        (r["file"], r["resource"], r["rule"], r["control"]) for r in data["results"]
    ] == [
        ("stack.yaml", "LegacyExportQueue", "SQS001", "SQS.1"),
        ("stack.yaml", "OrderEventsStream", "KINESIS001", "Kinesis.1"),
    ]


def test_baseline_existing_failures_pass_the_gate(run, run_json, estate) -> None:
    run("baseline", "create", "base.json", "stack.yaml")
    code, report = run_json("--baseline", "base.json", "stack.yaml")
    failures = [
        (r["resource"], r["gate"], r["baseline"])
        for r in report["results"]
        if r["verdict"] == "fail"
    ]
    assert (code, failures, report["fixed"]) == (
        0,
        [
            ("LegacyExportQueue", "baselined", "existing"),
            ("OrderEventsStream", "baselined", "existing"),
        ],
        [],
    )


def test_baseline_matches_after_reformatting(run, run_json, estate) -> None:
    run("baseline", "create", "base.json", "stack.yaml")
    (estate / "stack.yaml").write_text(REFORMATTED)
    code, report = run_json("--baseline", "base.json", "stack.yaml")
    lines = {r["resource"]: (r["line"], r.get("baseline")) for r in report["results"]}
    assert code == 0
    assert lines["LegacyExportQueue"] == (19, "existing")
    assert lines["OrderEventsStream"] == (10, "existing")


def test_baseline_matches_from_another_folder(
    run, run_json, estate, monkeypatch
) -> None:
    run("baseline", "create", "base.json", "stack.yaml")
    monkeypatch.chdir(estate.parent)
    folder = estate.name
    code, _ = run_json("--baseline", f"{folder}/base.json", f"{folder}/stack.yaml")
    assert code == 0


def test_baseline_new_failure_fails_and_fixed_is_reported(
    run, run_json, estate
) -> None:
    run("baseline", "create", "base.json", "stack.yaml")
    text = (estate / "stack.yaml").read_text()
    # fix the queue, break the key's neighbour: a new queue opting out
    text = text.replace('SqsManagedSseEnabled: "false"', "SqsManagedSseEnabled: true")
    text += "\n  NewQueue:\n    Type: AWS::SQS::Queue\n    Properties:\n"
    text += "      SqsManagedSseEnabled: false\n"
    (estate / "stack.yaml").write_text(text)
    code, report = run_json("--baseline", "base.json", "stack.yaml")
    failures = [
        (r["resource"], r["gate"], r["baseline"])
        for r in report["results"]
        if r["verdict"] == "fail"
    ]
    assert code == 1
    assert failures == [
        ("OrderEventsStream", "baselined", "existing"),
        ("NewQueue", "failing", "new"),
    ]
    assert report["fixed"] == [
        {
            "control": "SQS.1",
            "file": "stack.yaml",
            "resource": "LegacyExportQueue",
            "rule": "SQS001",
        }
    ]


def test_baseline_changed_deciding_value_is_new(run, run_json, estate) -> None:
    run("baseline", "create", "base.json", "stack.yaml")
    text = (estate / "stack.yaml").read_text()
    # the stream was unencrypted by omission; now it says NONE outright
    text = text.replace("- !Ref AWS::NoValue", "- EncryptionType: NONE")
    (estate / "stack.yaml").write_text(text)
    code, report = run_json("--baseline", "base.json", "stack.yaml")
    stream = next(r for r in report["results"] if r["resource"] == "OrderEventsStream")
    assert (code, stream["baseline"], stream["gate"]) == (1, "new", "failing")


def test_baseline_fixed_ignores_files_not_checked(run, run_json, estate) -> None:
    (estate / "other.yaml").write_text("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n")
    run("baseline", "create", "base.json", "stack.yaml", "other.yaml")
    code, report = run_json("--baseline", "base.json", "other.yaml")
    assert (code, report["fixed"]) == (0, [])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            None,
            "error: cannot read baseline 'base.json': No such file or directory; "
            "create one with `sealgate baseline create base.json PATH...`.\n",
            id="missing",
        ),
        pytest.param(
            "{",
            "error: baseline 'base.json' is not valid JSON: Expecting property name "
            "enclosed in double quotes: line 1 column 2 (char 1).\n",
            id="not-json",
        ),
        pytest.param(
            '{"version": 2, "results": []}',
            "error: baseline 'base.json' is not a sealgate baseline (version 2, "
            "expected 1); recreate it with `sealgate baseline create base.json "
            "PATH...`.\n",
            id="wrong-version",
        ),
        pytest.param(
            "[]",
            "error: baseline 'base.json' is not a sealgate baseline (its top level "
            "is not a JSON object); recreate it with `sealgate baseline create "
            "base.json PATH...`.\n",
            id="array",
        ),
        pytest.param(
            '{"version": 1, "results": [{"file": "stack.yaml", "resource": "Q", '
            '"rule": "SQS001", "fingerprint": 7}]}',
            "error: baseline 'base.json' is not a sealgate baseline (every entry "
            "needs file, resource, rule and fingerprint); recreate it with "
            "`sealgate baseline create base.json PATH...`.\n",
            id="fingerprint-not-text",
        ),
    ],
)
def test_baseline_unusable_file_exits_2(run, estate, content, message) -> None:
    if content is not None:
        (estate / "base.json").write_text(content)
    code, out, err = run("check", "--baseline", "base.json", "stack.yaml")
    assert (code, out, err) == (2, "", message)


def test_baseline_create_never_writes_over_a_template(run, estate) -> None:
    before = (estate / "stack.yaml").read_text()
    code, out, err = run("baseline", "create", "stack.yaml")
    assert (code, out) == (2, "")
    assert err == (
        "error: 'stack.yaml' exists and is not a sealgate baseline; refusing to "
        "write over it (the baseline file comes first: `sealgate baseline create "
        "FILE PATH...`).\n"
    )
    assert (estate / "stack.yaml").read_text() == before


def test_baseline_create_never_writes_over_a_json_array(run, estate) -> None:
    (estate / "list.json").write_text("[]")
    code, out, err = run("baseline", "create", "list.json", "stack.yaml")
    assert (code, out) == (2, "")
    assert err == (
        "error: 'list.json' exists and is not a sealgate baseline; refusing to "
        "write over it (the baseline file comes first: `sealgate baseline create "
        "FILE PATH...`).\n"
    )
    assert (estate / "list.json").read_text() == "[]"


def test_baseline_create_replaces_an_old_baseline(run, estate) -> None:
    run("baseline", "create", "base.json", "stack.yaml")
    (estate / "stack.yaml").write_text("Resources:\n  Q: {Type: AWS::SQS::Queue}\n")
    code, _, err = run("baseline", "create", "base.json", "stack.yaml")
    assert (code, err) == (0, "recorded 0 failure(s) of 1 file(s) in base.json\n")
