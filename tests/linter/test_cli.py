from __future__ import annotations

from typing import Any

import pytest

from sealgate.cli import _options
from sealgate.options import Options
from tests.conftest import FIXTURES

QUEUES = str(FIXTURES / "cfn" / "sqs" / "queues.yaml")


def test_options_only_given_values_override_defaults() -> None:
    built = _options({"reuse_minimum": 900, "producers": None, "tier_values": None})
    assert built == Options(reuse_minimum=900)


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
