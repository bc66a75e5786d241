from __future__ import annotations

import types

import pytest

from sealgate import registry
from sealgate.errors import PluginLoadError
from sealgate.plugins import elbv2
from sealgate.rules import RULE_ID


@pytest.mark.parametrize(
    ("rule_id", "family"),
    [
        pytest.param("SQS001", "SQS", id="letters"),
        pytest.param("ELBV2001", "ELBV2", id="digit-in-family"),
        pytest.param("S3001", "S3", id="digit-ends-family"),
    ],
)
def test_registry_rule_id_family(rule_id: str, family: str) -> None:
    match = RULE_ID.match(rule_id)
    assert match is not None
    assert match.group("family") == family


@pytest.mark.parametrize(
    ("family", "prefix"),
    [("sqs", "SQS"), ("elbv2", "ELBV2"), ("lambda_", "LAMBDA")],
)
def test_registry_family_prefix(family: str, prefix: str) -> None:
    assert registry.family_prefix(family) == prefix


def test_registry_rejects_prefix_without_the_digit() -> None:
    # a family key with a digit needs the digit in its ids too
    module = types.SimpleNamespace(RULES=elbv2.RULES)
    with pytest.raises(PluginLoadError) as error:
        registry.load({"elbv": module})  # type: ignore[dict-item]
    assert str(error.value) == (
        "invalid plugin rules:\n"
        "plugin 'elbv', rule 'ELBV2001': id must start with 'ELBV'\n"
        "plugin 'elbv', rule 'ELBV2002': id must start with 'ELBV'"
    )


def test_registry_families_sorted() -> None:
    from sealgate.plugins import FAMILIES

    assert list(FAMILIES) == sorted(FAMILIES)
