"""Markdown for a pull-request comment or the job summary."""

from __future__ import annotations

import html

from sealgate.engine import Verdict
from sealgate.reporters.junit_report import label
from sealgate.rules import Status
from sealgate.scan import Report

_MARKS = {Status.FAIL: "❌", Status.UNKNOWN: "❔", Status.PASS: "✅"}


def render(report: Report, color: bool = False) -> str:
    """A headline, a table of failures and unknowns, fixes, errors, fixed ones."""
    shown = [v for v in report.verdicts if v.status is not Status.PASS]
    lines = [f"## sealgate: {_headline(report)}", ""]
    if shown:
        lines += [
            "| Verdict | Control | Rule | Resource | Where | Message |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        lines += [_row(verdict) for verdict in shown]
        lines.append("")
    for verdict in shown:
        lines += _fix(verdict)
    if report.errors:
        lines += ["### Inputs not read", ""]
        lines += [f"- `{e.file}`: {_cell(e.reason)}" for e in report.errors]
        lines.append("")
    if report.fixed:
        lines += ["### Fixed since the baseline", ""]
        lines += [
            f"- {e.control} `{e.rule}` `{e.resource}` in `{e.file}`"
            for e in report.fixed
        ]
        lines.append("")
    if report.warnings:
        lines += ["### Warnings", ""]
        lines += [f"- {_cell(warning)}" for warning in report.warnings]
        lines.append("")
    return "\n".join(lines)


def _headline(report: Report) -> str:
    counts = {status: 0 for status in Status}
    for verdict in report.verdicts:
        counts[verdict.status] += 1
    return (
        f"{counts[Status.FAIL]} failed, {counts[Status.UNKNOWN]} unknown, "
        f"{counts[Status.PASS]} passed in {report.files} file(s), "
        f"{len(report.errors)} error(s)"
    )


def _row(verdict: Verdict) -> str:
    origin = verdict.resource.origin
    where = f"{origin.file}:{origin.line}" if origin.line else origin.file
    cells = [
        f"{_MARKS[verdict.status]} {_cell(label(verdict))}",
        verdict.rule.control,
        verdict.rule.id,
        f"`{_cell(origin.address)}`",
        f"`{_cell(where)}`",
        _cell(verdict.message),
    ]
    return "| " + " | ".join(cells) + " |"


def _fix(verdict: Verdict) -> list[str]:
    remedy = verdict.remedy
    if remedy is None:
        return []
    summary = (
        f"Fix {verdict.resource.address} ({verdict.rule.control}, {remedy.kind.value})"
    )
    return [
        f"<details><summary>{html.escape(summary)}</summary>",
        "",
        _cell(remedy.note),
        "",
        "```",
        remedy.snippet.rstrip("\n"),
        "```",
        "</details>",
        "",
    ]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
