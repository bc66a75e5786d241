"""Terraform plans (``terraform show -json PLANFILE``, format 1.x) into the model.

An argument that is null is unset. An argument the configuration leaves out
and the provider only computes at apply (``after_unknown``) is, on create,
left absent so that checks apply the service default, exactly as for an
omitted CloudFormation property; on an existing resource it is unknown. An
argument the configuration sets but that is unknown keeps, through the
``configuration`` section, the resources it derives from (a key created in
the same run), following module variables and outputs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from collections.abc import Mapping
from typing import Any

from sealgate.errors import InputError
from sealgate.model import Action
from sealgate.model import Document
from sealgate.model import Format
from sealgate.model import Origin
from sealgate.model import PlanChange
from sealgate.model import Resource
from sealgate.model import Unknown
from sealgate.model import Value

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


def is_plan(data: object) -> bool:
    """Whether parsed JSON claims to be Terraform's machine-readable output."""
    return (
        isinstance(data, dict)
        and "format_version" in data
        and ("terraform_version" in data or "resource_changes" in data)
    )


def parse(data: dict[str, Any], file: str) -> Document:
    """Read a parsed plan; InputError when it is not a plan sealgate reads."""
    version = str(data.get("format_version"))
    if not SUPPORTED_FORMAT.match(version):
        raise InputError(
            file, f"plan format_version {version!r} is not supported (1.x is)"
        )
    if "planned_values" not in data and "resource_changes" not in data:
        raise InputError(
            file,
            "Terraform JSON but not a plan (no resource_changes); "
            "give `terraform show -json PLANFILE` output",
        )
    changes = data.get("resource_changes") or []
    if not isinstance(changes, list):
        raise InputError(file, "plan resource_changes is not a list")
    config = _Configuration(data.get("configuration"))
    try:
        resources = tuple(_resources(changes, config, file))
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise InputError(file, f"plan is malformed ({error!r})") from None
    return Document(file, Format.TF_PLAN, resources)


def _resources(
    changes: list[Any], config: _Configuration, file: str
) -> Iterator[Resource]:
    for entry in changes:
        if entry.get("mode", "managed") != "managed":
            continue
        change = entry["change"]
        action = _ACTIONS.get(tuple(change["actions"]))
        if action is None:
            raise ValueError(f"unknown actions {change['actions']!r}")
        if action in (Action.DELETE, Action.READ):
            continue
        address = entry["address"]
        module = _module_steps(entry.get("module_address", ""))
        expressions = config.expressions(module, entry["type"], entry["name"])
        merge = _Merge(action, expressions, module, config)
        plan = PlanChange(
            action=action,
            before=_drop_nulls(change.get("before")),
            replace_paths=tuple(tuple(p) for p in change.get("replace_paths") or ()),
            importing="importing" in change,
            configured=frozenset(expressions),
        )
        properties = merge.top(change.get("after") or {}, change.get("after_unknown"))
        origin = Origin(Format.TF_PLAN, file, None, address)
        yield Resource(origin, entry["type"], properties, plan)


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
                if key not in self.expressions and self.action is Action.CREATE:
                    continue  # computed default the provider or service decides
                out[key] = self._unknown(key)
            elif after.get(key) is not None:
                out[key] = _fold(after[key], unknown.get(key))
        return out

    def _unknown(self, key: str) -> Unknown:
        expression = self.expressions.get(key)
        references = (
            expression.get("references", []) if isinstance(expression, dict) else []
        )
        refs = tuple(sorted(self.config.targets(references, self.module)))
        reason = "known only after apply"
        if refs:
            reason += f" (from {', '.join(refs)})"
        return Unknown(reason, present=bool(refs), refs=refs)


def _fold(after: Any, unknown: Any) -> Value:
    if unknown is True:
        return Unknown("known only after apply")
    if not unknown:  # most of a plan: nothing unknown below, only nulls to drop
        return _drop_nulls(after)  # type: ignore[no-any-return]
    if isinstance(after, dict):
        marks = unknown if isinstance(unknown, dict) else {}
        out: dict[str, Value] = {}
        for key in {**after, **marks}:
            if marks.get(key) is True:
                out[key] = Unknown("known only after apply")
            elif after.get(key) is not None:
                out[key] = _fold(after[key], marks.get(key))
        return out
    if isinstance(after, list):
        marks = unknown if isinstance(unknown, list) else []
        return [
            _fold(item, marks[i] if i < len(marks) else None)
            for i, item in enumerate(after)
        ]
    return after  # type: ignore[no-any-return]  # a JSON scalar


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

    def __init__(self, root: Any) -> None:
        self.root = root.get("root_module", {}) if isinstance(root, dict) else {}

    def module(self, steps: tuple[tuple[str, str], ...]) -> dict[str, Any]:
        node = self.root
        for name, _ in steps:
            node = node.get("module_calls", {}).get(name, {}).get("module", {})
        return node  # type: ignore[no-any-return]

    def call(self, steps: tuple[tuple[str, str], ...]) -> dict[str, Any]:
        parent = self.module(steps[:-1])
        return parent.get("module_calls", {}).get(steps[-1][0], {})  # type: ignore[no-any-return]

    def expressions(
        self, steps: tuple[tuple[str, str], ...], kind: str, name: str
    ) -> dict[str, Any]:
        for declared in self.module(steps).get("resources", []):
            if declared.get("type") == kind and declared.get("name") == name:
                return declared.get("expressions", {})  # type: ignore[no-any-return]
        return {}

    def targets(
        self, references: list[str], steps: tuple[tuple[str, str], ...], depth: int = 0
    ) -> set[str]:
        """Resource addresses that ``references`` (seen in module ``steps``) reach."""
        found: set[str] = set()
        if depth > 32:
            return found
        for reference in references:
            parts = reference.split(".")
            if parts[0] == "var" and steps and len(parts) > 1:
                expression = self.call(steps).get("expressions", {}).get(parts[1], {})
                found |= self.targets(
                    expression.get("references", []), steps[:-1], depth + 1
                )
            elif parts[0] == "module" and len(parts) > 2:
                child = (*steps, (parts[1], ""))
                output = self.module(child).get("outputs", {}).get(parts[2], {})
                refs = output.get("expression", {}).get("references", [])
                found |= self.targets(refs, child, depth + 1)
            elif parts[0] == "data" and len(parts) > 2:
                found.add(_prefix(steps) + ".".join(parts[:3]))
            elif len(parts) > 1 and parts[0] not in _NOT_RESOURCES:
                found.add(_prefix(steps) + ".".join(parts[:2]))
        # a reference to a.b and to its attribute a.b.arn both name a.b
        return found


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
