"""One writer per output format; each renders a report it is given, whole."""

from __future__ import annotations

from collections.abc import Callable

from sealgate.reporters import github_report
from sealgate.reporters import json_report
from sealgate.reporters import junit_report
from sealgate.reporters import markdown_report
from sealgate.reporters import sarif_report
from sealgate.reporters import text_report
from sealgate.scan import Report

Writer = Callable[[Report, bool], str]
"""A writer takes the report and whether colour is wanted, and returns text."""

WRITERS: dict[str, Writer] = {
    "github": github_report.render,
    "json": json_report.render,
    "junit": junit_report.render,
    "markdown": markdown_report.render,
    "sarif": sarif_report.render,
    "text": text_report.render,
}
