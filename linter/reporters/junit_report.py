"""JUnit XML (the Ant schema CI servers read): one test case per verdict.

A failure that fails the gate is a ``failure``; a failure the gate lets
through (suppressed, baselined, below ``--fail-on``) and an unknown are
``skipped`` with a message that says which; a pass is a bare test case. Each
input file is a test suite; a file that cannot be read is a suite with one
``error``.
"""

from __future__ import annotations

import datetime
import itertools
import platform
import xml.etree.ElementTree as ET

from sealgate.engine import Verdict
from sealgate.errors import InputError
from sealgate.policy import State
from sealgate.rules import Status
from sealgate.scan import Report


def render(report: Report, color: bool = False) -> str:
    """The report as a ``testsuites`` document."""
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    root = ET.Element("testsuites")
    by_file = {
        file: list(group)
        for file, group in itertools.groupby(
            report.verdicts, key=lambda v: v.resource.origin.file
        )
    }
    errors = {error.file: error for error in report.errors}
    for number, file in enumerate(sorted({*by_file, *errors})):
        suite = _suite(file, by_file.get(file, []), errors.get(file), stamp)
        suite.set("id", str(number))
        root.append(suite)
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n'


def label(verdict: Verdict) -> str:
    """The verdict and, where the gate let it through, why."""
    decision = verdict.decision
    if decision is None or decision.state in (State.FAILING, State.NOT_FAILED):
        return verdict.status.value
    if decision.suppression is not None:
        return f"{verdict.status.value}, suppressed: {decision.suppression.reason}"
    return f"{verdict.status.value}, {decision.state.value}"


def _suite(
    file: str, verdicts: list[Verdict], error: InputError | None, stamp: str
) -> ET.Element:
    suite = ET.Element("testsuite")
    ET.SubElement(suite, "properties")
    failures = skipped = 0
    for verdict in verdicts:
        case = ET.SubElement(
            suite,
            "testcase",
            name=f"{verdict.rule.control} {verdict.resource.address}",
            classname=verdict.rule.id,
            time="0",
        )
        failing = verdict.decision is None or verdict.decision.state is State.FAILING
        if verdict.status is Status.FAIL and failing:
            failures += 1
            failure = ET.SubElement(
                case, "failure", message=verdict.message, type=verdict.rule.control
            )
            failure.text = _body(verdict)
        elif verdict.status is not Status.PASS:
            skipped += 1
            ET.SubElement(
                case, "skipped", message=f"{label(verdict)}: {verdict.message}"
            )
    if error is not None:
        case = ET.SubElement(
            suite, "testcase", name="read", classname="sealgate", time="0"
        )
        ET.SubElement(case, "error", message=error.reason, type="input-error")
    ET.SubElement(suite, "system-out")
    ET.SubElement(suite, "system-err")
    suite.attrib.update(
        name=file,
        package=file,
        timestamp=stamp,
        hostname=platform.node() or "localhost",
        tests=str(len(verdicts) + (error is not None)),
        failures=str(failures),
        errors=str(int(error is not None)),
        skipped=str(skipped),
        time="0",
    )
    return suite


def _body(verdict: Verdict) -> str:
    where = f"{verdict.resource.origin.file}:{verdict.resource.origin.line or '-'}"
    text = f"{where} {verdict.resource.address}\n{verdict.message}\n"
    if verdict.remedy is not None:
        text += f"fix ({verdict.remedy.kind.value}): {verdict.remedy.note}\n"
        text += verdict.remedy.snippet
    return text
