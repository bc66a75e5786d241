"""sealgate's verdicts on the resources of one file, for the packs to report.

checkov and cfn-lint each ask about one resource at a time; re-reading the
file with sealgate's own parser and judging it with the engine keeps their
verdicts identical to ``sealgate check``. Parsed files and verdicts are
cached by path and modification stamp, so a file is read once per run
however many resources and rules ask about it.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping

from sealgate import engine
from sealgate import load
from sealgate import registry
from sealgate.engine import Verdict
from sealgate.errors import InputError
from sealgate.model import Document
from sealgate.registry import Registry
from sealgate.rules import Rule
from sealgate.rules import Status

Stamp = tuple[str, int, int]
"""A file's real path, modification time and size: the cache key."""
Parameters = tuple[tuple[str, str], ...]
"""CloudFormation parameter values, sorted, as the cache can hold them."""


@functools.cache
def rules() -> tuple[Rule, ...]:
    """Every registered rule (built-in and third-party), loaded once."""
    return registry.load().rules


def stamp(path: str) -> Stamp | None:
    """The cache key of a file, or None when there is no such file."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if not os.path.isfile(path):
        return None
    return (os.path.realpath(path), info.st_mtime_ns, info.st_size)


def for_file(
    key: Stamp, rule: Rule, parameters: Parameters = ()
) -> Mapping[str, Verdict]:
    """The verdicts of ``rule`` on the file ``key`` names, by resource address.

    ``parameters`` give CloudFormation parameters values, as ``-p`` does.
    Raises InputError when sealgate cannot read the file; a file that is
    neither a template nor a plan has no verdicts.
    """
    document = _document(key, parameters)
    if isinstance(document, InputError):
        raise document
    if document is None:
        return {}
    return _judged(key, rule, parameters)


def of_document(document: Document, rule: Rule) -> Mapping[str, Verdict]:
    """The verdict of ``rule`` on each resource of a document, by address.

    A rule may give one resource several verdicts (KMS.KeyAccess, one per
    role); the tools show one result per resource, so the worst one stands.
    """
    worst: dict[str, Verdict] = {}
    for verdict in engine.judge(document, Registry([rule])):
        seen = worst.get(verdict.resource.address)
        if seen is None or _RANK[verdict.status] > _RANK[seen.status]:
            worst[verdict.resource.address] = verdict
    return worst


_RANK = {Status.PASS: 0, Status.UNKNOWN: 1, Status.FAIL: 2}


@functools.lru_cache(maxsize=32)
def _document(key: Stamp, parameters: Parameters) -> Document | InputError | None:
    # the error is cached too: a broken file is reported once per rule, not parsed
    # again for every resource checkov asks about
    try:
        return load.load(key[0], dict(parameters))
    except InputError as error:
        return error


@functools.lru_cache(maxsize=256)
def _judged(key: Stamp, rule: Rule, parameters: Parameters) -> Mapping[str, Verdict]:
    document = _document(key, parameters)
    if not isinstance(document, Document):
        return {}
    return of_document(document, rule)
