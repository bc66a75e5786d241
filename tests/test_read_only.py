"""sealgate reads its inputs and never writes them, nor anything beside them."""

from __future__ import annotations

import hashlib
import os
import pathlib
import shutil

import pytest

from tests.conftest import FIXTURES
from tests.conftest import ROOT
from tests.conftest import SHARED
from tests.conftest import Run

Snapshot = dict[str, tuple[int, int, str]]


def _snapshot(root: pathlib.Path) -> Snapshot:
    """Every entry under ``root``: mtime, mode and content hash (links unfollowed)."""
    seen: Snapshot = {}
    for folder, folders, files in os.walk(root):
        for name in sorted(folders + files):
            path = os.path.join(folder, name)
            info = os.lstat(path)
            digest = ""
            if os.path.isfile(path) and not os.path.islink(path):
                digest = hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()
            seen[os.path.relpath(path, root)] = (info.st_mtime_ns, info.st_mode, digest)
    return seen


@pytest.fixture
def inputs(tmp_path: pathlib.Path) -> pathlib.Path:
    """Copies of the fixtures, the example, the corpus and some broken files."""
    root = tmp_path / "inputs"
    shutil.copytree(FIXTURES, root / "fixtures")
    shutil.copytree(ROOT / "examples", root / "examples")
    if (SHARED / "corpus").is_dir():
        shutil.copytree(SHARED / "corpus", root / "corpus", symlinks=True)
    broken = root / "broken"
    broken.mkdir()
    (broken / "empty.yaml").write_text("")
    (broken / "invalid.yaml").write_text("Resources: [\n")
    (broken / "twice.json").write_text('{"Resources": {"A": {}, "A": {}}}')
    (broken / "loop.yaml").symlink_to("loop.yaml")
    return root


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_read_only_inputs_are_unchanged_after_a_run(
    fmt: str, inputs: pathlib.Path, run: Run
) -> None:
    before = _snapshot(inputs)

    code, out, _ = run("check", "--format", fmt, str(inputs))

    assert code == 2  # the broken files are reported
    assert out
    assert _snapshot(inputs) == before


def test_read_only_output_is_the_only_new_file(
    inputs: pathlib.Path, tmp_path: pathlib.Path, run: Run
) -> None:
    report = tmp_path / "report.json"
    before = _snapshot(tmp_path)

    code, out, _ = run("check", "--format", "json", "-o", str(report), str(inputs))

    after = _snapshot(tmp_path)
    assert (code, out) == (2, "")
    assert sorted(set(after) - set(before)) == ["report.json"]
    assert {name: after[name] for name in before} == before
