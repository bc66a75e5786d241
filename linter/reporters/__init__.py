"""One writer per output format; each renders a report it is given, whole."""

from __future__ import annotations

from collections.abc import Callable

from sealgate.reporters import json_report
from sealgate.reporters import text_report
from sealgate.scan import Report

Writer = Callable[[Report, bool], str]
"""A writer takes the report and whether colour is wanted, and returns text."""

WRITERS: dict[str, Writer] = {
    "json": json_report.render,
    "text": text_report.render,
}
