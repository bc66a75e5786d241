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


def scan(
    paths: Iterable[str],
    registry: Registry,
    *,
    parameters: Mapping[str, str] | None = None,
    options: Options | None = None,
    inputs: Inputs | None = None,
) -> Report:
    """Check every template, plan and Terraform module under ``paths``.

    A file that cannot be read or judged becomes an error of the report, and
    contributes no verdicts; the other files are still checked.
    """
    inputs = inputs or Inputs(parameters=parameters)
    paths = list(paths)
    named = {os.path.normpath(path) for path in paths}
    verdicts: list[Verdict] = []
    errors: list[InputError] = []
    notes: list[str] = []
    read: list[str] = []
    for found in discover(paths):
        if isinstance(found, InputError):
            errors.append(found)
            continue
        try:
            document = _document(found, named, inputs)
            # a wrongly typed value in a field a check reads raises InputError
            # while judging; the whole list first, so such a file adds nothing
            judged = list(engine.judge(document, registry, options)) if document else []
        except InputError as error:
            log.debug("cannot check %r: %s", error.file, error.reason)
            errors.append(error)
            continue
        if document is not None:
            read.append(found)
            notes += [f"{document.file}: {note}" for note in document.notes]
            verdicts.extend(judged)
    verdicts.sort(key=lambda verdict: verdict.sort_key)
    errors.sort(key=lambda error: error.file)
    return Report(tuple(verdicts), tuple(errors), len(read), tuple(notes), tuple(read))


def _document(found: str, named: set[str], inputs: Inputs) -> Document | None:
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
