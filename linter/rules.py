"""What a rule is, and what its check returns."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import TypeVar
from typing import cast

from sealgate.fields import Field
from sealgate.fields import FieldTable
from sealgate.fields import View
from sealgate.model import Document
from sealgate.model import Resource
from sealgate.model import Unknown
from sealgate.model import Value
from sealgate.options import Options

T = TypeVar("T")

RULE_ID = re.compile(r"^(?P<family>[A-Z][A-Z0-9]*?)(?P<number>[0-9]{3})$")
"""A rule id: the family in capitals, then three digits (``SQS001``, ``ELBV2001``)."""


class Severity(enum.Enum):
    """How much a failing result matters; ordered from least to most."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """Position in the order LOW < MEDIUM < HIGH < CRITICAL."""
        return list(Severity).index(self)


class Status(enum.Enum):
    """A verdict on one resource."""

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Fix:
    """The change that makes a check pass, in canonical fields."""

    changes: tuple[tuple[str, Value], ...]
    note: str
    """What applying it means beyond the flip: forward-only effects, risks."""
    target: Resource | None = None
    """The resource the changes apply to, when it is not the one judged (the
    volume a backup selection picks up, the method settings of a stage)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """What a check says about one resource."""

    status: Status
    message: str
    evidence: tuple[Field, ...] = ()
    fix: Fix | None = None
    details: Mapping[str, Value] = field(default_factory=dict)
    """Figures a reader may want beside the verdict (a cost estimate)."""


def undecided(name: str, field: Field) -> Finding:
    """The unknown finding for a deciding field known only after deployment."""
    reason = field.value.reason if isinstance(field.value, Unknown) else "unknown"
    return Finding(
        Status.UNKNOWN,
        f"{name} cannot be judged before deployment: {field.label!r} is {reason}.",
        (field,),
    )


def shown(value: object) -> str:
    """A value as a message quotes it: booleans as inputs write them."""
    if isinstance(value, bool):
        return str(value).lower()
    return repr(value)


@dataclass(frozen=True, slots=True)
class Context:
    """What a check may know beyond its resource: the rest of the same input."""

    document: Document
    by_address: Mapping[str, Resource]
    options: Options = field(default_factory=Options)
    _derived: dict[str, object] = field(default_factory=dict)

    @classmethod
    def of(cls, document: Document, options: Options | None = None) -> Context:
        """Index a document's resources by address."""
        index = {resource.address: resource for resource in document.resources}
        return cls(document, index, options or Options())

    def derived(self, name: str, build: Callable[[Context], T]) -> T:
        """A view of the whole document that several checks share, built once.

        The document does not change during a run, so this is a cache of a
        pure function, not state a check keeps between calls.
        """
        if name not in self._derived:
            self._derived[name] = build(self)
        return cast(T, self._derived[name])

    def find(self, address: str) -> tuple[Resource, ...]:
        """The resources at ``address``, including its count/for_each instances."""
        exact = self.by_address.get(address)
        if exact is not None:
            return (exact,)
        prefix = address + "["
        return tuple(r for r in self.document.resources if r.address.startswith(prefix))


Check = Callable[[View, Context], Iterator[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule's metadata and the plain function that judges a resource."""

    id: str
    control: str
    """The Security Hub control id (``SQS.1``) or sealgate's own label."""
    title: str
    description: str
    severity: Severity
    resource_types: frozenset[str]
    fields: FieldTable
    check: Check
    source_url: str
    experimental: bool = False

    @property
    def family(self) -> str:
        """The family prefix of the id (``SQS`` for ``SQS001``)."""
        match = RULE_ID.match(self.id)
        return match.group("family") if match else ""
