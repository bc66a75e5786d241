"""Inline suppressions: where a resource says a rule does not apply, and why.

CloudFormation writes them in the resource's ``Metadata``::

    Metadata:
      sealgate:
        ignore:
          - rule: SQS.1
            reason: the queue only carries public price lists

Terraform writes them as a comment on the resource's declaration line or in
the comment lines right above it (``# sealgate:ignore SQS.1 <reason>``); a plan
gets them from the configuration folder given with ``--source``. This module
only reads them; ``policy`` decides what they change.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sealgate.discover import SKIPPED_FOLDERS
from sealgate.model import Format
from sealgate.model import Resource
from sealgate.rules import Rule

log = logging.getLogger(__name__)

# accepted spellings, on the declaration line or the comment lines above it:
#   # sealgate:ignore SQS.1 the queue only carries public price lists
#   # sealgate:ignore SQS001 reason           (a rule id instead of a control)
#   # sealgate: ignore SQS.1, KINESIS.1 reason (several; space after the colon)
#   # sealgate:ignore SQS.1 -- reason         (a dash pair before the reason)
#   // sealgate:ignore SQS.1 reason           (HCL's other line comment)
#   /* sealgate:ignore SQS.1 reason */        (HCL's block comment, one line)
#   # sealgate:ignore SQS.1                   (no reason: refused with a warning)
COMMENT = re.compile(
    r"(?:#|//|/\*)\s*sealgate:\s*ignore\s+"
    r"(?P<rules>[A-Za-z0-9.]+(?:\s*,\s*[A-Za-z0-9.]+)*)"
    r"(?:\s+(?:--\s*)?(?P<reason>.*?))?\s*(?:\*/)?\s*$"
)
_COMMENT_LINE = re.compile(r"^\s*(?:#|//|/\*|\*)")
_DECLARATION = re.compile(r'^\s*resource\s+"(?P<type>[^"]+)"\s+"(?P<name>[^"]+)"')


@dataclass(frozen=True, slots=True)
class Suppression:
    """One rule (an id or a control) silenced on one resource."""

    rule: str
    reason: str
    """Empty when none was given: such a suppression is refused."""
    source: str
    """Where it is written: ``main.tf:12`` or ``template.yaml:40 Metadata``."""

    def covers(self, rule: Rule) -> bool:
        """Whether it names ``rule`` by id or by control."""
        token = self.rule.upper()
        return token in (rule.id.upper(), rule.control.upper())


class Reader:
    """Reads the suppressions of resources, each source file once per run."""

    def __init__(self, source: str | None = None) -> None:
        self.source = source
        self._lines: dict[str, list[str]] = {}
        self._declarations: dict[tuple[str, str], list[tuple[str, int]]] | None = None

    def read(self, resource: Resource) -> tuple[Suppression, ...]:
        """The suppressions written on ``resource``, valid or not."""
        if resource.origin.format.is_cloudformation:
            return tuple(_metadata(resource))
        place = self._place(resource)
        if place is None:
            return ()
        return tuple(self._comments(*place))

    def _place(self, resource: Resource) -> tuple[str, int] | None:
        origin = resource.origin
        if origin.format is Format.TF_HCL and origin.line is not None:
            return origin.file, origin.line
        if origin.format is Format.TF_PLAN and self.source is not None:
            return self._declaration(resource)
        return None

    def _comments(self, file: str, line: int) -> Iterator[Suppression]:
        lines = self._file(file)
        if not 0 < line <= len(lines):
            return
        # the declaration line itself, then the comment block right above it
        number = line
        while number >= 1 and (
            number == line or _COMMENT_LINE.match(lines[number - 1])
        ):
            match = COMMENT.search(lines[number - 1])
            if match is not None:
                reason = (match["reason"] or "").strip()
                for token in re.split(r"\s*,\s*", match["rules"]):
                    yield Suppression(token, reason, f"{file}:{number}")
            number -= 1

    def _file(self, file: str) -> list[str]:
        if file not in self._lines:
            try:
                with open(file, encoding="utf-8", errors="replace") as stream:
                    self._lines[file] = stream.read().splitlines()
            except OSError as error:
                log.debug("cannot read %r for suppressions: %s", file, error)
                self._lines[file] = []
        return self._lines[file]

    def _declaration(self, resource: Resource) -> tuple[str, int] | None:
        """Where a plan's resource is declared under the ``--source`` folder."""
        address = re.sub(r"\[[^\]]*\]$", "", resource.address)
        name = address.rsplit(".", 1)[-1]
        found = self._index().get((resource.type, name), [])
        if "module." not in address:
            # a root-module resource lives in the folder itself, not a module
            top = os.path.normpath(self.source or ".")
            found = [f for f in found if os.path.dirname(f[0]) == top]
        if len(found) != 1:
            log.debug("%r declared %d times under --source", address, len(found))
            return None
        return found[0]

    def _index(self) -> dict[tuple[str, str], list[tuple[str, int]]]:
        if self._declarations is None:
            self._declarations = {}
            for file in _tf_files(os.path.normpath(self.source or ".")):
                for number, text in enumerate(self._file(file), start=1):
                    match = _DECLARATION.match(text)
                    if match is not None:
                        key = (match["type"], match["name"])
                        self._declarations.setdefault(key, []).append((file, number))
        return self._declarations


def _tf_files(root: str) -> Iterator[str]:
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(d for d in folders if d not in SKIPPED_FOLDERS)
        for name in sorted(files):
            if name.endswith(".tf"):
                yield os.path.join(folder, name)


def _metadata(resource: Resource) -> Iterator[Suppression]:
    where = f"{resource.origin.file}:{resource.origin.line or '-'} Metadata"
    section: Any = resource.metadata.get("sealgate")
    entries = section.get("ignore") if isinstance(section, dict) else None
    if not isinstance(entries, list):
        return
    for entry in entries:
        if isinstance(entry, str):  # a bare rule: refused for want of a reason
            yield Suppression(entry.strip(), "", where)
            continue
        if not isinstance(entry, dict):
            continue
        rule, reason = entry.get("rule"), entry.get("reason")
        if not isinstance(rule, str) or not rule.strip():
            continue
        text = reason.strip() if isinstance(reason, str) else ""
        yield Suppression(rule.strip(), text, where)
