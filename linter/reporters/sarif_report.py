"""SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, IDE viewers).

Failures and unknowns become results; passes are left out, because GitHub's
supported subset does not include ``kind`` and would raise a pass as an alert.
Each result carries the fingerprint the policy computed, so code scanning
follows a finding across commits, and inline suppressions are marked
``inSource`` with their reason.
"""

from __future__ import annotations

import json
import os
import pathlib
import urllib.parse
from typing import Any

from sealgate import __version__
from sealgate.baseline import portable
from sealgate.engine import Verdict
from sealgate.policy import State
from sealgate.rules import Rule
from sealgate.rules import Severity
from sealgate.rules import Status
from sealgate.scan import Report

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# GitHub ranks security alerts by this score: 9.0+ critical, 7.0+ high,
# 4.0+ medium, below that low
SECURITY_SEVERITY = {
    Severity.LOW: "3.0",
    Severity.MEDIUM: "5.5",
    Severity.HIGH: "8.0",
    Severity.CRITICAL: "9.5",
}
_BASELINE_STATE = {"new": "new", "existing": "unchanged"}


def render(report: Report, color: bool = False) -> str:
    """The report as one SARIF log with one run."""
    return json.dumps(log(report), indent=2, sort_keys=True) + "\n"


def log(report: Report) -> dict[str, Any]:
    """The SARIF log as plain data."""
    rules = sorted({v.rule.id: v.rule for v in report.verdicts}.values(), key=_id)
    index = {rule.id: position for position, rule in enumerate(rules)}
    shown = [v for v in report.verdicts if v.status is not Status.PASS]
    run = {
        "tool": {
            "driver": {
                "name": "sealgate",
                "version": __version__,
                "rules": [_rule(rule) for rule in rules],
            }
        },
        "invocations": [_invocation(report)],
        "results": [_result(verdict, index[verdict.rule.id]) for verdict in shown],
        "columnKind": "unicodeCodePoints",
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def _id(rule: Rule) -> str:
    return rule.id


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.title,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.description},
        "help": {
            "text": f"{rule.description} See {rule.source_url}",
            "markdown": f"{rule.description}\n\n[{rule.control}]({rule.source_url})",
        },
        "helpUri": rule.source_url,
        "defaultConfiguration": {"level": "error"},
        "properties": {
            "control": rule.control,
            "severity": rule.severity.value,
            "security-severity": SECURITY_SEVERITY[rule.severity],
            "tags": ["security", rule.control],
        },
    }


def _result(verdict: Verdict, rule_index: int) -> dict[str, Any]:
    decision = verdict.decision
    result: dict[str, Any] = {
        "ruleId": verdict.rule.id,
        "ruleIndex": rule_index,
        "message": _message(verdict),
        "locations": [_location(verdict.resource.origin.file, verdict)],
        "properties": {
            "verdict": verdict.status.value,
            "resource": verdict.resource.address,
            "resourceType": verdict.resource.type,
        },
    }
    if verdict.status is Status.FAIL:
        failing = decision is None or decision.state is State.FAILING
        result["kind"] = "fail"
        result["level"] = "error" if failing else "warning"
    else:
        result["kind"] = "review"  # unknown: a person must look; level is none
    if decision is not None:
        result["partialFingerprints"] = {"sealgate/v1": decision.fingerprint}
        result["properties"]["gate"] = decision.state.value
        if decision.suppression is not None:
            result["suppressions"] = [
                {
                    "kind": "inSource",
                    "status": "accepted",
                    "justification": decision.suppression.reason,
                }
            ]
        if decision.baseline is not None:
            result["baselineState"] = _BASELINE_STATE[decision.baseline]
    if verdict.remedy is not None:
        result["properties"]["fix"] = {
            "kind": verdict.remedy.kind.value,
            "note": verdict.remedy.note,
            "snippet": verdict.remedy.snippet,
        }
    return result


def _message(verdict: Verdict) -> dict[str, str]:
    remedy = verdict.remedy
    if remedy is None:
        return {"text": verdict.message}
    markdown = (
        f"{verdict.message}\n\nFix ({remedy.kind.value}): {remedy.note}\n\n"
        f"```\n{remedy.snippet}```"
    )
    return {"text": verdict.message, "markdown": markdown}


def _location(file: str, verdict: Verdict | None = None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri(file)}}
    line = verdict.resource.origin.line if verdict is not None else None
    if line:
        physical["region"] = {"startLine": line}
    location: dict[str, Any] = {"physicalLocation": physical}
    if verdict is not None:
        location["logicalLocations"] = [
            {"name": verdict.resource.address, "kind": "resource"}
        ]
    return location


def uri(file: str) -> str:
    """A relative path as a relative URI; an absolute one as a file URI."""
    if os.path.isabs(file):
        return pathlib.Path(file).as_uri()
    return urllib.parse.quote(portable(file), safe="/")


def _invocation(report: Report) -> dict[str, Any]:
    notifications = [
        {
            "level": "error",
            "message": {"text": error.reason},
            "locations": [_location(error.file)],
        }
        for error in report.errors
    ]
    notifications += [
        {"level": "warning", "message": {"text": warning}}
        for warning in report.warnings
    ]
    return {
        "executionSuccessful": not report.errors,
        "toolExecutionNotifications": notifications,
    }
