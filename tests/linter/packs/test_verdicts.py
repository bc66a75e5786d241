from __future__ import annotations

import os
import pathlib

import pytest

from sealgate import registry
from sealgate.errors import InputError
from sealgate.packs import verdicts
from sealgate.plugins import sqs
from tests.conftest import ROOT

SQS = sqs.RULES[0]
EXAMPLE = ROOT / "examples" / "orders-stack.yaml"


def test_rules_are_the_registered_rules() -> None:
    assert verdicts.rules() == registry.load().rules
    assert SQS in verdicts.rules()


def test_stamp_names_the_real_file() -> None:
    info = EXAMPLE.stat()

    assert verdicts.stamp(str(EXAMPLE)) == (
        os.path.realpath(EXAMPLE),
        info.st_mtime_ns,
        info.st_size,
    )


@pytest.mark.parametrize("path", ["no/such/file.yaml", "examples"])
def test_stamp_of_what_is_not_a_file_is_none(path: str, in_root: pathlib.Path) -> None:
    assert verdicts.stamp(path) is None


def test_for_file_gives_verdicts_by_address() -> None:
    key = verdicts.stamp(str(EXAMPLE))
    assert key is not None

    found = verdicts.for_file(key, SQS)

    assert {address: v.status.value for address, v in found.items()} == {
        "OrdersQueue": "pass",
        "OrdersDeadLetterQueue": "pass",
        "LegacyExportQueue": "fail",
    }
    assert verdicts.for_file(key, SQS) is found  # read and judged once


def test_for_file_that_is_no_template_has_no_verdicts(tmp_path: pathlib.Path) -> None:
    other = tmp_path / "workflow.yaml"
    other.write_text("on: push\njobs: {}\n")
    key = verdicts.stamp(str(other))
    assert key is not None

    assert verdicts.for_file(key, SQS) == {}


def test_for_file_that_cannot_be_read_raises_every_time(tmp_path: pathlib.Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"Resources": {"Q": }}')
    key = verdicts.stamp(str(broken))
    assert key is not None

    for _ in range(2):
        with pytest.raises(InputError) as raised:
            verdicts.for_file(key, SQS)
        assert str(raised.value) == (
            f"{os.path.realpath(broken)}: invalid JSON: line 1: Expecting value"
        )
