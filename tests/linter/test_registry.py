from __future__ import annotations

import pathlib

import pytest

from sealgate import registry


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
    assert [rule.id for rule in registry.load().rules] == ["KINESIS001", "SQS001"]
