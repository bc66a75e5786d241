"""The common resource model that every parser produces and every check reads."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import Union
from typing import cast


@dataclass(frozen=True, slots=True)
class Unknown:
    """A value that cannot be known before deployment, and why.

    ``present`` says the property will hold *some* value after deployment
    (a parameter without a default must be supplied; a key ARN created in the
    same run is never null). ``reason`` completes the sentence "the value
    is ...", as in "known only after apply (from aws_kms_key.main)". ``refs``
    names the resources of the same input the value derives from, so a check
    can tell a key made by this template from an outside one. ``text`` keeps a
    partly substituted string (``Fn::Sub``).
    """

    reason: str
    present: bool = False
    refs: tuple[str, ...] = ()
    text: str | None = None
    expression: object = field(default=None, compare=False)
    """The intrinsic as written (CloudFormation), so a fix can write it back."""


@dataclass(frozen=True, slots=True)
class Reference:
    """An attribute of another resource of the same input, as a fix writes it.

    Snippets render it in the input's own way (``Fn::GetAtt`` or a Terraform
    reference), so a fix can point at a key or a role without knowing the format.
    """

    address: str
    attribute: str


# a recursive alias needs Union: the | operator cannot take forward references
Value = Union[  # noqa: UP007
    str, int, float, bool, None, Unknown, Reference, list["Value"], dict[str, "Value"]
]
Path = tuple[str | int, ...]


class Absent(enum.Enum):
    ABSENT = "absent"

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT = Absent.ABSENT
"""A property the input leaves out, so AWS or the provider decides it."""


class Format(enum.Enum):
    """The input formats sealgate reads."""

    CFN_YAML = "cloudformation-yaml"
    CFN_JSON = "cloudformation-json"
    TF_PLAN = "terraform-plan"
    TF_HCL = "terraform-hcl"

    @property
    def is_cloudformation(self) -> bool:
        """Whether resources of this format are written as CloudFormation."""
        return self in (Format.CFN_YAML, Format.CFN_JSON)


class Action(enum.Enum):
    """What a Terraform plan does to a resource."""

    CREATE = "create"
    UPDATE = "update"
    REPLACE = "replace"
    DELETE = "delete"
    NO_OP = "no-op"
    READ = "read"


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a resource is declared."""

    format: Format
    file: str
    line: int | None
    address: str
    """The logical id, or the Terraform address exactly as Terraform prints it."""


@dataclass(frozen=True, slots=True)
class PlanChange:
    """What a Terraform plan will do to one resource instance."""

    action: Action
    before: Mapping[str, Value] | None
    replace_paths: tuple[Path, ...] = ()
    importing: bool = False
    configured: frozenset[str] = frozenset()
    """Top-level arguments the configuration sets; the rest come from the
    provider's defaults (on create) or from the prior state (otherwise)."""


@dataclass(frozen=True, slots=True)
class Variant:
    """The properties a resource gets under one assignment of its conditions."""

    assumptions: tuple[tuple[str, bool], ...]
    properties: Mapping[str, Value]


@dataclass(frozen=True, slots=True)
class Resource:
    """One resource of one input, with normalised property values."""

    origin: Origin
    type: str
    properties: Mapping[str, Value]
    plan: PlanChange | None = None
    condition: str | None = None
    """The CloudFormation condition that decides whether the resource exists."""
    variants: tuple[Variant, ...] = ()
    """Every assignment of the conditions its properties use (``Fn::If``)."""
    undetermined: tuple[str, ...] = ()
    """Conditions whose value the parameters given cannot decide."""
    metadata: Mapping[str, object] = field(default_factory=dict)
    """The CloudFormation ``Metadata`` of the resource, as written (unresolved);
    read only for sealgate's own inline suppressions, never by checks."""
    written_at: Mapping[Path, Path] = field(default_factory=dict)
    """For a resource a transform generates (a SAM stage): its property paths
    to the paths in the input where they are written, for fixes."""

    @property
    def address(self) -> str:
        """The logical id or Terraform address."""
        return self.origin.address


@dataclass(frozen=True, slots=True)
class Document:
    """All resources read from one input file."""

    file: str
    format: Format
    resources: tuple[Resource, ...]
    notes: tuple[str, ...] = field(default=())
    """Things the parser could not judge, said once per input (skipped modules)."""
    declared: frozenset[str] = frozenset()
    """Names a user can give values to: a template's parameters, or a root
    module's variables (so a misspelt ``--parameter`` or ``--var`` is noticed)."""


def plain(value: object) -> object:
    """A model value as JSON data: unknowns and absent values spelled out."""
    if value is ABSENT:
        return None
    if isinstance(value, Unknown):
        return {"unknown": value.reason}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def lookup(properties: Mapping[str, Value], path: Path) -> Value | Absent:
    """Follow ``path`` through nested mappings and lists; ABSENT where it stops.

    A path that runs into an unknown value gives that value: what lies inside
    it is as unknown as the whole.
    """
    node: object = properties
    for step in path:
        if isinstance(node, Unknown):
            return node  # inside a value known only later, so is the rest
        if isinstance(step, int):
            if not isinstance(node, list) or not 0 <= step < len(node):
                return ABSENT
            node = node[step]
        elif isinstance(node, Mapping) and step in node:
            node = node[step]
        else:
            return ABSENT
    # the walk ends on a value the properties hold (or on them all: path ())
    return cast(Value, node)
