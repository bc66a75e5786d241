"""IAM policy grammar: who may do what to which resource, within one input.

Policy documents arrive as parsed objects (the parsers turn JSON strings into
objects). Statement resources and principals are matched to resources of the
same input through the references the parsers keep (``Unknown.refs``) or, for
known strings, by ARN pattern; what cannot be matched is reported as such.
"""

from __future__ import annotations

import enum
import fnmatch
from collections.abc import Iterable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import replace

from sealgate.fields import FieldTable
from sealgate.fields import Spot
from sealgate.fields import View
from sealgate.model import ABSENT
from sealgate.model import Absent
from sealgate.model import Resource
from sealgate.model import Unknown
from sealgate.model import Value
from sealgate.rules import Context
from sealgate.rules import Rule

# where each IAM resource type keeps its documents and its principals
FIELDS = FieldTable(
    {
        "AWS::IAM::Policy": {
            "document": Spot(("PolicyDocument",)),
            "roles": Spot(("Roles",)),
            "users": Spot(("Users",)),
            "groups": Spot(("Groups",)),
        },
        "AWS::IAM::ManagedPolicy": {
            "document": Spot(("PolicyDocument",)),
            "roles": Spot(("Roles",)),
            "users": Spot(("Users",)),
            "groups": Spot(("Groups",)),
        },
        "AWS::IAM::Role": {
            "inline": Spot(("Policies",)),
            "managed": Spot(("ManagedPolicyArns",)),
            "name": Spot(("RoleName",)),
        },
        "aws_iam_role_policy": {
            "document": Spot(("policy",)),
            "roles": Spot(("role",)),
        },
        "aws_iam_policy": {"document": Spot(("policy",))},
        "aws_iam_role_policy_attachment": {
            "roles": Spot(("role",)),
            "attached": Spot(("policy_arn",)),
        },
        "aws_iam_role": {"inline": Spot(("inline_policy",)), "name": Spot(("name",))},
        # users are principals as roles are (groups only pass policies on)
        "AWS::IAM::User": {
            "inline": Spot(("Policies",)),
            "managed": Spot(("ManagedPolicyArns",)),
            "name": Spot(("UserName",)),
        },
        "aws_iam_user": {"name": Spot(("name",))},
        "aws_iam_user_policy": {
            "document": Spot(("policy",)),
            "users": Spot(("user",)),
        },
        "aws_iam_user_policy_attachment": {
            "users": Spot(("user",)),
            "attached": Spot(("policy_arn",)),
        },
        # resource policies: a queue's own policy may let a role use it
        "AWS::SQS::QueuePolicy": {
            "resource_policy": Spot(("PolicyDocument",)),
            "queues": Spot(("Queues",)),
        },
        "aws_sqs_queue_policy": {
            "resource_policy": Spot(("policy",)),
            "queues": Spot(("queue_url",)),
        },
    }
)
PRINCIPAL_TYPES = frozenset(
    {"AWS::IAM::Role", "aws_iam_role", "AWS::IAM::User", "aws_iam_user"}
)


class Match(enum.Enum):
    """Whether a statement part covers a given action, resource or principal."""

    YES = "yes"
    NO = "no"
    MAYBE = "maybe"


@dataclass(frozen=True, slots=True)
class Statement:
    """One policy statement, as written."""

    effect: str
    actions: tuple[Value, ...]
    not_actions: tuple[Value, ...]
    resources: tuple[Value, ...]
    principals: tuple[Value, ...]
    conditional: bool
    source: str
    """The address of the resource whose policy holds the statement."""

    def allows(self, action: str) -> Match:
        """Whether the statement's actions cover ``action`` (IAM wildcards)."""
        if self.not_actions:
            hit = _any(_action_match(p, action) for p in self.not_actions)
            return {Match.YES: Match.NO, Match.NO: Match.YES}.get(hit, Match.MAYBE)
        return _any(_action_match(p, action) for p in self.actions)

    def covers(self, target: Resource, ctx: Context) -> Match:
        """Whether the statement's resources cover ``target``."""
        return _any(_names(value, target, ctx) for value in self.resources)


def statements(document: Value | Absent, source: str) -> Iterator[Statement]:
    """The statements of a policy document; nothing for an unreadable one."""
    if not isinstance(document, dict):
        return
    body = document.get("Statement", [])
    for raw in body if isinstance(body, list) else [body]:
        if not isinstance(raw, dict):
            continue
        yield Statement(
            effect=str(raw.get("Effect", "")),
            actions=_listed(raw.get("Action")),
            not_actions=_listed(raw.get("NotAction")),
            resources=_listed(raw.get("Resource", "*")),
            principals=_principals(raw.get("Principal")),
            conditional="Condition" in raw,
            source=source,
        )


@dataclass(frozen=True, slots=True)
class Grants:
    """The identity-policy statements of every role of one input."""

    by_role: dict[str, tuple[Statement, ...]]
    unreadable: dict[str, str]
    """Role address to why one of its policies cannot be read before deployment."""


def grants(ctx: Context) -> Grants:
    """Index the input's identity policies by the role they apply to."""
    return ctx.derived("iam.grants", _build_grants)


def _build_grants(ctx: Context) -> Grants:
    by_role: dict[str, list[Statement]] = {}
    unreadable: dict[str, str] = {}
    roles = [r for r in ctx.document.resources if r.type in PRINCIPAL_TYPES]
    for resource in ctx.document.resources:
        if resource.type not in FIELDS.resource_types:
            continue
        view = View(resource, resource.properties, FIELDS)
        for statement, role in _resource_grants(view, roles, ctx):
            by_role.setdefault(role, []).append(statement)
        for document, targets in _documents(view, roles, ctx):
            for role in targets:
                if isinstance(document, Unknown):
                    unreadable[role] = (
                        f"the policy of {resource.address} is {document.reason}"
                    )
                    continue
                found = by_role.setdefault(role, [])
                found.extend(statements(document, resource.address))
    return Grants({k: tuple(v) for k, v in by_role.items()}, unreadable)


def _documents(
    view: View, roles: list[Resource], ctx: Context
) -> Iterator[tuple[Value | Absent, list[str]]]:
    names = FIELDS.names(view.type)
    if "inline" in names:  # a role and its inline policies
        inline = view["inline"].value
        for entry in inline if isinstance(inline, list) else []:
            if isinstance(entry, dict):
                document = entry.get("PolicyDocument", entry.get("policy"))
                yield document, [view.address]
    if "document" in names and names & {"roles", "users"}:
        yield view["document"].value, _attached_to(view, roles, ctx)
    if "attached" in names:  # a policy attached to a principal by reference
        for policy in _refs(view["attached"].value, ctx):
            document = policy.properties.get(
                "policy", policy.properties.get("PolicyDocument")
            )
            yield document, _attached_to(view, roles, ctx)
    if "managed" in names:  # a role naming managed policies of the same input
        for policy in _refs(view["managed"].value, ctx):
            document = policy.properties.get(
                "PolicyDocument", policy.properties.get("policy")
            )
            yield document, [view.address]


def _resource_grants(
    view: View, roles: list[Resource], ctx: Context
) -> Iterator[tuple[Statement, str]]:
    """What a queue policy lets each role of the input do, as the role's grant."""
    if "resource_policy" not in FIELDS.names(view.type):
        return
    queues = view["queues"].value
    if isinstance(queues, Absent):
        return
    targets = tuple(queues if isinstance(queues, list) else [queues])
    for statement in statements(view["resource_policy"].value, view.address):
        for principal in statement.principals:
            for role in _roles_named(principal, roles, ctx):
                yield replace(statement, resources=targets, principals=()), role


def _attached_to(view: View, roles: list[Resource], ctx: Context) -> list[str]:
    """The roles and users a policy resource names."""
    names = FIELDS.names(view.type)
    return [
        principal
        for field in ("roles", "users")
        if field in names
        for principal in _roles_named(view[field].value, roles, ctx)
    ]


def _roles_named(
    value: Value | Absent, roles: list[Resource], ctx: Context
) -> list[str]:
    found = [r.address for r in _refs(value, ctx) if r.type in PRINCIPAL_TYPES]
    # a role or user by its name, or by its ARN (arn:aws:iam::111122223333:role/x)
    names = {
        v.rsplit("/", 1)[-1]
        for v in (value if isinstance(value, list) else [value])
        if isinstance(v, str)
    }
    for role in roles:
        name = View(role, role.properties, FIELDS)["name"].value
        if isinstance(name, str) and name in names:
            found.append(role.address)
    return found


def _refs(value: Value | Absent, ctx: Context) -> list[Resource]:
    items = value if isinstance(value, list) else [value]
    return [
        resource
        for item in items
        if isinstance(item, Unknown)
        for ref in item.refs
        for resource in ctx.find(ref)
    ]


def _listed(value: Value | Absent) -> tuple[Value, ...]:
    if value is None or value is ABSENT:
        return ()
    return tuple(value) if isinstance(value, list) else (value,)


def _principals(value: Value | Absent) -> tuple[Value, ...]:
    if isinstance(value, dict):
        return tuple(item for v in value.values() for item in _listed(v))
    return _listed(value)


def _any(matches: Iterable[Match]) -> Match:
    seen = set(matches)
    if Match.YES in seen:
        return Match.YES
    return Match.MAYBE if Match.MAYBE in seen else Match.NO


def combine(matches: Iterable[Match]) -> Match:
    """All of several matches: NO if any is NO, YES only if all are YES."""
    seen = set(matches)
    if Match.NO in seen:
        return Match.NO
    return Match.MAYBE if Match.MAYBE in seen else Match.YES


def best(first: Match, second: Match) -> Match:
    """The stronger of two matches (YES over MAYBE over NO)."""
    return _any((first, second))


def _action_match(pattern: Value, action: str) -> Match:
    if not isinstance(pattern, str):
        return Match.MAYBE
    return (
        Match.YES if fnmatch.fnmatchcase(action.lower(), pattern.lower()) else Match.NO
    )


def _names(value: Value, target: Resource, ctx: Context) -> Match:
    """Whether a Resource or Principal entry names ``target``."""
    if isinstance(value, Unknown):
        if any(r is target for ref in value.refs for r in ctx.find(ref)):
            return Match.YES
        return Match.NO if value.refs else Match.MAYBE
    if not isinstance(value, str):
        return Match.MAYBE
    if value == "*":
        return Match.YES
    known = [
        v
        for v in (target.properties.get("arn"), target.properties.get("Arn"))
        if isinstance(v, str)
    ]
    if known:
        return (
            Match.YES if any(fnmatch.fnmatchcase(k, value) for k in known) else Match.NO
        )
    # an ARN string for a resource whose ARN is only known after deployment
    return Match.MAYBE


RULES: tuple[Rule, ...] = ()
