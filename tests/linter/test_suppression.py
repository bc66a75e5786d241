"""The inline-suppression syntax: one row per accepted (and refused) spelling."""

from __future__ import annotations

import pathlib

import pytest

from sealgate.model import Format
from sealgate.model import Origin
from sealgate.model import Resource
from sealgate.suppression import COMMENT
from sealgate.suppression import Reader
from sealgate.suppression import Suppression


@pytest.mark.parametrize(
    ("line", "rules", "reason"),
    [
        pytest.param("# sealgate:ignore SQS.1 public data", "SQS.1", "public data"),
        pytest.param("# sealgate:ignore SQS001 public data", "SQS001", "public data"),
        pytest.param("#sealgate:ignore SQS.1 tight", "SQS.1", "tight", id="no-space"),
        pytest.param(
            "# sealgate: ignore SQS.1, KINESIS.1 both public",
            "SQS.1, KINESIS.1",
            "both public",
            id="several",
        ),
        pytest.param("# sealgate:ignore SQS.1 -- public", "SQS.1", "public", id="dash"),
        pytest.param("// sealgate:ignore SQS.1 public", "SQS.1", "public", id="slash"),
        pytest.param(
            "/* sealgate:ignore SQS.1 public */", "SQS.1", "public", id="block"
        ),
        pytest.param(
            'resource "aws_sqs_queue" "q" { # sealgate:ignore SQS.1 public',
            "SQS.1",
            "public",
            id="trailing",
        ),
        pytest.param("# sealgate:ignore SQS.1", "SQS.1", None, id="no-reason"),
        pytest.param("# sealgate:ignore SQS.1   ", "SQS.1", None, id="blank-reason"),
    ],
)
def test_suppression_comment_spellings(line: str, rules: str, reason) -> None:
    match = COMMENT.search(line)
    assert match is not None
    assert (match["rules"], match["reason"] or None) == (rules, reason)


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("# sealgate ignore SQS.1 reason", id="no-colon"),
        pytest.param("# sealgate:ignore", id="no-rule"),
        pytest.param("name = 'sealgate:ignore SQS.1 reason'", id="not-a-comment"),
    ],
)
def test_suppression_comment_refused(line: str) -> None:
    assert COMMENT.search(line) is None


def _hcl(file: pathlib.Path, line: int) -> Resource:
    origin = Origin(Format.TF_HCL, str(file), line, "aws_sqs_queue.q")
    return Resource(origin, "aws_sqs_queue", {})


def test_suppression_reader_declaration_and_block_above(tmp_path) -> None:
    file = tmp_path / "main.tf"
    file.write_text(
        "# sealgate:ignore KINESIS.1 not this block: a blank line follows\n"
        "\n"
        "# sealgate:ignore SQS.1 public prices\n"
        "# an unrelated comment\n"
        'resource "aws_sqs_queue" "q" { // sealgate:ignore SQS001\n'
        "}\n"
    )
    assert Reader().read(_hcl(file, 5)) == (
        Suppression("SQS001", "", f"{file}:5"),
        Suppression("SQS.1", "public prices", f"{file}:3"),
    )


def test_suppression_reader_missing_file_gives_none(tmp_path) -> None:
    assert Reader().read(_hcl(tmp_path / "gone.tf", 1)) == ()


def test_suppression_reader_metadata_entries() -> None:
    origin = Origin(Format.CFN_YAML, "t.yaml", 4, "Queue")
    metadata = {
        "sealgate": {
            "ignore": [
                {"rule": "SQS.1", "reason": " public "},
                "SQS001",
                {"reason": "no rule named"},
                7,
            ]
        }
    }
    resource = Resource(origin, "AWS::SQS::Queue", {}, metadata=metadata)
    assert Reader().read(resource) == (
        Suppression("SQS.1", "public", "t.yaml:4 Metadata"),
        Suppression("SQS001", "", "t.yaml:4 Metadata"),
    )
