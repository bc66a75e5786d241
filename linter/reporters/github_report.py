"""GitHub Actions workflow commands: one annotation per failure or unknown.

A failure that fails the gate is an ``error``; one the gate lets through
(suppressed, baselined, below ``--fail-on``) a ``notice``; an unknown a
``warning``. Passes are not annotated.
"""

from __future__ import annotations

from sealgate.baseline import portable
from sealgate.engine import Verdict
from sealgate.policy import State
from sealgate.reporters.junit_report import label
from sealgate.rules import Status
from sealgate.scan import Report


def render(report: Report, color: bool = False) -> str:
    """The report as workflow command lines."""
    lines = [_annotation(v) for v in report.verdicts if v.status is not Status.PASS]
    lines += [
        f"::error file={_property(portable(e.file))},title=sealgate::{_data(e.reason)}"
        for e in report.errors
    ]
    lines += [f"::warning title=sealgate::{_data(w)}" for w in report.warnings]
    return "".join(line + "\n" for line in lines)


def _annotation(verdict: Verdict) -> str:
    decision = verdict.decision
    if verdict.status is Status.UNKNOWN:
        level = "warning"
    elif decision is None or decision.state is State.FAILING:
        level = "error"
    else:
        level = "notice"
    origin = verdict.resource.origin
    where = f"file={_property(portable(origin.file))}"
    if origin.line:
        where += f",line={origin.line}"
    title = (
        f"{verdict.rule.control} {verdict.rule.id} {origin.address} ({label(verdict)})"
    )
    text = verdict.message
    if verdict.remedy is not None:
        text += f"\nfix ({verdict.remedy.kind.value}): {verdict.remedy.note}\n"
        text += verdict.remedy.snippet
    return f"::{level} {where},title={_property(title)}::{_data(text)}"


def _data(text: str) -> str:
    # the runner reads these escapes back; a raw newline would end the command
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
