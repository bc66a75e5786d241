"""Human-readable output: findings grouped by file, snippets, one summary line."""

from __future__ import annotations

import itertools

from sealgate.engine import Verdict
from sealgate.policy import State
from sealgate.rules import Status
from sealgate.scan import Report

_COLORS = {Status.FAIL: "\033[31m", Status.UNKNOWN: "\033[33m", Status.PASS: "\033[32m"}
_RESET = "\033[0m"
_LET_THROUGH = (State.BASELINED, State.BELOW_THRESHOLD)


def render(report: Report, color: bool = False) -> str:
    """Failures and unknowns by file, then the summary (errors go to stderr)."""
    lines: list[str] = []
    shown = [v for v in report.verdicts if v.status is not Status.PASS]
    for file, group in itertools.groupby(shown, key=lambda v: v.resource.origin.file):
        lines.append(file)
        for verdict in group:
            lines += _verdict(verdict, color)
        lines.append("")
    for note in report.notes:
        lines.append(f"note: {note}")
    for entry in report.fixed:
        lines.append(
            f"fixed since the baseline: {entry.file} {entry.resource} "
            f"{entry.control} [{entry.rule}]"
        )
    lines.append(_summary(report))
    return "\n".join(lines) + "\n"


def _verdict(verdict: Verdict, color: bool) -> list[str]:
    line = verdict.resource.origin.line
    where = f"  {line}:" if line else "  -:"
    label = verdict.status.value.upper()
    if color:
        label = f"{_COLORS[verdict.status]}{label}{_RESET}"
    decision = verdict.decision
    if decision is not None and decision.suppression is not None:
        label += f" (suppressed: {decision.suppression.reason})"
    elif decision is not None and decision.state in _LET_THROUGH:
        label += f" ({decision.state.value})"
    rule = verdict.rule
    out = [f"{where} {label} {rule.control} [{rule.id}] {verdict.message}"]
    remedy = verdict.remedy
    if remedy is not None:
        kind = remedy.kind.value
        if remedy.target != verdict.resource.address:
            kind += f" of {remedy.target}"
        out.append(f"    fix ({kind}): {remedy.note}")
        out += ["      " + text for text in remedy.snippet.rstrip("\n").splitlines()]
    return out


def _summary(report: Report) -> str:
    counts = {status: 0 for status in Status}
    for verdict in report.verdicts:
        counts[verdict.status] += 1
    return (
        f"{report.files} file(s) checked: {counts[Status.FAIL]} failed, "
        f"{counts[Status.UNKNOWN]} unknown, {counts[Status.PASS]} passed, "
        f"{len(report.errors)} error(s)."
    )
