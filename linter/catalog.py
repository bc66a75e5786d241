"""The list of registered rules, as `sealgate rules` and the README show it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sealgate.registry import Registry
from sealgate.rules import Rule

README_START = "<!-- rules:start -->"
README_END = "<!-- rules:end -->"


def entry(rule: Rule) -> dict[str, Any]:
    """One rule's metadata as plain data."""
    return {
        "id": rule.id,
        "control": rule.control,
        "title": rule.title,
        "description": rule.description,
        "severity": rule.severity.value,
        "resource_types": sorted(rule.resource_types),
        "documentation": rule.source_url,
        "experimental": rule.experimental,
    }


def text(registry: Registry) -> str:
    """An aligned table, each rule followed by its resource types and link."""
    rows = [("ID", "CONTROL", "SEVERITY", "TITLE")]
    rows += [(r.id, r.control, r.severity.value, r.title) for r in registry.rules]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = []
    for number, row in enumerate(rows):
        cells = [cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)]
        lines.append("  ".join([*cells, row[3]]))
        if number == 0:
            continue
        rule = registry.rules[number - 1]
        lines.append(f"    types: {', '.join(sorted(rule.resource_types))}")
        lines.append(f"    docs:  {rule.source_url}")
    return "\n".join(lines) + "\n"


def json_text(registry: Registry) -> str:
    """Every rule as a sorted JSON list."""
    return json.dumps([entry(r) for r in registry.rules], indent=2) + "\n"


def markdown(registry: Registry) -> str:
    """A Markdown table, the body of the README's rule section."""
    lines = [
        "| rule | control | severity | title | resource types |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in registry.rules:
        types = ", ".join(f"`{kind}`" for kind in sorted(rule.resource_types))
        title = f"[{rule.title}]({rule.source_url})"
        lines.append(
            f"| {rule.id} | {rule.control} | {rule.severity.value} | {title} "
            f"| {types} |"
        )
    return "\n".join(lines) + "\n"


def readme_section(readme: str, registry: Registry) -> str:
    """``readme`` with the table between the rule markers regenerated."""
    head, start, rest = readme.partition(README_START)
    _, end, tail = rest.partition(README_END)
    if not start or not end:
        raise ValueError(f"README lacks {README_START} ... {README_END}")
    return f"{head}{start}\n{markdown(registry)}{end}{tail}"


RENDERERS: dict[str, Callable[[Registry], str]] = {
    "json": json_text,
    "markdown": markdown,
    "text": text,
}
