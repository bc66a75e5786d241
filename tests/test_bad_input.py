"""Bad input (issue 7): one error line naming the file, exit 2, the rest checked.

Each row builds one bad input in tmp_path and checks it beside a good
template: the bad one must give exactly one ``error:`` line on stderr and in
the JSON report, the good one must still be judged. Rows that could hang,
crash the interpreter or eat memory run in a child process with a timeout
and an address-space limit.
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
from collections.abc import Callable
from typing import Any
from typing import NamedTuple

import pytest

from tests.conftest import Run

GOOD = """\
Resources:
  Stream:
    Type: AWS::Kinesis::Stream
    Properties:
      ShardCount: 1
"""
TIMEOUT = 60
"""Seconds a child run may take; each finishes in a few."""
MEMORY = 768 * 2**20
"""Address space a child run may map: a few hundred MB, the interpreter included."""

Build = Callable[[pathlib.Path], tuple[str, str]]
"""Makes the bad input; returns the path to name and the file the error names."""


class Row(NamedTuple):
    build: Build
    reason: str
    isolated: bool = False


def _file(name: str, content: bytes | str) -> Build:
    def build(tmp_path: pathlib.Path) -> tuple[str, str]:
        path = tmp_path / name
        data = content.encode() if isinstance(content, str) else content
        path.write_bytes(data)
        return str(path), str(path)

    return build


def _template(body: str) -> str:
    return "Resources:\n" + body


def _plan(changes: Any, version: str = "1.2") -> str:
    plan = {
        "format_version": version,
        "terraform_version": "1.11.4",
        "resource_changes": changes,
    }
    return json.dumps(plan, indent=2)


def _entry(**change: Any) -> dict[str, Any]:
    base = {"actions": ["create"], "before": None, "after": {}, "after_unknown": {}}
    return {
        "address": "aws_sqs_queue.q",
        "mode": "managed",
        "type": "aws_sqs_queue",
        "name": "q",
        "change": {**base, **change},
    }


def _alias_bomb() -> str:
    # nine levels of nine aliases each: 9**10 scalars once expanded
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return _template("  Q:\n    Type: AWS::SQS::Queue\n") + "\n".join(lines) + "\n"


def _block_mappings(depth: int) -> str:
    lines = [" " * level + "k:" for level in range(1, depth + 1)]
    return "Resources:\n" + "\n".join(lines) + "\n" + " " * (depth + 1) + "v\n"


def _big_template(size: int) -> bytes:
    queue = (
        "  Q{}:\n    Type: AWS::SQS::Queue\n    Properties:\n      DelaySeconds: 1\n"
    )
    count = size // len(queue.format(0)) + 1
    return ("Resources:\n" + "".join(queue.format(i) for i in range(count))).encode()


def _big_json_template(size: int) -> str:
    queue = {"Type": "AWS::SQS::Queue", "Properties": {"DelaySeconds": 1}}
    count = size // len(json.dumps(queue)) + 1
    return json.dumps({"Resources": {f"Q{i}": queue for i in range(count)}})


def _symlink_loop(tmp_path: pathlib.Path) -> tuple[str, str]:
    folder = tmp_path / "looped"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "back").symlink_to("..")  # a folder loop: never followed
    (folder / "self.yaml").symlink_to("self.yaml")  # a file loop: unreadable
    return str(folder), str(folder / "self.yaml")


def _dangling(tmp_path: pathlib.Path) -> tuple[str, str]:
    path = tmp_path / "dangling.yaml"
    path.symlink_to(tmp_path / "gone.yaml")
    return str(path), str(path)


def _unreadable(tmp_path: pathlib.Path) -> tuple[str, str]:
    path = tmp_path / "secret.yaml"
    path.write_text(GOOD)
    path.chmod(0)
    return str(path), str(path)


def _fifo(tmp_path: pathlib.Path) -> tuple[str, str]:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)  # nobody writes: a plain open() would wait forever
    return str(path), str(path)


def _missing(tmp_path: pathlib.Path) -> tuple[str, str]:
    path = str(tmp_path / "nowhere.yaml")
    return path, path


def _huge(tmp_path: pathlib.Path) -> tuple[str, str]:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(64 * 2**20 + 1)  # sparse: costs no disk
    return str(path), str(path)


QUEUE = "  Q:\n    Type: AWS::SQS::Queue\n"
DEEP = "refused: nested more than 100 levels deep"
ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False

ROWS = {
    "empty": Row(_file("empty.yaml", ""), "empty file, not a template or plan"),
    "whitespace-only": Row(
        _file("blank.json", " \n\t\n  \n"), "empty file, not a template or plan"
    ),
    "invalid-yaml": Row(
        _file("broken.yaml", _template(QUEUE + "   Properties: {}\n")),
        "invalid YAML: line 4: did not find expected key",
    ),
    "invalid-json": Row(
        _file("broken.json", '{"Resources": {\n  "Q": {"Type": }\n}}'),
        "invalid JSON: line 2: Expecting value",
    ),
    "not-utf8": Row(
        _file("latin1.yaml", _template(QUEUE).encode() + b"# caf\xe9\n"),
        "not UTF-8 text (line 4, byte 47: 0xe9)",
    ),
    "binary": Row(
        _file("image.yaml", bytes(range(256)) * 16),
        "binary data, not a template or plan",
    ),
    "binary-without-nul": Row(
        _file("noise.json", bytes(range(1, 256)) * 16),
        "not UTF-8 text (line 2, byte 127: 0x80)",
    ),
    "alias-bomb": Row(
        _file("bomb.yaml", _alias_bomb()),
        "refused: expands to more than 2,000,000 nodes (alias bomb?)",
        isolated=True,
    ),
    "alias-to-itself": Row(
        _file("loop.yaml", _template(QUEUE) + "Other: &a [*a]\n"),
        "refused: a YAML alias refers to itself",
    ),
    "nested-flow-sequences": Row(
        _file("deep.yaml", "Resources: " + "[" * 50_000 + "]" * 50_000 + "\n"),
        f"{DEEP} (line 1)",
        isolated=True,
    ),
    "nested-flow-mappings": Row(
        _file("deep.yaml", "Resources: " + "{a: " * 50_000 + "1" + "}" * 50_000),
        f"{DEEP} (line 1)",
        isolated=True,
    ),
    "nested-block-sequences": Row(
        _file("deep.yaml", "Resources:\n  Q:\n    " + "- " * 50_000 + "x\n"),
        f"{DEEP} (line 3)",
        isolated=True,
    ),
    "nested-block-mappings": Row(
        _file("deep.yaml", _block_mappings(1_000)), f"{DEEP} (line 101)"
    ),
    "nested-json": Row(
        _file("deep.json", '{"Resources": ' + "[" * 50_000 + "]" * 50_000 + "}"),
        DEEP,
        isolated=True,
    ),
    "nested-json-within-python-limits": Row(
        _file("deep.json", '{"Resources": ' + "[" * 500 + "]" * 500 + "}"), DEEP
    ),
    "duplicate-key-yaml": Row(
        _file("twice.yaml", _template(QUEUE + QUEUE)),
        "invalid YAML: line 4: duplicate key 'Q' (first at line 2)",
    ),
    "duplicate-key-json": Row(
        _file("twice.json", '{"Resources": {"Q": {"Type": "A"}, "Q": {"Type": "B"}}}'),
        "invalid JSON: duplicate key 'Q'",
    ),
    "python-object-tag": Row(
        _file(
            "evil.yaml",
            _template("  Q:\n    Type: !!python/object/apply:os.system [id]\n"),
        ),
        "invalid YAML: line 3: tag '!!python/object/apply:os.system' is not one "
        "CloudFormation reads; refused",
    ),
    "python-name-tag": Row(
        _file("evil.yaml", _template("  Q: !!python/name:os.system\n")),
        "invalid YAML: line 2: tag '!!python/name:os.system' is not one "
        "CloudFormation reads; refused",
    ),
    "binary-tag": Row(
        _file("bytes.yaml", _template(QUEUE + "    Properties: !!binary aGk=\n")),
        "invalid YAML: line 4: tag '!!binary' is not one CloudFormation reads; refused",
    ),
    "unknown-short-tag": Row(
        _file("rain.yaml", _template("  Q: !Rain::Module m.yaml\n")),
        "invalid YAML: line 2: tag '!Rain::Module' is not one CloudFormation "
        "reads; refused",
    ),
    "resources-a-list": Row(
        _file("list.yaml", "Resources:\n  - Type: AWS::SQS::Queue\n"),
        "invalid template: 'Resources' must be a mapping, not a list",
    ),
    "resources-a-string": Row(
        _file(
            "text.json", '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": "x"}'
        ),
        "invalid template: 'Resources' must be a mapping, not a string",
    ),
    "condition-name-a-list": Row(
        _file(
            "conditions.yaml", _template(QUEUE) + "Conditions:\n  A: {Condition: []}\n"
        ),
        "invalid template: a condition name must be a string, not []",
    ),
    "resource-without-type": Row(
        _file("typeless.yaml", _template(QUEUE + "  R:\n    Properties: {}\n")),
        "invalid template: resource 'R' needs a 'Type' string",
    ),
    "properties-a-list": Row(
        _file("props.yaml", _template(QUEUE + "    Properties: [1, 2]\n")),
        "invalid template: 'Properties' of resource 'Q' must be a mapping, not a list",
    ),
    "property-of-the-wrong-kind": Row(
        _file(
            "kinesis.yaml",
            _template(
                "  S:\n    Type: AWS::Kinesis::Stream\n"
                "    Properties:\n      StreamEncryption: 'yes'\n"
            ),
        ),
        "resource 'S': 'StreamEncryption' must be a mapping, not 'yes'",
    ),
    "key-a-list": Row(
        _file(
            "key.yaml",
            _template(QUEUE + "    Properties:\n      KmsMasterKeyId: [1, 2]\n"),
        ),
        "resource 'Q': 'KmsMasterKeyId' must be a string, not [1, 2]",
    ),
    "flag-not-a-boolean": Row(
        _file(
            "flag.yaml",
            _template(QUEUE + "    Properties:\n      SqsManagedSseEnabled: 'yes'\n"),
        ),
        "resource 'Q': 'SqsManagedSseEnabled' must be true or false, not 'yes'",
    ),
    "plan-truncated": Row(
        _file("plan.json", _plan([_entry()])[:250]),
        "invalid JSON: line 12: the text ends early (truncated?)",
    ),
    "plan-unknown-format-version": Row(
        _file("plan.json", _plan([], version="2.0")),
        "plan format_version '2.0' is not supported (1.x is)",
    ),
    "plan-not-a-plan": Row(
        _file("state.json", '{"format_version": "1.0", "terraform_version": "1.11.4"}'),
        "Terraform JSON but not a plan (no resource_changes); give "
        "`terraform show -json PLANFILE` output",
    ),
    "plan-changes-not-a-list": Row(
        _file("plan.json", _plan({"a": 1})),
        "plan is malformed: plan.resource_changes must be an array, not an object",
    ),
    "plan-change-a-number": Row(
        _file("plan.json", _plan([7])),
        "plan is malformed: resource_changes[0] must be an object, not a number",
    ),
    "plan-actions-a-string": Row(
        _file("plan.json", _plan([_entry(actions="create")])),
        "plan is malformed: resource_changes[0].change.actions must be an array, "
        "not a string",
    ),
    "plan-actions-unknown": Row(
        _file("plan.json", _plan([_entry(actions=["explode"])])),
        "plan is malformed: resource_changes[0].change.actions ['explode'] is not "
        "a Terraform action",
    ),
    "plan-after-a-list": Row(
        _file("plan.json", _plan([_entry(after=[1])])),
        "plan is malformed: resource_changes[0].change.after must be an object, "
        "not an array",
    ),
    "plan-address-missing": Row(
        _file("plan.json", _plan([{**_entry(), "address": None}])),
        "plan is malformed: resource_changes[0].address must be a string, not null",
    ),
    "plan-key-a-list": Row(
        _file("plan.json", _plan([_entry(after={"kms_master_key_id": [1]})])),
        "resource 'aws_sqs_queue.q': 'kms_master_key_id' must be a string, not [1]",
    ),
    "symlink-loop": Row(
        _symlink_loop, "cannot read: Too many levels of symbolic links"
    ),
    "dangling-symlink": Row(_dangling, "cannot read: No such file or directory"),
    "unreadable": Row(_unreadable, "cannot read: Permission denied"),
    "fifo": Row(_fifo, "not a regular file (a pipe, socket or device)", isolated=True),
    "missing-path": Row(_missing, "no such file or folder"),
    "template-30-mb": Row(
        _file("big.yaml", _big_template(30 * 2**20)),
        "template larger than 2 MiB, refused (CloudFormation accepts at most 1 MB)",
        isolated=True,
    ),
    "json-template-30-mb": Row(
        _file("big.json", _big_json_template(30 * 2**20)),
        "template larger than 2 MiB, refused (CloudFormation accepts at most 1 MB)",
        isolated=True,
    ),
    "file-over-64-mib": Row(_huge, "larger than 64 MiB, refused", isolated=True),
}


def _params() -> list[Any]:
    params = []
    for name, row in ROWS.items():
        marks = []
        if name == "unreadable" and ROOT:
            marks.append(pytest.mark.skip(reason="root reads a file with mode 000"))
        params.append(pytest.param(row, id=name, marks=marks))
    return params


@pytest.mark.parametrize("row", _params())
def test_bad_input_is_one_error_and_the_rest_is_checked(
    row: Row, tmp_path: pathlib.Path, run: Run
) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(GOOD)
    bad, named = row.build(tmp_path)

    if row.isolated:
        code, out, err = _run_isolated("check", "--format", "json", bad, str(good))
    else:
        code, out, err = run("check", "--format", "json", bad, str(good))

    report = json.loads(out)
    assert code == 2
    assert err == f"error: {named}: {row.reason}\n"
    assert report["errors"] == [{"file": named, "message": row.reason}]
    judged = [(r["file"], r["resource"], r["verdict"]) for r in report["results"]]
    assert judged == [(str(good), "Stream", "fail")]


def test_bad_input_python_tag_is_never_constructed(
    tmp_path: pathlib.Path, run: Run
) -> None:
    marker = tmp_path / "constructed"
    template = tmp_path / "evil.yaml"
    template.write_text(
        _template(
            "  Q:\n    Type: !!python/object/apply:pathlib.Path.touch\n"
            f"      - !!python/object/apply:pathlib.Path [{str(marker)!r}]\n"
        )
    )

    code, _, err = run("check", str(template))

    assert (code, marker.exists()) == (2, False)
    assert err.startswith(f"error: {template}: invalid YAML: line 3: tag ")


@pytest.mark.parametrize("bom", ["yaml", "json"])
def test_bad_input_byte_order_mark_is_read_as_utf8(
    bom: str, tmp_path: pathlib.Path, run: Run
) -> None:
    body = GOOD if bom == "yaml" else json.dumps(_yaml_as_json(), indent=1)
    path = tmp_path / f"bom.{bom}"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode())

    code, out, err = run("check", "--format", "json", str(path))

    report = json.loads(out)
    assert (code, err) == (1, "")
    result = report["results"][0]
    assert (result["resource"], result["line"], result["verdict"]) == (
        "Stream",
        2 if bom == "yaml" else 3,
        "fail",
    )


def _yaml_as_json() -> dict[str, Any]:
    stream = {"Type": "AWS::Kinesis::Stream", "Properties": {"ShardCount": 1}}
    return {"Resources": {"Stream": stream}}


def test_bad_input_folder_walk_passes_over_empty_files(
    tmp_path: pathlib.Path, run: Run
) -> None:
    (tmp_path / "empty.yaml").write_text("")
    (tmp_path / "blank.json").write_text("\n\n")
    (tmp_path / "good.yaml").write_text(GOOD)

    code, out, err = run("check", "--format", "json", str(tmp_path))

    assert (code, err) == (1, "")
    assert json.loads(out)["summary"] == {
        "errors": 0,
        "fail": 1,
        "files": 1,
        "pass": 0,
        "unknown": 0,
    }


def _run_isolated(*argv: str) -> tuple[int, str, str]:
    """``python -m sealgate`` in a child with a time and memory bound."""
    result = subprocess.run(
        [sys.executable, "-m", "sealgate", *argv],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=_limit_memory if sys.platform == "linux" else None,
        check=False,
    )
    return result.returncode, result.stdout, result.stderr


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
