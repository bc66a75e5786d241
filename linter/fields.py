"""Canonical fields: where each input format keeps a setting, as data.

A plugin declares one table per service family: for every resource type it
judges, the path of each canonical field (``kms_key``, ``protocol``...) in that
type's own format, and whether changing it updates the resource in place or
replaces it. Checks read canonical fields through a ``View``; fixes name
canonical fields and the same table maps them back to the input's own path.
"""

from __future__ import annotations

import enum
import reprlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

from sealgate.errors import InputError
from sealgate.model import ABSENT
from sealgate.model import Absent
from sealgate.model import Action
from sealgate.model import Path
from sealgate.model import Resource
from sealgate.model import Unknown
from sealgate.model import Value


class Update(enum.Enum):
    """What changing a field does to the deployed resource."""

    IN_PLACE = "in-place"
    REPLACEMENT = "replacement"


class Source(enum.Enum):
    """Where a deciding value came from."""

    EXPLICIT = "explicit"
    DEFAULT = "default"
    PRIOR_STATE = "prior-state"
    UNKNOWN = "unknown"


class Kind(enum.Enum):
    """What a field's value must be where the input sets it; the value names it."""

    ANY = "any value"
    TEXT = "a string"
    FLAG = "true or false"
    NUMBER = "a number"
    MAPPING = "a mapping"
    LIST = "a list"

    def admits(self, value: Value) -> bool:
        """Whether ``value`` (neither absent nor unknown) is of this kind."""
        if self is Kind.TEXT:  # CloudFormation takes a number where text is due
            return isinstance(value, (str, int, float)) and not isinstance(value, bool)
        if self is Kind.FLAG:
            return isinstance(value, bool)
        if self is Kind.NUMBER:
            return isinstance(value, (int, float)) and not isinstance(value, bool)
        if self is Kind.MAPPING:
            return isinstance(value, dict)
        if self is Kind.LIST:
            return isinstance(value, list)
        return True


@dataclass(frozen=True, slots=True)
class Spot:
    """Where one canonical field lives in one resource type."""

    path: Path
    update: Update = Update.IN_PLACE
    kind: Kind = Kind.ANY
    """A value of another kind is an input error, never handed to a check."""


@dataclass(frozen=True, slots=True)
class Field:
    """A canonical field's value on one resource, with its provenance."""

    name: str
    path: Path
    value: Value | Absent
    source: Source

    @property
    def label(self) -> str:
        """The path as the input writes it: ``health_check[0].protocol``."""
        return label(self.path)

    @property
    def absent(self) -> bool:
        """Whether the input leaves this field to a default."""
        return self.value is ABSENT

    @property
    def unknown(self) -> bool:
        """Whether the value is only known after deployment."""
        return isinstance(self.value, Unknown)


class FieldTable:
    """Canonical field name to path, per resource type."""

    def __init__(self, table: Mapping[str, Mapping[str, Spot]]) -> None:
        self._table = table

    @classmethod
    def merge(cls, *tables: FieldTable) -> FieldTable:
        """One table holding the rows of several (a check over many families)."""
        merged: dict[str, dict[str, Spot]] = {}
        for table in tables:
            for resource_type, row in table._table.items():
                merged.setdefault(resource_type, {}).update(row)
        return cls(merged)

    @property
    def resource_types(self) -> frozenset[str]:
        """Every resource type the table knows."""
        return frozenset(self._table)

    def spot(self, resource_type: str, name: str) -> Spot:
        """The path and update behaviour of ``name`` in ``resource_type``."""
        return self._table[resource_type][name]

    def names(self, resource_type: str) -> frozenset[str]:
        """The canonical fields this resource type has."""
        return frozenset(self._table.get(resource_type, ()))

    def read(
        self, resource: Resource, properties: Mapping[str, Value], name: str
    ) -> Field:
        """Read ``name`` from one variant's properties of ``resource``.

        A value crossed on the way that is unknown makes the field unknown; a
        value of the wrong kind, on the way or at the end, raises InputError
        (CloudFormation would reject it; Terraform never writes it).
        """
        spot = self.spot(resource.type, name)
        value = _walk(resource, properties, spot.path)
        if not isinstance(value, (Absent, Unknown)) and not spot.kind.admits(value):
            raise _wrong_kind(resource, spot.path, spot.kind.value, value)
        return Field(name, spot.path, value, _source(resource, spot.path, value))


def label(path: Path) -> str:
    """A property path as a reader would write it."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else f".{step}"
    return text.lstrip(".")


def _walk(
    resource: Resource, properties: Mapping[str, Value], path: Path
) -> Value | Absent:
    node: object = properties
    for depth, step in enumerate(path):
        if isinstance(node, Unknown):
            return node
        if isinstance(step, int):
            if not isinstance(node, list):
                raise _wrong_kind(resource, path[:depth], Kind.LIST.value, node)
            if not 0 <= step < len(node):
                return ABSENT
            node = node[step]
            continue
        if not isinstance(node, Mapping):
            raise _wrong_kind(resource, path[:depth], Kind.MAPPING.value, node)
        if step not in node:
            return ABSENT
        node = node[step]
    # the walk ends on a value the properties hold (or on them all: path ())
    return cast(Value, node)


def _wrong_kind(
    resource: Resource, path: Path, expected: str, value: object
) -> InputError:
    shown = reprlib.repr(value)
    return InputError(
        resource.origin.file,
        f"resource {resource.address!r}: {label(path)!r} must be {expected}, "
        f"not {shown}",
    )


def _source(resource: Resource, path: Path, value: Value | Absent) -> Source:
    if value is ABSENT:
        return Source.DEFAULT
    if isinstance(value, Unknown):
        return Source.UNKNOWN
    plan = resource.plan
    if plan is None or not path or path[0] in plan.configured:
        return Source.EXPLICIT
    # terraform fills arguments the configuration leaves out: on create from
    # the provider's defaults, otherwise from the state it already has; a
    # replacement is planned as a new object, so it is a create here
    if plan.action in (Action.CREATE, Action.REPLACE):
        return Source.DEFAULT
    return Source.PRIOR_STATE


@dataclass(frozen=True, slots=True)
class View:
    """One resource (under one assignment of its conditions) seen by a check."""

    resource: Resource
    properties: Mapping[str, Value]
    table: FieldTable

    def __getitem__(self, name: str) -> Field:
        return self.table.read(self.resource, self.properties, name)

    @property
    def type(self) -> str:
        """The resource type as written in the input."""
        return self.resource.type

    @property
    def address(self) -> str:
        """The logical id or Terraform address."""
        return self.resource.address
