"""Run the rules over a document and turn findings into verdicts."""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING

from sealgate import snippet
from sealgate.fields import Field
from sealgate.fields import Update
from sealgate.fields import View
from sealgate.model import Action
from sealgate.model import Document
from sealgate.model import Path
from sealgate.model import Resource
from sealgate.model import Value
from sealgate.model import Variant
from sealgate.options import Options
from sealgate.registry import Registry
from sealgate.rules import Context
from sealgate.rules import Finding
from sealgate.rules import Fix
from sealgate.rules import Rule
from sealgate.rules import Status

if TYPE_CHECKING:  # policy imports this module
    from sealgate.policy import Decision


@dataclass(frozen=True, slots=True)
class Remedy:
    """A fix placed in the input's own format."""

    kind: Update
    changes: tuple[tuple[Path, Value], ...]
    note: str
    snippet: str
    target: str
    """The address of the resource the change applies to."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """A rule's verdict on one resource, ready to report."""

    rule: Rule
    resource: Resource
    status: Status
    message: str
    evidence: tuple[Field, ...] = ()
    remedy: Remedy | None = None
    depends_on: tuple[str, ...] = ()
    """Conditions whose value changes this verdict."""
    details: Mapping[str, Value] = field(default_factory=dict)
    decision: Decision | None = None
    """What the gate makes of it; set by ``policy.apply``, None before."""

    @property
    def sort_key(self) -> tuple[str, int, str, str]:
        """Reports list verdicts by file, line, rule, then resource."""
        origin = self.resource.origin
        return (origin.file, origin.line or 0, self.rule.id, origin.address)


def judge(
    document: Document, registry: Registry, options: Options | None = None
) -> Iterator[Verdict]:
    """Every verdict of every rule on every resource of ``document``."""
    ctx = Context.of(document, options)
    for resource in document.resources:
        for rule in registry.for_type(resource.type):
            yield from _judge(rule, resource, ctx)


def _judge(rule: Rule, resource: Resource, ctx: Context) -> Iterator[Verdict]:
    if resource.variants:
        yield from _judge_variants(rule, resource, ctx)
        return
    view = View(resource, resource.properties, rule.fields)
    for finding in rule.check(view, ctx):
        yield _verdict(rule, resource, finding)


def _judge_variants(rule: Rule, resource: Resource, ctx: Context) -> Iterator[Verdict]:
    """One verdict over every assignment of the conditions the properties use.

    The branch the parameters choose decides, and the message says how the
    others would be judged; where the parameters cannot choose, a verdict the
    branches disagree on is unknown. A check's first finding per branch counts.
    """
    outcomes = []
    for variant in resource.variants:
        view = View(resource, variant.properties, rule.fields)
        findings = list(rule.check(view, ctx))
        outcomes.append((variant, findings[0] if findings else None))
    statuses = {_status(finding) for _, finding in outcomes}
    primary = next(
        (f for v, f in outcomes if v.properties == resource.properties), None
    )
    if len(statuses) == 1:
        chosen = primary or outcomes[0][1]
        if chosen is not None:
            yield _verdict(rule, resource, chosen)
        return
    names = tuple(name for name, _ in outcomes[0][0].assumptions)
    note = _condition_note(outcomes)
    if primary is not None and not resource.undetermined:
        message = f"{primary.message.rstrip('.')} ({note})."
        yield _verdict(rule, resource, primary, message, names)
        return
    message = f"{rule.control} on {resource.type} {resource.address!r} {note}."
    unknown = Finding(Status.UNKNOWN, message)
    yield _verdict(rule, resource, unknown, message, names)


def _status(finding: Finding | None) -> str:
    return finding.status.value if finding else "not applicable"


def _condition_note(outcomes: Sequence[tuple[Variant, Finding | None]]) -> str:
    parts = []
    for variant, finding in outcomes:
        when = " and ".join(
            f"{name} is {str(value).lower()}" for name, value in variant.assumptions
        )
        parts.append(f"{_status(finding)} when {when}")
    return "depends on conditions: " + "; ".join(parts)


def _verdict(
    rule: Rule,
    resource: Resource,
    finding: Finding,
    message: str | None = None,
    depends_on: tuple[str, ...] = (),
) -> Verdict:
    remedy = None
    if finding.fix is not None and finding.status is Status.FAIL:
        remedy = _remedy(rule, finding.fix.target or resource, finding.fix)
    return Verdict(
        rule,
        resource,
        finding.status,
        message or finding.message,
        finding.evidence,
        remedy,
        depends_on,
        finding.details,
    )


def _remedy(rule: Rule, target: Resource, fix: Fix) -> Remedy:
    spots = [
        (rule.fields.spot(target.type, name), value) for name, value in fix.changes
    ]
    replaced = any(spot.update is Update.REPLACEMENT for spot, _ in spots)
    # a plan that already replaces the resource decides for the table
    if target.plan is not None and target.plan.action is Action.REPLACE:
        replaced = True
    paths = tuple((spot.path, value) for spot, value in spots)
    # a fix that only says what to do (add a resource) has no patch to show
    shown = snippet.render(target, paths) if paths else ""
    kind = Update.REPLACEMENT if replaced else Update.IN_PLACE
    return Remedy(kind, paths, fix.note, shown, target.address)
