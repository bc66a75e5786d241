"""One writer per output format; each renders a report it is given, whole."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sealgate.scan import Report

Writer = Callable[["Report", bool], str]
"""A writer takes the report and whether colour is wanted, and returns text."""


def _lazy(module: str) -> Writer:
    """A writer that imports its module on first use: a run loads one writer."""

    def render(report: Report, color: bool = False) -> str:
        found = importlib.import_module(f"sealgate.reporters.{module}")
        text: str = found.render(report, color)
        return text

    return render


WRITERS: dict[str, Writer] = {
    "github": _lazy("github_report"),
    "json": _lazy("json_report"),
    "junit": _lazy("junit_report"),
    "markdown": _lazy("markdown_report"),
    "sarif": _lazy("sarif_report"),
    "text": _lazy("text_report"),
}
