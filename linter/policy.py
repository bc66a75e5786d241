"""The only place that decides what fails the gate.

Selection (``--select``/``--ignore``), the severity threshold (``--fail-on``),
inline suppressions with reasons and the baseline each annotate a verdict with
a ``Decision``; reporters render those decisions and never judge. The exit
code comes from here too.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass

from sealgate import exit_codes
from sealgate.baseline import Baseline
from sealgate.baseline import Entry
from sealgate.baseline import fingerprint
from sealgate.baseline import read as read_baseline
from sealgate.config import Settings
from sealgate.engine import Verdict
from sealgate.errors import LinterError
from sealgate.registry import Registry
from sealgate.rules import Rule
from sealgate.rules import Severity
from sealgate.rules import Status
from sealgate.scan import Report
from sealgate.suppression import Reader
from sealgate.suppression import Suppression

# a rule id or its prefix (SQS, SQS001), or a control or label (SQS.1)
TOKEN = re.compile(r"^[A-Z0-9][A-Z0-9._-]*$")


class State(enum.Enum):
    """What the gate makes of one verdict."""

    FAILING = "failing"
    """A failure that fails the gate."""
    SUPPRESSED = "suppressed"
    """A failure or unknown silenced inline, with a reason."""
    BASELINED = "baselined"
    """A failure the baseline already records."""
    BELOW_THRESHOLD = "below-threshold"
    """A failure less severe than ``--fail-on``."""
    NOT_FAILED = "not-failed"
    """A pass, or an unknown nobody silenced: neither fails the gate."""
    FILTERED = "filtered"
    """A rule not selected: the verdict is left out of the report."""


@dataclass(frozen=True, slots=True)
class Decision:
    """The gate's reading of one verdict, for reporters to render."""

    state: State
    fingerprint: str
    suppression: Suppression | None = None
    baseline: str | None = None
    """``new`` or ``existing`` for a failure when a baseline is in use."""


@dataclass(frozen=True, slots=True)
class Policy:
    """The settings that decide what fails the gate."""

    select: tuple[str, ...] = ()
    """Id prefixes or controls to run; empty means every non-experimental rule."""
    ignore: tuple[str, ...] = ()
    fail_on: Severity = Severity.LOW
    inline_suppressions: bool = True
    baseline: Baseline | None = None
    source: str | None = None
    """The Terraform configuration folder of the plans, read for suppressions."""


def build(settings: Settings, registry: Registry, source: str | None) -> Policy:
    """The policy of a run: the settings' tokens checked, the baseline read."""
    policy = Policy(
        select=tokens(settings.select, "select"),
        ignore=tokens(settings.ignore, "ignore"),
        fail_on=settings.fail_on,
        inline_suppressions=settings.inline_suppressions,
        baseline=read_baseline(settings.baseline) if settings.baseline else None,
        source=source,
    )
    check_tokens(policy, registry)
    return policy


def tokens(values: Iterable[str], option: str) -> tuple[str, ...]:
    """Split comma lists and check each rule token's shape."""
    found = []
    for value in values:
        for token in filter(None, (t.strip().upper() for t in value.split(","))):
            if not TOKEN.match(token):
                raise LinterError(
                    f"{option} {token!r} is neither a rule id (SQS001), an id "
                    "prefix (SQS) nor a control (SQS.1)."
                )
            found.append(token)
    return tuple(found)


def check_tokens(policy: Policy, registry: Registry) -> None:
    """Refuse a select or ignore token that matches no rule: a typo hides rules."""
    for option, values in (("select", policy.select), ("ignore", policy.ignore)):
        for token in values:
            if not any(_specificity(token, rule) for rule in registry.rules):
                controls = sorted({rule.control for rule in registry.rules})
                raise LinterError(
                    f"{option} {token!r} matches no rule; known controls: "
                    f"{', '.join(controls)}."
                )


def selected(rule: Rule, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """Whether ``rule`` runs: the longest matching token wins, a tie ignores.

    With no ``select`` every rule is selected by default except experimental
    ones, which only an explicit token selects.
    """
    if select:
        chosen = max((_specificity(token, rule) for token in select), default=0)
    else:
        chosen = 0 if rule.experimental else 1
    dropped = max((_specificity(token, rule) for token in ignore), default=0)
    return chosen > dropped


def _specificity(token: str, rule: Rule) -> int:
    """How closely ``token`` names ``rule``: its length, or 0 when it does not."""
    if token == rule.control.upper():
        return len(token) + 1
    # a control is matched whole: SQS.1 must not select ELB.10 by prefix
    return len(token) + 1 if rule.id.startswith(token) else 0


def decide(
    verdict: Verdict,
    policy: Policy,
    suppression: Suppression | None,
    in_baseline: bool,
) -> State:
    """The state of one verdict; suppression beats baseline beats threshold."""
    if not selected(verdict.rule, policy.select, policy.ignore):
        return State.FILTERED
    if verdict.status is Status.PASS:
        return State.NOT_FAILED
    if suppression is not None and suppression.reason:
        return State.SUPPRESSED
    if verdict.status is Status.UNKNOWN:
        return State.NOT_FAILED
    if in_baseline:
        return State.BASELINED
    if verdict.rule.severity.rank < policy.fail_on.rank:
        return State.BELOW_THRESHOLD
    return State.FAILING


def apply(report: Report, policy: Policy) -> Report:
    """The report with a decision on every selected verdict, the rest left out."""
    reader = Reader(policy.source)
    baseline = policy.baseline
    recorded = {entry.key for entry in baseline.entries} if baseline else set()
    verdicts: list[Verdict] = []
    warnings: dict[str, None] = {}
    matched: list[Entry] = []
    for verdict in report.verdicts:
        suppression = None
        if policy.inline_suppressions and verdict.status is not Status.PASS:
            suppression = _suppression(verdict, reader, warnings)
        entry = baseline.entry(verdict) if baseline else None
        in_baseline = entry is not None and entry.key in recorded
        state = decide(verdict, policy, suppression, in_baseline)
        if state is State.FILTERED:
            continue
        if in_baseline and entry is not None:
            matched.append(entry)
        verdicts.append(_annotated(verdict, state, suppression, baseline, in_baseline))
    if policy.inline_suppressions:
        _unmatched(report.verdicts, reader, warnings)
    fixed = baseline.fixed(matched, report.read) if baseline else ()
    return dataclasses.replace(
        report,
        verdicts=tuple(verdicts),
        fixed=fixed,
        warnings=(*report.warnings, *warnings),
    )


def _suppression(
    verdict: Verdict, reader: Reader, warnings: dict[str, None]
) -> Suppression | None:
    for suppression in reader.read(verdict.resource):
        if not suppression.covers(verdict.rule):
            continue
        if suppression.reason:
            return suppression
        if verdict.resource.origin.format.is_cloudformation:
            hint = (
                f"`reason: <why it does not apply>` beside `rule: {suppression.rule}`"
            )
        else:
            hint = f"`# sealgate:ignore {suppression.rule} <why it does not apply>`"
        warning = (
            f"{suppression.source}: the suppression of {suppression.rule} on "
            f"{verdict.resource.address!r} has no reason, so {verdict.rule.id} "
            f"still counts; give one, as in {hint}."
        )
        warnings[warning] = None
    return None


def _unmatched(
    verdicts: Sequence[Verdict], reader: Reader, warnings: dict[str, None]
) -> None:
    """Warn of a suppression that names no rule judging its resource (a typo)."""
    judged: dict[str, list[Verdict]] = {}
    for verdict in verdicts:
        if verdict.status is not Status.PASS:
            judged.setdefault(verdict.resource.address, []).append(verdict)
    for found in judged.values():
        for suppression in reader.read(found[0].resource):
            if not any(suppression.covers(verdict.rule) for verdict in found):
                rules = ", ".join(sorted({v.rule.control for v in found}))
                warnings[
                    f"{suppression.source}: the suppression of {suppression.rule} "
                    f"on {found[0].resource.address!r} names no rule that judges "
                    f"it ({rules}); check its spelling."
                ] = None


def _annotated(
    verdict: Verdict,
    state: State,
    suppression: Suppression | None,
    baseline: Baseline | None,
    in_baseline: bool,
) -> Verdict:
    recorded = None
    if baseline is not None and verdict.status is Status.FAIL:
        recorded = "existing" if in_baseline else "new"
    kept = suppression if state is State.SUPPRESSED else None
    decision = Decision(state, fingerprint(verdict), kept, recorded)
    return dataclasses.replace(verdict, decision=decision)


def exit_code(report: Report) -> int:
    """Input errors first (the gate did not see everything), then failures."""
    if report.errors:
        return exit_codes.INPUT_ERROR
    failing = any(
        verdict.status is Status.FAIL
        and (verdict.decision is None or verdict.decision.state is State.FAILING)
        for verdict in report.verdicts
    )
    return exit_codes.FINDINGS if failing else exit_codes.CLEAN
