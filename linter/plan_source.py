"""A plan read beside its Terraform source (``sealgate check plan.json --source DIR``).

Plan JSON has no file or line, and it leaves unknown whatever depends on a
value created in the same run, even where the code alone decides it (an EMR
configuration built with ``jsonencode`` around a new key's ARN; a conditional
on whether that ARN is null). The source's HCL, evaluated with the variable
values the plan records, gives each plan resource the file and line of its
block (matched by address, or by address without instance keys), and, on an
exact address match, replaces a value the plan leaves unknown where the
configuration sets that argument and HCL knows more: a known value, a structure
with unknowns only inside, or an unknown whose text, existence or source
resources HCL knows and the plan does not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from sealgate.model import Document
from sealgate.model import Origin
from sealgate.model import Resource
from sealgate.model import Unknown
from sealgate.model import Value

_INSTANCE_KEY = re.compile(r'\[(?:"(?:[^"\\]|\\.)*"|\d+)\]')


def plan_variables(plan_file: str) -> dict[str, str]:
    """The root variable values a plan was made with, as ``--var`` strings."""
    try:
        with open(plan_file, encoding="utf-8-sig") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {}
    found = data.get("variables") if isinstance(data, dict) else None
    out = {}
    for name, entry in (found or {}).items():
        value = entry.get("value") if isinstance(entry, dict) else None
        if isinstance(value, str):
            out[name] = value
        elif value is not None:
            out[name] = json.dumps(value)  # HCL reads JSON literals
    return out


def attach(plan: Document, source: Document) -> Document:
    """The plan's resources placed in the source and completed by it."""
    exact = {r.address: r for r in source.resources}
    loose: dict[str, Resource] = {}
    for resource in source.resources:
        loose.setdefault(strip_keys(resource.address), resource)
    resources = []
    for resource in plan.resources:
        found = exact.get(resource.address)
        origin_of = found or loose.get(strip_keys(resource.address))
        if origin_of is None:
            resources.append(resource)
            continue
        origin = Origin(
            resource.origin.format,
            origin_of.origin.file,
            origin_of.origin.line,
            resource.address,
        )
        properties = resource.properties
        if found is not None:
            properties = complete(resource.properties, found.properties)
        resources.append(replace(resource, origin=origin, properties=properties))
    return replace(plan, resources=tuple(resources))


def strip_keys(address: str) -> str:
    """An address without instance keys (``module.a["x"].b[0]`` is ``module.a.b``)."""
    return _INSTANCE_KEY.sub("", address)


def complete(plan: Mapping[str, Value], hcl: Mapping[str, Value]) -> dict[str, Value]:
    """The plan's values, with unknowns replaced where the HCL knows more."""
    return {key: _better(value, hcl.get(key)) for key, value in plan.items()}


def _better(plan: Value, hcl: Any) -> Value:
    if hcl is None:
        return plan
    if isinstance(plan, Unknown):
        if isinstance(hcl, Unknown):
            return hcl if _knows_more(hcl, plan) else plan
        return hcl  # known, or a structure with unknowns only inside
    if isinstance(plan, dict) and isinstance(hcl, dict):
        return complete(plan, hcl)
    if isinstance(plan, list) and isinstance(hcl, list) and len(plan) == len(hcl):
        return [_better(p, h) for p, h in zip(plan, hcl, strict=True)]
    return plan


def _knows_more(hcl: Unknown, plan: Unknown) -> bool:
    """Whether HCL's unknown says more: its text, that it exists, or its sources."""
    return (
        (hcl.text is not None and plan.text is None)
        or (hcl.present and not plan.present)
        or (bool(hcl.refs) and not plan.refs)
    )
