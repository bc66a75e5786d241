"""The JSON contract: the reference every other output format agrees with."""

from __future__ import annotations

import json
from typing import Any

from sealgate import __version__
from sealgate.engine import Verdict
from sealgate.model import plain
from sealgate.scan import Report

SCHEMA_VERSION = 1


def render(report: Report, color: bool = False) -> str:
    """The report as sorted, indented JSON."""
    return json.dumps(document(report), indent=2, sort_keys=True) + "\n"


def document(report: Report) -> dict[str, Any]:
    """The report as plain data, in the documented shape."""
    counts = {"pass": 0, "fail": 0, "unknown": 0}
    for verdict in report.verdicts:
        counts[verdict.status.value] += 1
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "sealgate", "version": __version__},
        "results": [result(verdict) for verdict in report.verdicts],
        "errors": [{"file": e.file, "message": e.reason} for e in report.errors],
        "notes": list(report.notes),
        "summary": {**counts, "errors": len(report.errors), "files": report.files},
        "fixed": [
            {
                "file": entry.file,
                "resource": entry.resource,
                "rule": entry.rule,
                "control": entry.control,
            }
            for entry in report.fixed
        ],
        "warnings": list(report.warnings),
    }


def result(verdict: Verdict) -> dict[str, Any]:
    """One verdict as plain data."""
    resource, rule = verdict.resource, verdict.rule
    out: dict[str, Any] = {
        "control": rule.control,
        "rule": rule.id,
        "title": rule.title,
        "resource": resource.address,
        "resource_type": resource.type,
        "file": resource.origin.file,
        "line": resource.origin.line,
        "format": resource.origin.format.value,
        "verdict": verdict.status.value,
        "severity": rule.severity.value,
        "message": verdict.message,
        "evidence": [
            {
                "field": field.name,
                "property": field.label,
                "value": plain(field.value),
                "source": field.source.value,
            }
            for field in verdict.evidence
        ],
        "depends_on_conditions": list(verdict.depends_on),
        "details": plain(dict(verdict.details)),
        "documentation": rule.source_url,
    }
    decision = verdict.decision
    if decision is not None:
        out["gate"] = decision.state.value
        out["fingerprint"] = decision.fingerprint
        if decision.suppression is not None:
            out["suppressed"] = {
                "reason": decision.suppression.reason,
                "source": decision.suppression.source,
            }
        if decision.baseline is not None:
            out["baseline"] = decision.baseline
    if resource.plan is not None:
        out["plan_action"] = resource.plan.action.value
    if verdict.remedy is not None:
        out["fix"] = {
            "kind": verdict.remedy.kind.value,
            "target": verdict.remedy.target,
            "note": verdict.remedy.note,
            "snippet": verdict.remedy.snippet,
        }
    return out
