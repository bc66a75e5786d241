from __future__ import annotations

import pathlib
import shutil

from sealgate import registry
from sealgate.reporters import WRITERS
from sealgate.scan import PARALLEL_FILES
from sealgate.scan import _workers
from sealgate.scan import scan

ROOT = pathlib.Path(__file__).parent.parent.parent


def _inputs(tmp_path: pathlib.Path) -> list[str]:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    shutil.copytree(ROOT / "fixtures", tmp_path / "fixtures")
    (tmp_path / "broken.yaml").write_text("Resources:\n  A: [\n")
    return [str(tmp_path)]


def test_scan_pool_gives_the_same_report_as_one_process(
    tmp_path: pathlib.Path,
) -> None:
    rules = registry.load()
    paths = _inputs(tmp_path)

    alone = scan(paths, rules, jobs=1)
    pooled = scan(paths, rules, jobs=2)

    assert WRITERS["json"](pooled, False) == WRITERS["json"](alone, False)
    assert pooled.files == alone.files == len(alone.read) > 0
    assert [error.file for error in pooled.errors] == [str(paths[0] + "/broken.yaml")]


def test_scan_pool_verdicts_point_at_the_parent_rules(tmp_path: pathlib.Path) -> None:
    rules = registry.load()

    pooled = scan(_inputs(tmp_path), rules, jobs=2)

    by_id = {rule.id: rule for rule in rules.rules}
    assert pooled.verdicts
    assert all(v.rule is by_id[v.rule.id] for v in pooled.verdicts)


def test_scan_pool_keeps_input_errors(tmp_path: pathlib.Path) -> None:
    pooled = scan(_inputs(tmp_path), registry.load(), jobs=2)

    assert [(e.file, e.reason) for e in pooled.errors] == [
        (
            str(tmp_path / "broken.yaml"),
            "invalid YAML: line 3: did not find expected node content",
        )
    ]


def test_scan_workers_one_process_for_few_small_files() -> None:
    assert _workers(["examples/orders-stack.yaml"]) == 1
    assert _workers(["examples/orders-stack.yaml"] * 3) == 1


def test_scan_workers_every_cpu_for_many_files(monkeypatch) -> None:
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 1}, raising=False)

    assert _workers(["a.yaml"] * PARALLEL_FILES) == 2
    assert _workers(["a.yaml"] * (PARALLEL_FILES - 1)) == 1
