"""Paths in, a sorted report out: discover, parse, judge."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field

from sealgate import engine
from sealgate import load
from sealgate.baseline import Entry
from sealgate.discover import discover
from sealgate.engine import Verdict
from sealgate.errors import InputError
from sealgate.model import Document
from sealgate.model import Format
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
    """How many files (or Terraform module folders) were read."""
    notes: tuple[str, ...] = field(default=())
    """What an input could not judge (a module whose source is not fetched)."""
    read: tuple[str, ...] = ()
    """The files read as templates or plans, in the order read."""
    fixed: tuple[Entry, ...] = ()
    """Baseline entries of the files read that no longer fail (set by policy)."""
    warnings: tuple[str, ...] = ()
    """Problems worth a word that change no verdict (a suppression without
    a reason)."""


@dataclass(frozen=True, slots=True)
class Inputs:
    """Values the inputs are read with, beyond their own text."""

    parameters: Mapping[str, str] | None = None
    """CloudFormation parameter values (``--parameter``)."""
    variables: Mapping[str, str] | None = None
    """Terraform root variable values (``--var``)."""
    var_files: Sequence[str] = ()
    """Terraform variable files (``--var-file``)."""
    source: str | None = None
    """The Terraform folder a plan was made from (``--source``)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What reading and judging one file gave."""

    verdicts: list[Verdict]
    error: InputError | None
    read: bool
    """Whether the file was a template, a plan or a Terraform module."""
    notes: tuple[str, ...] = ()
    """What the input could not judge, said once."""
    declared: frozenset[str] = frozenset()
    """The parameter (template) or variable (module) names the input declares."""
    format: Format | None = None


def scan(
    paths: Iterable[str],
    registry: Registry,
    *,
    options: Options | None = None,
    inputs: Inputs | None = None,
    jobs: int | None = None,
) -> Report:
    """Check every template, plan and Terraform module under ``paths``.

    A file that cannot be read or judged becomes an error of the report, and
    contributes no verdicts; the other files are still checked. ``jobs`` is
    the number of processes; None chooses one for a few small files (no pool
    to start) and every usable CPU for large inputs.
    """
    inputs = inputs or Inputs()
    paths = list(paths)
    named = frozenset(os.path.normpath(path) for path in paths)
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

        outcomes = pool.check(files, workers, registry, inputs, named, options)
    else:
        outcomes = [check(file, registry, inputs, named, options) for file in files]

    verdicts: list[Verdict] = []
    notes: list[str] = []
    read: list[str] = []
    for file, outcome in zip(files, outcomes, strict=True):
        verdicts += outcome.verdicts
        notes += outcome.notes
        if outcome.error is not None:
            errors.append(outcome.error)
        if outcome.read:
            read.append(file)
    verdicts.sort(key=lambda verdict: verdict.sort_key)
    errors.sort(key=lambda error: error.file)
    warnings = _undeclared(inputs, outcomes)
    return Report(
        tuple(verdicts),
        tuple(errors),
        len(read),
        tuple(notes),
        tuple(read),
        warnings=warnings,
    )


def _undeclared(inputs: Inputs, outcomes: Sequence[Outcome]) -> tuple[str, ...]:
    """A --parameter or --var no input read declares: most likely a typo."""
    warnings = []
    given = (
        (inputs.parameters, "--parameter", (Format.CFN_YAML, Format.CFN_JSON)),
        (inputs.variables, "--var", (Format.TF_HCL,)),
    )
    for values, option, formats in given:
        read = [outcome for outcome in outcomes if outcome.format in formats]
        declared = frozenset().union(*(outcome.declared for outcome in read))
        for name in sorted(set(values or ()) - declared):
            if read:
                warnings.append(f"{option} {name} names nothing the inputs declare")
    return tuple(warnings)


def check(
    file: str,
    registry: Registry,
    inputs: Inputs | None = None,
    named: frozenset[str] = frozenset(),
    options: Options | None = None,
) -> Outcome:
    """Read and judge one file (or Terraform module folder)."""
    try:
        document = _document(file, named, inputs or Inputs())
        if document is None:
            return Outcome([], None, False)
        # a wrongly typed value in a field a check reads raises InputError
        # while judging; the whole list first, so such a file adds nothing
        judged = list(engine.judge(document, registry, options))
    except InputError as error:
        log.debug("cannot check %r: %s", file, error.reason)
        return Outcome([], error, False)
    notes = tuple(f"{document.file}: {note}" for note in document.notes)
    return Outcome(judged, None, True, notes, document.declared, document.format)


def _document(found: str, named: frozenset[str], inputs: Inputs) -> Document | None:
    document = load.load(
        found,
        inputs.parameters,
        named=os.path.normpath(found) in named,
        variables=inputs.variables,
        var_files=inputs.var_files,
    )
    if document is None or inputs.source is None:
        return document
    if document.format is not Format.TF_PLAN:
        return document
    from sealgate import plan_source

    # the source is evaluated with the values the plan was made with
    variables = {**plan_source.plan_variables(found), **(inputs.variables or {})}
    source = load.load(inputs.source, variables=variables, var_files=inputs.var_files)
    if source is None:
        return document
    return plan_source.attach(document, source)


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
