"""CloudFormation templates (YAML or JSON, SAM included) into the model."""

from __future__ import annotations

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
from sealgate.parsers.intrinsics import Scope
from sealgate.parsers.intrinsics import TemplateError
from sealgate.parsers.intrinsics import evaluate_conditions
from sealgate.parsers.intrinsics import resolve

MAX_VARIED_CONDITIONS = 4
"""Beyond this many conditions in one resource, only the defaults are judged."""

_STRING_BOOLEANS = {"true": True, "false": False}


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
    try:
        resources = tuple(_resources(data, file, fmt, lines, parameters or {}))
    except TemplateError as error:
        raise InputError(file, f"invalid template: {error}") from None
    except RecursionError:
        raise InputError(file, "invalid template: nested too deeply") from None
    return Document(file, fmt, resources)


def is_template(data: object) -> bool:
    """Whether parsed YAML/JSON is a CloudFormation template."""
    if not isinstance(data, dict):
        return False
    body = data.get("Resources")
    if not isinstance(body, dict):
        return "AWSTemplateFormatVersion" in data
    return all(
        isinstance(r, dict) and isinstance(r.get("Type"), str) for r in body.values()
    )


def _resources(
    data: dict[str, Any],
    file: str,
    fmt: Format,
    lines: Mapping[str, int],
    overrides: Mapping[str, str],
) -> Iterator[Resource]:
    body = data.get("Resources")
    if not isinstance(body, dict):
        raise TemplateError("Resources must be a mapping of logical ids")
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
        raise TemplateError(f"{origin.address}: Properties must be a mapping")
    condition = declaration.get("Condition")
    if condition is not None and not isinstance(condition, str):
        raise TemplateError(f"{origin.address}: Condition must be a name")
    used = sorted(set(_conditions_used(raw)))
    properties = _properties(kind, raw, scope)
    undetermined = tuple(name for name in used if scope.condition(name) is None)
    variants: tuple[Variant, ...] = ()
    if used and len(used) <= MAX_VARIED_CONDITIONS:
        variants = tuple(_variants(kind, raw, scope, used))
    return Resource(origin, kind, properties, None, condition, variants, undetermined)


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
    _normalise(resolved, _schema_types().get(kind, {}))
    return resolved


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
    return json.loads(data)  # type: ignore[no-any-return]


def _normalise(properties: dict[str, Value], types: Mapping[str, list[str]]) -> None:
    for kind, paths in types.items():
        for path in paths:
            _coerce_at(properties, path.split("."), kind)


def _coerce_at(node: Value, steps: list[str], kind: str) -> None:
    step, rest = steps[0], steps[1:]
    if step == "*":
        children = list(enumerate(node)) if isinstance(node, list) else []
    elif isinstance(node, dict) and step in node:
        children = [(step, node[step])]
    else:
        return
    for key, child in children:
        if rest:
            _coerce_at(child, rest, kind)
        else:
            node[key] = _coerce(child, kind)  # type: ignore[index]


def _coerce(value: Value, kind: str) -> Value:
    if kind == "bool" and isinstance(value, str):
        return _STRING_BOOLEANS.get(value.lower(), value)
    if kind in ("int", "num") and isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if number.is_integer() else number
    if kind == "json":
        text = value.text if isinstance(value, Unknown) else value
        if isinstance(text, str):
            try:
                parsed = json.loads(text)
            except ValueError:
                return value
            return parsed if isinstance(parsed, dict) else value  # type: ignore[no-any-return]
    return value


# ---- loading and line numbers ----


def load_json(text: str, file: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=unique_keys)
    except json.JSONDecodeError as error:
        raise InputError(
            file, f"invalid JSON: line {error.lineno}: {error.msg}"
        ) from None
    except ValueError as error:
        raise InputError(file, f"invalid JSON: {error}") from None
    except RecursionError:
        raise InputError(file, "invalid JSON: nested too deeply to read") from None


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
