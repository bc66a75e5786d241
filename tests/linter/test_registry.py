from __future__ import annotations

import dataclasses
import pathlib
import types

import pytest

from sealgate import registry
from sealgate.errors import PluginLoadError
from sealgate.plugins import FAMILIES
from sealgate.plugins import elbv2
from sealgate.plugins import sqs
from sealgate.rules import RULE_ID


def family(*rules: object) -> types.ModuleType:
    module = types.ModuleType("fake")
    module.RULES = rules  # type: ignore[attr-defined]
    return module


GOOD = sqs.RULES[0]


def test_registry_families_dict_is_sorted() -> None:
    assert list(FAMILIES) == sorted(FAMILIES)


def test_registry_loads_built_in_rules_sorted_by_id() -> None:
    ids = [rule.id for rule in registry.load().rules]
    assert ids == sorted(ids)
    assert {"SQS001", "KINESIS001"} <= set(ids)


def test_registry_indexes_rules_by_resource_type() -> None:
    loaded = registry.load()
    assert "SQS001" in [r.id for r in loaded.for_type("aws_sqs_queue")]
    assert loaded.for_type("AWS::Lambda::Function") == []


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"id": "SQS1"}, "plugin 'sqs', rule 'SQS1': id must match"),
        ({"id": "KMS001"}, "plugin 'sqs', rule 'KMS001': id must start with 'SQS'"),
        ({"title": " "}, "plugin 'sqs', rule 'SQS001': title is empty"),
        ({"description": ""}, "plugin 'sqs', rule 'SQS001': description is empty"),
        (
            {"source_url": "docs.aws"},
            "plugin 'sqs', rule 'SQS001': source_url must be an https:// link",
        ),
        (
            {"resource_types": frozenset({"AWS::S3::Bucket"})},
            "plugin 'sqs', rule 'SQS001': no field table entry for ['AWS::S3::Bucket']",
        ),
    ],
)
def test_registry_rejects_broken_rules(
    changes: dict[str, object], problem: str
) -> None:
    broken = dataclasses.replace(GOOD, **changes)  # type: ignore[arg-type]
    with pytest.raises(PluginLoadError) as raised:
        registry.load({"sqs": family(broken)})
    assert problem in str(raised.value)


def test_registry_rejects_duplicate_ids_naming_both_plugins() -> None:
    with pytest.raises(PluginLoadError) as raised:
        registry.load({"sqs": family(GOOD), "sqs_": family(GOOD)})
    assert str(raised.value) == (
        "invalid plugin rules:\n"
        "plugin 'sqs_', rule 'SQS001': id already used by plugin 'sqs'"
    )


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


def _dist(folder: pathlib.Path, name: str, entry_points: str) -> None:
    info = folder / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "entry_points.txt").write_text(entry_points)


def test_registry_declared_anywhere_finds_the_group(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dist(tmp_path, "other", "[console_scripts]\nother = other:main\n")
    _dist(tmp_path, "extra", "[sealgate.plugins]\nredis = extra.redis\n")
    monkeypatch.setattr("sys.path", [str(tmp_path)])

    assert registry._declared_anywhere("sealgate.plugins") is True


def test_registry_declared_anywhere_no_distribution_names_it(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dist(tmp_path, "other", "[console_scripts]\nother = other:main\n")
    monkeypatch.setattr("sys.path", [str(tmp_path), str(tmp_path / "missing")])

    assert registry._declared_anywhere("sealgate.plugins") is False


def test_registry_declared_anywhere_zip_on_path_counts_as_yes(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "bundle.zip"
    archive.write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    monkeypatch.setattr("sys.path", [str(archive)])

    assert registry._declared_anywhere("sealgate.plugins") is True


def test_registry_load_without_plugins_has_the_built_in_rules() -> None:
    built_in = sorted(rule.id for module in FAMILIES.values() for rule in module.RULES)
    assert [rule.id for rule in registry.load().rules] == built_in
