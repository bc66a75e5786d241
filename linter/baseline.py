"""Baselines: today's failures recorded, so that only new ones fail the gate.

An entry matches a failure by file, resource, rule and a fingerprint of the
values that decided it, never by line: moving a resource, reformatting the
file or adding comments keeps the match; changing a deciding value makes the
failure new. Files are recorded relative to the baseline's own folder, so the
gate finds the same entries from any working folder.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sealgate import destination
from sealgate.engine import Verdict
from sealgate.errors import LinterError
from sealgate.model import plain

VERSION = 1


@dataclass(frozen=True, slots=True, order=True)
class Entry:
    """One recorded failure."""

    file: str
    resource: str
    rule: str
    fingerprint: str
    control: str
    """Kept for readers of the file; matching ignores it."""

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What a current failure must equal to match this entry."""
        return (self.file, self.resource, self.rule, self.fingerprint)


def values_digest(verdict: Verdict) -> str:
    """A digest of the rule and the deciding values, without places or lines."""
    values = [[field.name, plain(field.value)] for field in verdict.evidence]
    text = json.dumps([verdict.rule.id, values], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def fingerprint(verdict: Verdict) -> str:
    """A stable identity of a finding: file, resource, rule and deciding values."""
    file = portable(verdict.resource.origin.file)
    text = json.dumps([file, verdict.resource.address, values_digest(verdict)])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def portable(path: str) -> str:
    """A path written the same way on every system and from every spelling."""
    return os.path.normpath(path).replace(os.sep, "/")


@dataclass(frozen=True, slots=True)
class Baseline:
    """The failures recorded in one baseline file."""

    path: str
    entries: tuple[Entry, ...]

    def entry(self, verdict: Verdict) -> Entry:
        """``verdict`` as this baseline would record it."""
        return Entry(
            self.entry_file(verdict.resource.origin.file),
            verdict.resource.address,
            verdict.rule.id,
            values_digest(verdict),
            verdict.rule.control,
        )

    def entry_file(self, file: str) -> str:
        """``file`` relative to the baseline's folder, as entries record it."""
        folder = os.path.dirname(os.path.abspath(self.path))
        return portable(os.path.relpath(os.path.abspath(file), folder))

    def fixed(self, matched: Iterable[Entry], read: Iterable[str]) -> tuple[Entry, ...]:
        """Entries of the files read this run that no current failure matches."""
        keys = {entry.key for entry in matched}
        files = {self.entry_file(file) for file in read}
        return tuple(
            entry
            for entry in self.entries
            if entry.file in files and entry.key not in keys
        )


def create(path: str, failures: Iterable[Verdict]) -> Baseline:
    """Record ``failures`` in a new baseline written to ``path``."""
    empty = Baseline(path, ())
    entries = tuple(sorted({empty.entry(verdict) for verdict in failures}))
    document = {
        "version": VERSION,
        "tool": "sealgate",
        "results": [_entry_data(entry) for entry in entries],
    }
    destination.write(path, json.dumps(document, indent=2, sort_keys=True) + "\n")
    return Baseline(path, entries)


def read(path: str) -> Baseline:
    """Load a baseline; a LinterError naming the file when it cannot be used."""
    try:
        with open(path, encoding="utf-8") as stream:
            data = json.load(stream)
    except OSError as error:
        raise LinterError(
            f"cannot read baseline {path!r}: {error.strerror}; create one with "
            f"`sealgate baseline create {path} PATH...`."
        ) from None
    except ValueError as error:
        raise LinterError(f"baseline {path!r} is not valid JSON: {error}.") from None
    try:
        return Baseline(path, _entries(data))
    except (KeyError, TypeError, ValueError) as error:
        raise LinterError(
            f"baseline {path!r} is not a sealgate baseline ({error}); "
            f"recreate it with `sealgate baseline create {path} PATH...`."
        ) from None


def _entries(data: Any) -> tuple[Entry, ...]:
    if not isinstance(data, dict):
        raise ValueError("its top level is not a JSON object")
    if data.get("version") != VERSION:
        raise ValueError(f"version {data.get('version')!r}, expected {VERSION}")
    return tuple(_entry(row) for row in data["results"])


def _entry(row: Any) -> Entry:
    file, resource, rule, digest = (
        row[name] for name in ("file", "resource", "rule", "fingerprint")
    )
    if not all(isinstance(value, str) for value in (file, resource, rule, digest)):
        raise ValueError("every entry needs file, resource, rule and fingerprint")
    return Entry(file, resource, rule, digest, str(row.get("control", "")))


def _entry_data(entry: Entry) -> dict[str, str]:
    return {
        "file": entry.file,
        "resource": entry.resource,
        "rule": entry.rule,
        "control": entry.control,
        "fingerprint": entry.fingerprint,
    }
