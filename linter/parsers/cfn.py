"""CloudFormation templates (YAML or JSON, SAM included) into the model."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import json
import pkgutil
import re
from collections.abc import Iterator
from collections.abc import Mapping
from typing import Any

from sealgate.errors import InputError
from sealgate.model import Document
from sealgate.model import Format
from sealgate.model import Origin
from sealgate.model import Resource
from sealgate.model import Unknown
from sealgate.model import Value
from sealgate.model import Variant
from sealgate.parsers import cfn_yaml
from sealgate.parsers import limits
from sealgate.parsers import sam
from sealgate.parsers.coercion import DOCUMENT_TYPES
from sealgate.parsers.coercion import normalise
from sealgate.parsers.intrinsics import Scope
from sealgate.parsers.intrinsics import TemplateError
from sealgate.parsers.intrinsics import evaluate_conditions
from sealgate.parsers.intrinsics import resolve

MAX_VARIED_CONDITIONS = 4
"""Beyond this many conditions in one resource, only the defaults are judged."""


def parse(
    text: str,
    file: str,
    fmt: Format,
    parameters: Mapping[str, str] | None = None,
    data: Any = None,
) -> Document | None:
    """Read a template; None when the text is YAML or JSON but not a template.

    ``data`` is the already parsed JSON, where the caller has it.
    """
    if fmt is Format.CFN_JSON:
        data = load_json(text, file) if data is None else data
        body = data.get("Resources") if isinstance(data, dict) else None
        lines = _json_lines(text, set(body) if isinstance(body, dict) else set())
    else:
        data, yaml_lines = cfn_yaml.load(text, file)
        lines = _yaml_lines(data, yaml_lines)
    if not is_template(data):
        return None
    written: sam.Written = {}
    if sam.uses_transform(data) and isinstance(data.get("Resources"), dict):
        body, lines, written = sam.expand(data["Resources"], data.get("Globals"), lines)
        data = {**data, "Resources": body}
    data, notes = _without_loops(data)
    try:
        resources = tuple(_resources(data, file, fmt, lines, parameters or {}))
        resources = tuple(
            dataclasses.replace(r, written_at=written[r.address])
            if r.address in written
            else r
            for r in resources
        )
    except TemplateError as error:
        raise InputError(file, f"invalid template: {error}") from None
    except RecursionError:
        raise InputError(file, "invalid template: nested too deeply") from None
    parameters = data.get("Parameters")
    declared = frozenset(map(str, parameters)) if isinstance(parameters, dict) else ()
    return Document(file, fmt, resources, notes, frozenset(declared))


def _without_loops(data: dict[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
    # Fn::ForEach (AWS::LanguageExtensions) writes resources out at deployment
    # TODO: expand loops over a literal collection; not yet, as no shared case
    # or corpus template uses one; until then the output names each loop
    body = data.get("Resources")
    if not isinstance(body, dict):
        return data, ()
    loops = [name for name in body if str(name).startswith("Fn::ForEach::")]
    if not loops:
        return data, ()
    kept = {name: value for name, value in body.items() if name not in loops}
    notes = tuple(
        f"{name}: resources written out by Fn::ForEach are not judged" for name in loops
    )
    return {**data, "Resources": kept}, notes


def is_template(data: object) -> bool:
    """Whether parsed YAML/JSON claims to be a CloudFormation template.

    A format version, a ``Resources`` section that is not a mapping (which
    ``parse`` reports), or a resource with a ``Type`` makes the claim; other
    YAML and JSON with a ``Resources`` key is someone else's format.
    """
    if not isinstance(data, dict):
        return False
    body = data.get("Resources")
    if "AWSTemplateFormatVersion" in data:
        return True
    if not isinstance(body, dict):
        return body is not None
    return any(isinstance(r, dict) and "Type" in r for r in body.values())


def _resources(
    data: dict[str, Any],
    file: str,
    fmt: Format,
    lines: Mapping[str, int],
    overrides: Mapping[str, str],
) -> Iterator[Resource]:
    body = data.get("Resources")
    if not isinstance(body, dict):
        raise TemplateError(f"'Resources' must be a mapping, not {_kind(body)}")
    for name, declaration in body.items():
        if not isinstance(declaration, dict):
            raise TemplateError(
                f"resource {name!r} must be a mapping, not {_kind(declaration)}"
            )
        if not isinstance(declaration.get("Type"), str):
            raise TemplateError(f"resource {name!r} needs a 'Type' string")
    scope = Scope(
        parameters=_parameters(data.get("Parameters") or {}, overrides),
        resources={name: str(r["Type"]) for name, r in body.items()},
        mappings=data.get("Mappings") or {},
    )
    scope.conditions = evaluate_conditions(data.get("Conditions") or {}, scope)
    for name, declaration in body.items():
        origin = Origin(fmt, file, lines.get(name), str(name))
        yield _resource(origin, declaration, scope)


def _resource(origin: Origin, declaration: dict[str, Any], scope: Scope) -> Resource:
    kind = declaration["Type"]
    raw = declaration.get("Properties", {})
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise TemplateError(
            f"'Properties' of resource {origin.address!r} must be a mapping, "
            f"not {_kind(raw)}"
        )
    condition = declaration.get("Condition")
    if condition is not None and not isinstance(condition, str):
        raise TemplateError(
            f"'Condition' of resource {origin.address!r} must be a name, "
            f"not {_kind(condition)}"
        )
    used = sorted(set(_conditions_used(raw)))
    properties = _properties(kind, raw, scope)
    undetermined = tuple(name for name in used if scope.condition(name) is None)
    variants: tuple[Variant, ...] = ()
    if used and len(used) <= MAX_VARIED_CONDITIONS:
        variants = tuple(_variants(kind, raw, scope, used))
    metadata = declaration.get("Metadata")
    return Resource(
        origin,
        kind,
        properties,
        None,
        condition,
        variants,
        undetermined,
        metadata if isinstance(metadata, dict) else {},
    )


def _variants(
    kind: str, raw: dict[str, Any], scope: Scope, used: list[str]
) -> Iterator[Variant]:
    for values in itertools.product((True, False), repeat=len(used)):
        assumptions = tuple(zip(used, values, strict=True))
        variant_scope = Scope(
            scope.parameters,
            scope.resources,
            scope.mappings,
            scope.conditions,
            dict(assumptions),
        )
        yield Variant(assumptions, _properties(kind, raw, variant_scope))


def _properties(kind: str, raw: dict[str, Any], scope: Scope) -> dict[str, Value]:
    resolved = resolve(raw, scope)
    if not isinstance(resolved, dict):
        return {}
    normalise(resolved, _schema_types().get(kind, {}))
    normalise(resolved, DOCUMENT_TYPES.get(kind, {}))
    return resolved


def _kind(value: object) -> str:
    """How a message names the type of a wrongly typed section."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    names: dict[type, str] = {dict: "a mapping", list: "a list", str: "a string"}
    return names.get(type(value), "nothing" if value is None else "a scalar")


def _conditions_used(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if len(node) == 1 and "Fn::If" in node:
            arg = node["Fn::If"]
            if isinstance(arg, list) and arg and isinstance(arg[0], str):
                yield arg[0]
        for child in node.values():
            yield from _conditions_used(child)
    elif isinstance(node, list):
        for child in node:
            yield from _conditions_used(child)


def _parameters(declared: Any, overrides: Mapping[str, str]) -> dict[str, Value]:
    if not isinstance(declared, dict):
        raise TemplateError("Parameters must be a mapping")
    values: dict[str, Value] = {}
    for name, spec in declared.items():
        spec = spec if isinstance(spec, dict) else {}
        kind = str(spec.get("Type", "String"))
        if kind.startswith("AWS::SSM::Parameter::Value"):
            values[name] = Unknown(
                f"read from SSM Parameter Store at deployment (parameter {name!r})",
                True,
            )
            continue
        if name in overrides:
            value: Any = overrides[name]
            allowed = spec.get("AllowedValues")
            if isinstance(allowed, list) and value not in map(str, allowed):
                # CloudFormation would refuse the stack with this value
                raise TemplateError(
                    f"--parameter {name}={value!r} is not one of its AllowedValues "
                    f"{[str(a) for a in allowed]!r}"
                )
        elif "Default" in spec:
            value = spec["Default"]
        else:
            values[name] = Unknown(
                f"supplied at deployment (parameter {name!r} has no default)", True
            )
            continue
        if kind == "CommaDelimitedList" or kind.startswith("List<"):
            value = [item.strip() for item in str(value).split(",")]
        values[name] = value
    return values


# ---- value normalisation by the resource schemas cfn-lint publishes ----


@functools.cache
def _schema_types() -> dict[str, dict[str, list[str]]]:
    # pkgutil reads package data through the loader (a wheel, a zip) without
    # importing importlib.resources, a noticeable share of start-up
    data = pkgutil.get_data("sealgate", "data/cfn_types.json")
    if data is None:  # pragma: no cover - a loader that cannot read data
        raise RuntimeError("sealgate/data/cfn_types.json is missing")
    types: dict[str, dict[str, list[str]]] = json.loads(data)
    return types


# ---- loading and line numbers ----


def load_json(text: str, file: str) -> Any:
    """Parse JSON text; InputError with the line on anything invalid."""
    try:
        data = json.loads(text, object_pairs_hook=unique_keys)
    except json.JSONDecodeError as error:
        problem = error.msg
        if error.pos >= len(text.rstrip()):
            problem = "the text ends early (truncated?)"
        raise InputError(
            file, f"invalid JSON: line {error.lineno}: {problem}"
        ) from None
    except ValueError as error:
        raise InputError(file, f"invalid JSON: {error}") from None
    except RecursionError:
        raise limits.too_deep(file) from None
    limits.check_depth(data, file)
    return data


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object hook that refuses duplicate keys, as CloudFormation does."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


_RESOURCES_KEY = re.compile(r'"Resources"\s*:')
_OBJECT_KEY = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:\s*\{')


def _json_lines(text: str, names: set[str]) -> dict[str, int]:
    """Line of each logical id: its first key occurrence after "Resources"."""
    start = _RESOURCES_KEY.search(text)
    if start is None:
        return {}
    lines: dict[str, int] = {}
    line, counted = 1, 0
    for match in _OBJECT_KEY.finditer(text, start.end()):
        name = match.group(1)
        if name in names and name not in lines:
            line += text.count("\n", counted, match.start())
            counted = match.start()
            lines[name] = line
    return lines


def _yaml_lines(data: Any, lines: cfn_yaml.Lines) -> dict[str, int]:
    body = data.get("Resources") if isinstance(data, dict) else None
    return lines.get(id(body), {}) if body is not None else {}
