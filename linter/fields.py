"""Canonical fields: where each input format keeps a setting, as data.

A plugin declares one table per service family: for every resource type it
judges, the path of each canonical field (``kms_key``, ``protocol``...) in that
type's own format, and whether changing it updates the resource in place or
replaces it. Checks read canonical fields through a ``View``; fixes name
canonical fields and the same table maps them back to the input's own path.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from sealgate.model import ABSENT
from sealgate.model import Absent
from sealgate.model import Action
from sealgate.model import Path
from sealgate.model import Resource
from sealgate.model import Unknown
from sealgate.model import Value
from sealgate.model import lookup


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


@dataclass(frozen=True, slots=True)
class Spot:
    """Where one canonical field lives in one resource type."""

    path: Path
    update: Update = Update.IN_PLACE


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
        """Read ``name`` from one variant's properties of ``resource``."""
        spot = self.spot(resource.type, name)
        value = lookup(properties, spot.path)
        return Field(name, spot.path, value, _source(resource, spot.path, value))


def label(path: Path) -> str:
    """A property path as a reader would write it."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else f".{step}"
    return text.lstrip(".")


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
