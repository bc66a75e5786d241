#!/usr/bin/env python3
"""Benchmark sealgate against checkov and cfn-lint on identical inputs.

    python bench/run.py            # the full table (a few minutes)
    python bench/run.py --quick    # a smoke run: inputs a tenth the size, one round

Each row is one input: one template (the pre-commit case), 300 small
templates, 2,000 templates of mixed size (about 20,000 resources), one plan
with 10,000 resource changes, and ../shared/corpus as it is. The tools run in
alternating order, round after round, each as a fresh process from start to
exit; the table shows the median wall time, the median peak memory and the
ratio sealgate / peer. A peer whose first run on an input takes longer than
``--peer-budget`` seconds runs once on it. Nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass

# run as a script (python bench/run.py): make the repository importable
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import estate  # noqa: E402
from bench import measure  # noqa: E402
from bench import peers  # noqa: E402
from bench import plan  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
EXPECTED_CODES = {
    "sealgate": {0, 1, 2},  # clean, findings, unreadable input
    "checkov": {0, 1},  # clean, failed checks
    "cfn-lint": {0, 2, 4, 6, 8, 10, 12, 14},  # bit mask: error, warning, info
}


@dataclass(frozen=True)
class Row:
    """One input of the table, with what it holds."""

    label: str
    target: peers.Target
    files: int
    resources: int
    large: bool


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments(argv)
    tools, missing = peers.find(args.tools)
    for name in missing:
        print(f"note: {name} is not next to {sys.executable} or on PATH; skipped")
    if not tools:
        return 2
    env = _environment()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="sealgate-bench-") as folder:
        rows = _inputs(pathlib.Path(folder), args.quick)
        _warm_up(tools, rows[0], env)
        results = {row.label: _measure(row, tools, env, args) for row in rows}
    print(_table(rows, tools, results))
    print()
    print(_machine(tools, env))
    print(f"Reproduce: `python bench/run.py{' --quick' if args.quick else ''}`")
    print(f"(bench took {time.perf_counter() - started:.0f} s)")
    return 0


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="Inputs a tenth the size, one round."
    )
    parser.add_argument(
        "--rounds", type=int, default=5, help="Rounds on small inputs (default 5)."
    )
    parser.add_argument(
        "--large-rounds",
        type=int,
        default=3,
        help="Rounds on the large inputs (default 3).",
    )
    parser.add_argument(
        "--peer-budget",
        type=float,
        default=8.0,
        help="A peer slower than this many seconds on an input runs once on it.",
    )
    parser.add_argument(
        "--peer-timeout",
        type=float,
        default=60.0,
        help="A peer run longer than this many seconds is stopped (shown as >).",
    )
    parser.add_argument(
        "--tools",
        nargs="+",
        default=["sealgate", "checkov", "cfn-lint"],
        help="The tools to run (default: all three).",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds = args.large_rounds = 1
    return args


def _environment() -> dict[str, str]:
    env = dict(os.environ, NO_COLOR="1", LC_ALL="C.UTF-8")
    # every tool runs as installed, with its bytecode cached: a shell that
    # forbids writing bytecode would make each run recompile from source
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _inputs(folder: pathlib.Path, quick: bool) -> list[Row]:
    scale = 10 if quick else 1
    one = estate.write(folder / "one", 1, size="medium", seed=1)
    small = estate.write(folder / "small", 300 // scale, size="small", seed=2)
    mixed = estate.write(folder / "mixed", 2000 // scale, seed=3)
    changes = 10_000 // scale
    plan_file = folder / "plan.json"
    plan.write(plan_file, changes)
    rows = [
        Row("1 template", _cfn(one.files), 1, one.resources, False),
        _folder_row(f"{len(small.files):,} small templates", small, False),
        _folder_row(f"{len(mixed.files):,} mixed templates", mixed, True),
        Row(
            f"1 plan, {changes:,} changes",
            peers.Target((str(plan_file),), (), ("terraform_plan",)),
            1,
            changes,
            True,
        ),
    ]
    if CORPUS.is_dir():
        rows.append(_corpus_row())
    else:
        print(f"note: {CORPUS} is missing; its row is skipped")
    return rows


def _cfn(files: Sequence[pathlib.Path]) -> peers.Target:
    names = tuple(str(file) for file in files)
    return peers.Target(names, names, ("cloudformation",))


def _folder_row(label: str, written: estate.Estate, large: bool) -> Row:
    templates = tuple(str(file) for file in written.files)
    target = peers.Target((str(written.root),), templates, ("cloudformation",))
    return Row(label, target, len(written.files), written.resources, large)


def _corpus_row() -> Row:
    """The corpus as it is; cfn-lint gets the files sealgate reads as templates."""
    from sealgate import load
    from sealgate.discover import discover
    from sealgate.errors import InputError

    templates, files, resources = [], 0, 0
    for found in discover([str(CORPUS)]):
        try:
            document = None if isinstance(found, InputError) else load.load(found)
        except InputError:
            continue
        if document is None:
            continue
        files += 1
        resources += len(document.resources)
        if document.format.is_cloudformation:
            templates.append(found)
    target = peers.Target(
        (str(CORPUS),), tuple(templates), ("cloudformation", "terraform_plan")
    )
    return Row("../shared/corpus", target, files, resources, False)


def _warm_up(tools: Sequence[peers.Tool], row: Row, env: dict[str, str]) -> None:
    # first runs write bytecode caches and fill the page cache; not counted
    for tool in tools:
        command = tool.command(row.target)
        if command is not None:
            measure.run(command, env, 120)


def _measure(
    row: Row,
    tools: Sequence[peers.Tool],
    env: dict[str, str],
    args: argparse.Namespace,
) -> dict[str, measure.Summary]:
    rounds = args.large_rounds if row.large else args.rounds
    samples: dict[str, list[measure.Sample]] = {tool.name: [] for tool in tools}
    for number in range(rounds):
        # alternate the order so no tool always runs on a cache the other warmed
        shift = number % len(tools)
        for tool in [*tools[shift:], *tools[:shift]]:
            command = tool.command(row.target)
            done = samples[tool.name]
            if command is None:
                continue
            if done and (done[0].seconds > args.peer_budget or done[0].timed_out):
                continue
            timeout = None if tool.name == "sealgate" else args.peer_timeout
            sample = measure.run(command, env, timeout)
            if sample.timed_out:
                print(f"note: {tool.name} stopped after {timeout:.0f} s on {row.label}")
            elif sample.code not in EXPECTED_CODES[tool.name]:
                print(
                    f"warning: {tool.name} exited {sample.code} on {row.label}: "
                    f"{sample.stderr.strip()[-300:]}",
                    file=sys.stderr,
                )
            done.append(sample)
        print(f"  {row.label}: round {number + 1}/{rounds} done", file=sys.stderr)
    return {
        name: measure.Summary(tuple(done)) for name, done in samples.items() if done
    }


def _table(
    rows: Sequence[Row],
    tools: Sequence[peers.Tool],
    results: dict[str, dict[str, measure.Summary]],
) -> str:
    names = [tool.name for tool in tools]
    header = ["input", "files", "resources"]
    for name in names:
        header += [f"{name} s", f"{name} MiB"]
    header += [f"sealgate / {name}" for name in names if name != "sealgate"]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for row in rows:
        got = results[row.label]
        cells = [row.label, f"{row.files:,}", f"{row.resources:,}"]
        for name in names:
            cells += _cells(got.get(name))
        ours = got.get("sealgate")
        for name in names:
            if name != "sealgate":
                cells.append(_ratio(ours, got.get(name)))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _cells(summary: measure.Summary | None) -> list[str]:
    if summary is None:
        return ["n/a", "n/a"]
    if summary.timed_out:  # stopped: the time is a lower bound
        return [f"> {summary.seconds:.0f}", "killed"]
    runs = len(summary.samples)
    once = "" if runs > 1 else " (1 run)"
    return [f"{summary.seconds:.2f}{once}", f"{summary.peak_mib:.0f}"]


def _ratio(ours: measure.Summary | None, theirs: measure.Summary | None) -> str:
    if ours is None or theirs is None:
        return "n/a"
    ratio = ours.seconds / theirs.seconds
    if theirs.timed_out:
        return f"< {ratio:.3f} (more than {1 / ratio:.0f}x faster)"
    return f"{ratio:.3f} ({1 / ratio:.0f}x faster)"


def _machine(tools: Sequence[peers.Tool], env: dict[str, str]) -> str:
    memory = _meminfo().get("MemTotal", "?")
    versions = ", ".join(
        f"{tool.name} {_version(tool, env)}" for tool in tools if tool.name
    )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"Load average at the end (1, 5, 15 min): {load}.\n"
        f"Machine: {os.cpu_count()} CPUs ({len(os.sched_getaffinity(0))} usable), "
        f"{_cpu_model()}, {memory} RAM; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; {versions}."
    )


def _cpu_model() -> str:
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _meminfo() -> dict[str, str]:
    try:
        lines = pathlib.Path("/proc/meminfo").read_text().splitlines()
    except OSError:
        return {}
    info = {}
    for line in lines:
        key, _, value = line.partition(":")
        kib = value.split()[0] if value.split() else "0"
        info[key] = f"{int(kib) / 2**20:.1f} GiB" if kib.isdigit() else value.strip()
    return info


def _version(tool: peers.Tool, env: dict[str, str]) -> str:
    done = subprocess.run(
        [tool.executable, "--version"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    words = (done.stdout or done.stderr).split()
    return words[-1] if words else "?"


if __name__ == "__main__":
    raise SystemExit(main())
