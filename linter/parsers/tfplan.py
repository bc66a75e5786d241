"""Terraform plans (``terraform show -json PLANFILE``, format 1.x) into the model.

An argument that is null is unset. An argument the configuration leaves out
and the provider only computes at apply (``after_unknown``) is, on create,
left absent so that checks apply the service default, exactly as for an
omitted CloudFormation property; on an existing resource it is unknown. The
same holds inside a block the configuration writes out (``settings {...}``),
and a replacement counts as a create: it plans a new object. An
argument the configuration sets but that is unknown keeps, through the
``configuration`` section, the resources it derives from (a key created in
the same run), following module variables and outputs.
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Iterator
from collections.abc import Mapping
from typing import Any

from sealgate.errors import InputError
from sealgate.model import Action
from sealgate.model import Document
from sealgate.model import Format
from sealgate.model import Origin
from sealgate.model import Path
from sealgate.model import PlanChange
from sealgate.model import Resource
from sealgate.model import Unknown
from sealgate.model import Value
from sealgate.parsers.coercion import DOCUMENT_TYPES
from sealgate.parsers.coercion import Types
from sealgate.parsers.coercion import normalise

SUPPORTED_FORMAT = re.compile(r"^1\.\d+$")
_MODULE_STEP = re.compile(r'module\.([^.\[]+)(\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?')
_ACTIONS = {
    ("create",): Action.CREATE,
    ("update",): Action.UPDATE,
    ("delete",): Action.DELETE,
    ("no-op",): Action.NO_OP,
    ("read",): Action.READ,
    ("delete", "create"): Action.REPLACE,
    ("create", "delete"): Action.REPLACE,
}

_NEW = (Action.CREATE, Action.REPLACE)
"""Actions whose planned object starts empty: a replacement is a create."""


def is_plan(data: object) -> bool:
    """Whether parsed JSON claims to be Terraform's machine-readable output."""
    return (
        isinstance(data, dict)
        and "format_version" in data
        and ("terraform_version" in data or "resource_changes" in data)
    )


def parse(data: dict[str, Any], file: str) -> Document:
    """Read a parsed plan; InputError when it is not a plan sealgate reads."""
    version = data.get("format_version")
    if not isinstance(version, str) or not SUPPORTED_FORMAT.match(version):
        raise InputError(
            file,
            f"plan format_version {reprlib.repr(version)} is not supported (1.x is)",
        )
    if "planned_values" not in data and "resource_changes" not in data:
        raise InputError(
            file,
            "Terraform JSON but not a plan (no resource_changes); "
            "give `terraform show -json PLANFILE` output",
        )
    try:
        changes = _get(data, "resource_changes", list, "plan", [])
        config = _Configuration(_get(data, "configuration", dict, "plan", {}))
        resources = tuple(_resources(changes, config, file))
    except _Malformed as error:
        raise InputError(file, f"plan is malformed: {error}") from None
    return Document(file, Format.TF_PLAN, resources)


class _Malformed(Exception):
    """A part of the plan that is not shaped as Terraform writes it."""


_REQUIRED: Any = object()
_JSON_TYPES: dict[type, str] = {dict: "an object", list: "an array", str: "a string"}


def _get(node: Any, key: str, kind: type, where: str, default: Any = _REQUIRED) -> Any:
    """``node[key]`` checked to be ``kind``; null or missing gives ``default``."""
    if not isinstance(node, dict):
        raise _Malformed(f"{where} must be an object, not {_json_type(node)}")
    value = node.get(key)
    if value is None and default is not _REQUIRED:
        return default
    if not isinstance(value, kind):
        raise _Malformed(
            f"{where}.{key} must be {_JSON_TYPES[kind]}, not {_json_type(value)}"
        )
    return value


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _resources(
    changes: list[Any], config: _Configuration, file: str
) -> Iterator[Resource]:
    for index, entry in enumerate(changes):
        where = f"resource_changes[{index}]"
        if _get(entry, "mode", str, where, "managed") != "managed":
            continue
        change = _get(entry, "change", dict, where)
        action = _action(change, f"{where}.change")
        if action in (Action.DELETE, Action.READ):
            continue
        address = _get(entry, "address", str, where)
        module = _module_steps(_get(entry, "module_address", str, where, ""))
        kind, name = _get(entry, "type", str, where), _get(entry, "name", str, where)
        expressions = config.expressions(module, kind, name)
        merge = _Merge(action, expressions, module, config)
        types = DOCUMENT_TYPES.get(kind, {})
        before = _drop_nulls(_get(change, "before", dict, f"{where}.change", None))
        plan = PlanChange(
            action=action,
            before=_typed(before, types),
            replace_paths=_replace_paths(change, f"{where}.change"),
            importing="importing" in change,
            configured=frozenset(expressions),
        )
        after = _get(change, "after", dict, f"{where}.change", {})
        properties = merge.top(after, change.get("after_unknown"))
        normalise(properties, types)
        origin = Origin(Format.TF_PLAN, file, None, address)
        yield Resource(origin, kind, properties, plan)


def _action(change: dict[str, Any], where: str) -> Action:
    actions = _get(change, "actions", list, where)
    if not all(isinstance(step, str) for step in actions):
        raise _Malformed(f"{where}.actions must be an array of strings")
    action = _ACTIONS.get(tuple(actions))
    if action is None:
        raise _Malformed(f"{where}.actions {actions!r} is not a Terraform action")
    return action


def _replace_paths(change: dict[str, Any], where: str) -> tuple[Path, ...]:
    paths = _get(change, "replace_paths", list, where, [])
    if not all(isinstance(path, list) for path in paths):
        raise _Malformed(f"{where}.replace_paths must be an array of arrays")
    return tuple(tuple(path) for path in paths)


class _Merge:
    """Fold ``after_unknown`` into ``after`` for one resource instance."""

    def __init__(
        self,
        action: Action,
        expressions: Mapping[str, Any],
        module: tuple[tuple[str, str], ...],
        config: _Configuration,
    ) -> None:
        self.action = action
        self.expressions = expressions
        self.module = module
        self.config = config

    def top(self, after: dict[str, Any], unknown: Any) -> dict[str, Value]:
        unknown = unknown if isinstance(unknown, dict) else {}
        out: dict[str, Value] = {}
        for key in {**after, **unknown}:
            if unknown.get(key) is True:
                if key not in self.expressions and self.action in _NEW:
                    continue  # computed default the provider or service decides
                out[key] = self._unknown(self.expressions.get(key))
            elif after.get(key) is not None:
                out[key] = self._fold(
                    after[key], unknown.get(key), self.expressions.get(key)
                )
        return out

    def _fold(
        self, after: Any, unknown: Any, expression: Any, block: bool = False
    ) -> Value:
        """Nested values; ``expression`` is the configuration at the same place.

        A block written in the configuration lists the members it sets; on
        create the provider computes the others, which are then absent as at
        the top level (controls.md section 3).
        """
        if unknown is True:
            return self._unknown(expression)
        if not unknown:  # most of a plan: nothing unknown below, only nulls to drop
            return _drop_nulls(after)
        new = self.action in _NEW
        if isinstance(after, dict):
            marks = unknown if isinstance(unknown, dict) else {}
            inner = expression if isinstance(expression, dict) else {}
            out: dict[str, Value] = {}
            for key in {**after, **marks}:
                if marks.get(key) is True and block and key not in inner and new:
                    continue  # computed member the written block leaves out
                if marks.get(key) is True or after.get(key) is not None:
                    out[key] = self._fold(
                        after.get(key), marks.get(key), inner.get(key)
                    )
            return out
        if isinstance(after, list):
            item_marks = unknown if isinstance(unknown, list) else []
            blocks = expression if isinstance(expression, list) else []
            return [
                self._fold(
                    item,
                    item_marks[i] if i < len(item_marks) else None,
                    blocks[i] if i < len(blocks) else None,
                    block=bool(blocks),
                )
                for i, item in enumerate(after)
            ]
        return after  # a JSON scalar

    def _unknown(self, expression: Any) -> Unknown:
        references = (
            expression.get("references") if isinstance(expression, dict) else None
        )
        refs = tuple(sorted(self.config.targets(references, self.module)))
        reason = "known only after apply"
        if refs:
            reason += f" (from {', '.join(refs)})"
        return Unknown(reason, present=bool(refs), refs=refs)


def _typed(values: Any, types: Types) -> Any:
    # JSON documents held in strings become objects, as in templates
    if isinstance(values, dict):
        normalise(values, types)
    return values


def _drop_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_nulls(v) for v in value]
    return value


def _module_steps(address: str) -> tuple[tuple[str, str], ...]:
    """``module.a["x"].module.b`` as ((a, '["x"]'), (b, ''))."""
    return tuple((m.group(1), m.group(2) or "") for m in _MODULE_STEP.finditer(address))


def _prefix(module: tuple[tuple[str, str], ...]) -> str:
    return "".join(f"module.{name}{key}." for name, key in module)


class _Configuration:
    """The plan's ``configuration`` section: expressions and module calls."""

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = _get(root, "root_module", dict, "configuration", {})

    def module(self, steps: tuple[tuple[str, str], ...]) -> dict[str, Any]:
        node = self.root
        for name, _ in steps:
            call = self._calls(node).get(name, {})
            node = _get(call, "module", dict, f"module_calls.{name}", {})
        return node

    def call(self, steps: tuple[tuple[str, str], ...]) -> dict[str, Any]:
        calls = self._calls(self.module(steps[:-1]))
        return _get(calls, steps[-1][0], dict, "module_calls", {})

    def expressions(
        self, steps: tuple[tuple[str, str], ...], kind: str, name: str
    ) -> dict[str, Any]:
        for declared in _get(self.module(steps), "resources", list, "module", []):
            where = f"configuration resource {kind}.{name}"
            if _get(declared, "type", str, where, "") != kind:
                continue
            if _get(declared, "name", str, where, "") == name:
                return _get(declared, "expressions", dict, where, {})
        return {}

    def targets(
        self, references: Any, steps: tuple[tuple[str, str], ...], depth: int = 0
    ) -> set[str]:
        """Resource addresses that ``references`` (seen in module ``steps``) reach."""
        found: set[str] = set()
        if depth > 32 or not isinstance(references, list):
            return found
        for reference in references:
            if isinstance(reference, str):
                found |= self._target(reference.split("."), steps, depth)
        return found

    def _target(
        self, parts: list[str], steps: tuple[tuple[str, str], ...], depth: int
    ) -> set[str]:
        if parts[0] == "var" and steps and len(parts) > 1:
            inputs = _get(self.call(steps), "expressions", dict, "module call", {})
            expression = _get(inputs, parts[1], dict, "module call", {})
            return self.targets(expression.get("references"), steps[:-1], depth + 1)
        if parts[0] == "module" and len(parts) > 2:
            child = (*steps, (parts[1], ""))
            outputs = _get(self.module(child), "outputs", dict, "module", {})
            output = _get(outputs, parts[2], dict, "outputs", {})
            expression = _get(output, "expression", dict, f"outputs.{parts[2]}", {})
            return self.targets(expression.get("references"), child, depth + 1)
        if parts[0] == "data" and len(parts) > 2:
            return {_prefix(steps) + ".".join(parts[:3])}
        # a reference to a.b and to its attribute a.b.arn both name a.b
        if len(parts) > 1 and parts[0] not in _NOT_RESOURCES:
            return {_prefix(steps) + ".".join(parts[:2])}
        return set()

    @staticmethod
    def _calls(module: dict[str, Any]) -> dict[str, Any]:
        return _get(module, "module_calls", dict, "module", {})


_NOT_RESOURCES = {
    "var",
    "local",
    "each",
    "count",
    "path",
    "terraform",
    "self",
    "module",
}
