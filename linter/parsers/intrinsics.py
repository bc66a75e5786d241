"""Resolve CloudFormation intrinsic functions as far as a template allows.

What can be computed before deployment (parameters with values, mappings,
conditions, string functions over known values) is computed; what cannot
(resource attributes, imports, pseudo parameters) becomes ``Unknown`` with
the reason. ``AWS::NoValue`` becomes the NO_VALUE marker, which callers drop.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from sealgate.model import Unknown
from sealgate.model import Value

NO_VALUE = Unknown("AWS::NoValue")
"""Marks a property removed by ``Ref: AWS::NoValue``; identity-compared."""

MAX_DEPTH = 200
_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_PSEUDO = {
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
}


class TemplateError(Exception):
    """A template that CloudFormation itself would reject."""


@dataclass
class Scope:
    """What a template's intrinsics can see."""

    parameters: Mapping[str, Value]
    resources: Mapping[str, str]
    """Logical id to resource type."""
    mappings: Mapping[str, Any]
    conditions: dict[str, bool | None] = field(default_factory=dict)
    """Evaluated conditions; None where the parameters cannot decide."""
    assume: Mapping[str, bool] = field(default_factory=dict)
    """Condition values fixed for one variant of a resource."""

    def condition(self, name: str) -> bool | None:
        """A condition's value under this scope's assumptions."""
        if name in self.assume:
            return self.assume[name]
        if name not in self.conditions:
            raise TemplateError(f"condition {name!r} is not defined")
        return self.conditions[name]


def resolve(node: Any, scope: Scope, depth: int = 0) -> Value:
    """Resolve every intrinsic in ``node``; NoValue members are dropped."""
    if depth > MAX_DEPTH:
        raise TemplateError("nested too deeply")
    if isinstance(node, dict):
        if len(node) == 1:
            ((key, arg),) = node.items()
            function = _FUNCTIONS.get(key)
            if function is not None:
                value = function(arg, scope, depth + 1)
                if isinstance(value, Unknown) and value is not NO_VALUE:
                    # keep the intrinsic as written, so a fix can write it back
                    value = dataclasses.replace(value, expression=node)
                return value
        out: dict[str, Value] = {}
        for key, child in node.items():
            value = resolve(child, scope, depth + 1)
            if value is not NO_VALUE and value is not None:
                out[str(key)] = value
        return out
    if isinstance(node, list):
        items = (resolve(child, scope, depth + 1) for child in node)
        return [item for item in items if item is not NO_VALUE]
    return node  # a YAML/JSON scalar


def _ref(arg: Any, scope: Scope, depth: int) -> Value:
    if not isinstance(arg, str):
        raise TemplateError(f"Ref takes a name, not {arg!r}")
    if arg == "AWS::NoValue":
        return NO_VALUE
    if arg in scope.parameters:
        return scope.parameters[arg]
    if arg in scope.resources:
        return Unknown(f"known after deployment (Ref {arg})", True, (arg,))
    if arg in _PSEUDO:
        return Unknown(f"known at deployment ({arg})", True)
    raise TemplateError(f"Ref to {arg!r}, which is not a parameter or resource")


def _get_att(arg: Any, scope: Scope, depth: int) -> Value:
    if isinstance(arg, str):
        arg = arg.split(".", 1)
    if not isinstance(arg, list) or len(arg) != 2:
        raise TemplateError(f"Fn::GetAtt takes [resource, attribute], not {arg!r}")
    name, attribute = arg[0], resolve(arg[1], scope, depth)
    refs = (name,) if name in scope.resources else ()
    return Unknown(
        f"known after deployment (Fn::GetAtt {name}.{attribute})", True, refs
    )


def _sub(arg: Any, scope: Scope, depth: int) -> Value:
    if isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], dict):
        text, variables = (
            arg[0],
            {k: resolve(v, scope, depth) for k, v in arg[1].items()},
        )
    else:
        text, variables = arg, {}
    if not isinstance(text, str):
        raise TemplateError(f"Fn::Sub takes a string, not {text!r}")
    unknown: list[Unknown] = []

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("!"):
            return "${" + name[1:] + "}"
        if name in variables:
            value = variables[name]
        elif "." in name and name.split(".", 1)[0] in scope.resources:
            value = _get_att(name, scope, depth)
        else:
            value = _ref(name, scope, depth)
        if isinstance(value, Unknown):
            unknown.append(value)
            return match.group(0)
        return _text(value)

    result = _SUB_VARIABLE.sub(substitute, text)
    return _combine(result, unknown, "Fn::Sub")


def _join(arg: Any, scope: Scope, depth: int) -> Value:
    if not isinstance(arg, list) or len(arg) != 2:
        raise TemplateError("Fn::Join takes [delimiter, list]")
    delimiter, items = resolve(arg[0], scope, depth), resolve(arg[1], scope, depth)
    if isinstance(items, Unknown):
        return Unknown(
            "known at deployment (Fn::Join over a computed list)", True, items.refs
        )
    if not isinstance(items, list) or not isinstance(delimiter, str):
        raise TemplateError("Fn::Join takes a string delimiter and a list")
    unknown = [item for item in items if isinstance(item, Unknown)]
    parts = [
        "${" + ",".join(item.refs) + "}" if isinstance(item, Unknown) else _text(item)
        for item in items
    ]
    return _combine(delimiter.join(parts), unknown, "Fn::Join")


def _combine(text: str, unknown: list[Unknown], function: str) -> Value:
    if not unknown:
        return text
    refs = tuple(dict.fromkeys(ref for value in unknown for ref in value.refs))
    reasons = "; ".join(dict.fromkeys(value.reason for value in unknown))
    return Unknown(
        f"known at deployment ({function} over values {reasons})", True, refs, text
    )


def _if(arg: Any, scope: Scope, depth: int) -> Value:
    if not isinstance(arg, list) or len(arg) != 3 or not isinstance(arg[0], str):
        raise TemplateError("Fn::If takes [condition, value if true, value if false]")
    chosen = scope.condition(arg[0])
    if chosen is None:
        return Unknown(
            f"decided by condition {arg[0]!r}, which the parameters given cannot decide"
        )
    return resolve(arg[1] if chosen else arg[2], scope, depth)


def _find_in_map(arg: Any, scope: Scope, depth: int) -> Value:
    if not isinstance(arg, list) or len(arg) not in (3, 4):
        raise TemplateError("Fn::FindInMap takes [map, top key, second key]")
    keys = [resolve(key, scope, depth) for key in arg[:3]]
    if any(isinstance(key, Unknown) for key in keys):
        return Unknown("known at deployment (Fn::FindInMap with a computed key)", True)
    node: Any = scope.mappings
    for key in keys:
        if not isinstance(node, dict) or str(key) not in node:
            if len(arg) == 4 and isinstance(arg[3], dict) and "DefaultValue" in arg[3]:
                return resolve(arg[3]["DefaultValue"], scope, depth)
            raise TemplateError(f"Fn::FindInMap: no entry {keys!r} in Mappings")
        node = node[str(key)]
    return resolve(node, scope, depth)


def _select(arg: Any, scope: Scope, depth: int) -> Value:
    if not isinstance(arg, list) or len(arg) != 2:
        raise TemplateError("Fn::Select takes [index, list]")
    index, items = resolve(arg[0], scope, depth), resolve(arg[1], scope, depth)
    if isinstance(index, Unknown) or isinstance(items, Unknown):
        return Unknown("known at deployment (Fn::Select over a computed value)", True)
    if not isinstance(items, list) or not isinstance(index, (int, float, str)):
        raise TemplateError("Fn::Select takes [index, list]")
    try:
        position = int(index)
    except (OverflowError, ValueError):
        position = -1
    # CloudFormation takes 0 to N-1 only: no counting from the end
    if not 0 <= position < len(items):
        raise TemplateError(f"Fn::Select: index {index!r} is out of range")
    return items[position]


def _split(arg: Any, scope: Scope, depth: int) -> Value:
    if not isinstance(arg, list) or len(arg) != 2:
        raise TemplateError("Fn::Split takes [delimiter, string]")
    delimiter, text = resolve(arg[0], scope, depth), resolve(arg[1], scope, depth)
    if isinstance(text, Unknown) or not isinstance(delimiter, str):
        return Unknown("known at deployment (Fn::Split over a computed value)", True)
    return list(_text(text).split(delimiter))


def _import_value(arg: Any, scope: Scope, depth: int) -> Value:
    name = resolve(arg, scope, depth)
    shown = name if isinstance(name, str) else "a computed name"
    return Unknown(f"imported at deployment (Fn::ImportValue {shown})", True)


def _later(function: str) -> Any:
    def unknown(arg: Any, scope: Scope, depth: int) -> Value:
        return Unknown(f"known at deployment ({function})", True)

    return unknown


def _text(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        raise TemplateError(f"expected a string, got {value!r}")
    return str(value)


_FUNCTIONS = {
    "Ref": _ref,
    "Fn::GetAtt": _get_att,
    "Fn::Sub": _sub,
    "Fn::Join": _join,
    "Fn::If": _if,
    "Fn::FindInMap": _find_in_map,
    "Fn::Select": _select,
    "Fn::Split": _split,
    "Fn::ImportValue": _import_value,
    **{
        name: _later(name)
        for name in (
            "Fn::Base64",
            "Fn::Cidr",
            "Fn::GetAZs",
            "Fn::Length",
            "Fn::ToJsonString",
            "Fn::Transform",
            "Fn::GetParam",
        )
    },
}


def evaluate_conditions(definitions: Any, scope: Scope) -> dict[str, bool | None]:
    """Evaluate every condition; None where it depends on an unknown value."""
    if not isinstance(definitions, dict):
        raise TemplateError("Conditions must be a mapping")
    evaluator = _Conditions(definitions, scope)
    for name in definitions:
        evaluator.named(name)
    return evaluator.results


class _Conditions:
    """Three-valued evaluation of the Conditions section, each name once."""

    def __init__(self, definitions: dict[str, Any], scope: Scope) -> None:
        self.definitions = definitions
        self.scope = scope
        self.results: dict[str, bool | None] = {}
        self.visiting: set[str] = set()

    def named(self, name: Any) -> bool | None:
        if not isinstance(name, str):
            raise TemplateError(f"a condition name must be a string, not {name!r}")
        if name in self.results:
            return self.results[name]
        if name not in self.definitions:
            raise TemplateError(f"condition {name!r} is not defined")
        if name in self.visiting:
            raise TemplateError(f"condition {name!r} refers to itself")
        self.visiting.add(name)
        self.results[name] = self.truth(self.definitions[name], 0)
        self.visiting.discard(name)
        return self.results[name]

    def truth(self, node: Any, depth: int) -> bool | None:
        if depth > MAX_DEPTH:
            raise TemplateError("conditions nested too deeply")
        if isinstance(node, bool):
            return node
        if not isinstance(node, dict) or len(node) != 1:
            raise TemplateError(f"not a condition: {node!r}")
        ((key, arg),) = node.items()
        if key == "Condition":
            return self.named(arg)
        if key == "Fn::Equals":
            return _equals(arg, self.scope, depth)
        if key not in ("Fn::Not", "Fn::And", "Fn::Or") or not isinstance(arg, list):
            raise TemplateError(f"{key} is not a condition function taking a list")
        values = [self.truth(item, depth + 1) for item in arg]
        if key == "Fn::Not":
            return None if values[0] is None else not values[0]
        if key == "Fn::And":
            return False if False in values else None if None in values else True
        return True if True in values else None if None in values else False


def _equals(arg: Any, scope: Scope, depth: int) -> bool | None:
    if not isinstance(arg, list) or len(arg) != 2:
        raise TemplateError("Fn::Equals takes two values")
    left, right = (resolve(value, scope, depth) for value in arg)
    if isinstance(left, Unknown) or isinstance(right, Unknown):
        return None
    return _text_or_list(left) == _text_or_list(right)


def _text_or_list(value: Value) -> object:
    if isinstance(value, list):
        return [_text_or_list(item) for item in value]
    if isinstance(value, dict):
        return value
    return _text(value)
