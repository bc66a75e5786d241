"""Paths in, a sorted report out: discover, parse, judge."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass

from sealgate import engine
from sealgate import load
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


def scan(
    paths: Iterable[str],
    registry: Registry,
    *,
    parameters: Mapping[str, str] | None = None,
    options: Options | None = None,
) -> Report:
    """Check every template and plan under ``paths``.

    A file that cannot be read or judged becomes an error of the report, and
    contributes no verdicts; the other files are still checked.
    """
    paths = list(paths)
    named = {os.path.normpath(path) for path in paths}
    verdicts: list[Verdict] = []
    errors: list[InputError] = []
    files = 0
    for found in discover(paths):
        try:
            judged = _check(found, named, registry, parameters, options)
        except InputError as error:
            log.debug("cannot check %r: %s", error.file, error.reason)
            errors.append(error)
            continue
        if judged is not None:
            files += 1
            verdicts.extend(judged)
    verdicts.sort(key=lambda verdict: verdict.sort_key)
    errors.sort(key=lambda error: error.file)
    return Report(tuple(verdicts), tuple(errors), files)


def _check(
    found: str | InputError,
    named: set[str],
    registry: Registry,
    parameters: Mapping[str, str] | None,
    options: Options | None,
) -> list[Verdict] | None:
    if isinstance(found, InputError):
        raise found
    document = load.load(found, parameters, named=os.path.normpath(found) in named)
    if document is None:
        return None
    # a wrongly typed value in a field a check reads raises InputError while
    # judging; the whole list first, so that such a file adds no verdicts
    return list(engine.judge(document, registry, options))
