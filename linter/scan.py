"""Paths in, a sorted report out: discover, parse, judge."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass

from sealgate import engine
from sealgate import load
from sealgate.baseline import Entry
from sealgate.discover import discover
from sealgate.engine import Verdict
from sealgate.errors import InputError
from sealgate.options import Options
from sealgate.registry import Registry

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Report:
    """Everything one run found, sorted for deterministic output."""

    verdicts: tuple[Verdict, ...]
    errors: tuple[InputError, ...]
    files: int
    """How many files were read as templates or plans."""
    read: tuple[str, ...] = ()
    """The files read as templates or plans, in the order read."""
    fixed: tuple[Entry, ...] = ()
    """Baseline entries of the files read that no longer fail (set by policy)."""
    warnings: tuple[str, ...] = ()
    """Problems worth a word that change no verdict (a suppression without
    a reason)."""


def scan(
    paths: Iterable[str],
    registry: Registry,
    *,
    parameters: Mapping[str, str] | None = None,
    options: Options | None = None,
) -> Report:
    """Check every template and plan under ``paths``."""
    verdicts: list[Verdict] = []
    errors: list[InputError] = []
    read: list[str] = []
    for found in discover(paths):
        if isinstance(found, InputError):
            errors.append(found)
            continue
        try:
            document = load.load(found, parameters)
        except InputError as error:
            log.debug("cannot read %r: %s", found, error.reason)
            errors.append(error)
            continue
        if document is None:
            continue
        read.append(found)
        verdicts.extend(engine.judge(document, registry, options))
    verdicts.sort(key=lambda verdict: verdict.sort_key)
    errors.sort(key=lambda error: error.file)
    return Report(tuple(verdicts), tuple(errors), len(read), tuple(read))
