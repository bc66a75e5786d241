"""Human-readable output: findings grouped by file, snippets, one summary line."""

from __future__ import annotations

import itertools

from sealgate.engine import Verdict
from sealgate.rules import Status
from sealgate.scan import Report

_COLORS = {Status.FAIL: "\033[31m", Status.UNKNOWN: "\033[33m", Status.PASS: "\033[32m"}
_RESET = "\033[0m"


def render(report: Report, color: bool = False) -> str:
    """Failures and unknowns by file, then the summary (errors go to stderr)."""
    lines: list[str] = []
    shown = [v for v in report.verdicts if v.status is not Status.PASS]
    for file, group in itertools.groupby(shown, key=lambda v: v.resource.origin.file):
        lines.append(file)
        for verdict in group:
            lines += _verdict(verdict, color)
        lines.append("")
    lines.append(_summary(report))
    return "\n".join(lines) + "\n"


def _verdict(verdict: Verdict, color: bool) -> list[str]:
    line = verdict.resource.origin.line
    where = f"  {line}:" if line else "  -:"
    label = verdict.status.value.upper()
    if color:
        label = f"{_COLORS[verdict.status]}{label}{_RESET}"
    rule = verdict.rule
    out = [f"{where} {label} {rule.control} [{rule.id}] {verdict.message}"]
    remedy = verdict.remedy
    if remedy is not None:
        out.append(f"    fix ({remedy.kind.value}): {remedy.note}")
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
