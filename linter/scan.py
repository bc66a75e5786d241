"""Paths in, a sorted report out: discover, parse, judge."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass

from sealgate import engine
from sealgate import load
from sealgate.discover import discover
from sealgate.engine import Verdict
from sealgate.errors import InputError
from sealgate.options import Options
from sealgate.registry import Registry

log = logging.getLogger(__name__)

PARALLEL_FILES = 64
"""From this many files on, files are read by a pool of processes."""
PARALLEL_BYTES = 8 * 2**20
"""Or from this many bytes on, over two files or more."""


@dataclass(frozen=True, slots=True)
class Report:
    """Everything one run found, sorted for deterministic output."""

    verdicts: tuple[Verdict, ...]
    errors: tuple[InputError, ...]
    files: int
    """How many files were read as templates or plans."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What reading and judging one file gave."""

    verdicts: list[Verdict]
    error: InputError | None
    read: bool
    """Whether the file was a template or a plan."""


def scan(
    paths: Iterable[str],
    registry: Registry,
    *,
    parameters: Mapping[str, str] | None = None,
    options: Options | None = None,
    jobs: int | None = None,
) -> Report:
    """Check every template and plan under ``paths``.

    ``jobs`` is the number of processes; None chooses one for a few small
    files (no pool to start) and every usable CPU for large inputs.
    """
    errors: list[InputError] = []
    files: list[str] = []
    for found in discover(paths):
        if isinstance(found, InputError):
            errors.append(found)
        else:
            files.append(found)

    workers = jobs if jobs is not None else _workers(files)
    if workers > 1 and len(files) > 1:
        from sealgate import pool

        outcomes = pool.check(files, workers, registry, parameters, options)
    else:
        outcomes = [check(file, registry, parameters, options) for file in files]

    verdicts: list[Verdict] = []
    for outcome in outcomes:
        verdicts += outcome.verdicts
        if outcome.error is not None:
            errors.append(outcome.error)
    verdicts.sort(key=lambda verdict: verdict.sort_key)
    errors.sort(key=lambda error: error.file)
    read = sum(outcome.read for outcome in outcomes)
    return Report(tuple(verdicts), tuple(errors), read)


def check(
    file: str,
    registry: Registry,
    parameters: Mapping[str, str] | None = None,
    options: Options | None = None,
) -> Outcome:
    """Read and judge one file."""
    try:
        document = load.load(file, parameters)
    except InputError as error:
        log.debug("cannot read %r: %s", file, error.reason)
        return Outcome([], error, False)
    if document is None:
        return Outcome([], None, False)
    return Outcome(list(engine.judge(document, registry, options)), None, True)


def _workers(files: Sequence[str]) -> int:
    """One process for the pre-commit case; every usable CPU for large inputs."""
    if hasattr(os, "sched_getaffinity"):  # the CPUs this process may use
        cpus = len(os.sched_getaffinity(0))
    else:  # pragma: no cover - macOS and Windows
        cpus = os.cpu_count() or 1
    if cpus < 2 or len(files) < 2:
        return 1
    if len(files) >= PARALLEL_FILES:
        return cpus
    size = 0
    for file in files:
        try:
            size += os.stat(file).st_size
        except OSError:
            continue  # reported when the file is read
        if size >= PARALLEL_BYTES:
            return cpus
    return 1
