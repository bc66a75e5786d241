"""Patched snippets in the input's own format, one renderer per format.

A snippet is the smallest piece of the input that, merged into it, applies
the fix: the resource's logical id and the changed properties for
CloudFormation, the resource block with the changed arguments for Terraform.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from collections.abc import Iterator
from typing import Any

from sealgate.model import Format
from sealgate.model import Path
from sealgate.model import Reference
from sealgate.model import Resource
from sealgate.model import Unknown
from sealgate.model import Value
from sealgate.model import lookup
from sealgate.parsers.coercion import json_documents

Changes = tuple[tuple[Path, Value], ...]
_ADDRESS = re.compile(
    r"^(?P<module>(?:module\.[^.]+\.)*)(?P<type>[^.\[]+)\.(?P<name>[^.\[]+)"
)


def render(resource: Resource, changes: Changes) -> str:
    """The patched snippet for ``changes`` in ``resource``'s format.

    Terraform arguments holding JSON documents are written with ``jsonencode``.
    """
    if resource.origin.format in (Format.TF_PLAN, Format.TF_HCL):
        return _hcl(resource, changes)
    return _CLOUDFORMATION[resource.origin.format](resource, changes)


def patch(resource: Resource, changes: Changes) -> dict[str, Any]:
    """The changed properties as a nested mapping, lists kept whole."""
    out: dict[str, Any] = {}
    for path, value in changes:
        node: Any = out
        for depth, step in enumerate(path):
            if isinstance(node, list):
                assert isinstance(step, int)  # a list is only entered by index
                node.extend({} for _ in range(step + 1 - len(node)))
            elif step not in node:
                node[step] = _container(resource, path[: depth + 1], path, depth)
            if depth == len(path) - 1:
                node[step] = value
            else:
                node = node[step]
    return out


def _container(resource: Resource, prefix: Path, path: Path, depth: int) -> Any:
    if depth == len(path) - 1:
        return None
    current = lookup(resource.properties, prefix)
    if isinstance(path[depth + 1], int):
        # keep the other list members so the merged list stays complete
        return copy.deepcopy(current) if isinstance(current, list) else []
    return {}


def _plain(value: Any, hcl: bool = False) -> Any:
    if isinstance(value, Reference):
        if hcl:
            return HclExpression(f"{value.address}.{value.attribute}")
        return {"Fn::GetAtt": [value.address, value.attribute.title()]}
    if isinstance(value, Unknown):
        if value.expression is not None and not hcl:
            return value.expression
        return value.text or "<known at deployment>"
    if isinstance(value, dict):
        return {k: _plain(v, hcl) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, hcl) for v in value]
    return value


class HclExpression(str):
    """Terraform text written as is, not quoted (a reference)."""


def _cfn_tree(resource: Resource, changes: Changes) -> dict[str, Any]:
    own: Path = ("Resources", resource.address, "Properties")
    tree: dict[str, Any] = {}
    for key, value in _plain(patch(resource, changes)).items():
        current = _plain(resource.properties.get(key))
        unchanged = dict(_written(resource, key, current, own)) if current else {}
        for path, part in _written(resource, key, value, own):
            if unchanged.get(path) != part:  # a part written elsewhere, untouched
                _put(tree, path, part)
    return tree


def _written(
    resource: Resource, key: str, value: Any, own: Path
) -> Iterator[tuple[Path, Any]]:
    """Where a changed property is written in the input, and what goes there.

    A property of a resource a transform generates may come from elsewhere
    (a SAM stage's from its API or ``Globals.Api``); a list may come from two
    places at once, each part written back to its own.
    """
    written = resource.written_at
    if (key,) in written:
        yield written[(key,)], value
    elif isinstance(value, list) and (key, 0) in written:
        parts: dict[Path, list[Any]] = {}
        for index, item in enumerate(value):
            place = written.get((key, index), (*own, key, index))
            parts.setdefault(place[:-1], []).append(item)
        yield from parts.items()
    else:
        yield (*own, key), value


def _put(tree: dict[str, Any], path: Path, value: Any) -> None:
    node = tree
    for step in path[:-1]:
        node = node.setdefault(str(step), {})
    node[str(path[-1])] = value


def _cfn_yaml(resource: Resource, changes: Changes) -> str:
    import yaml  # only YAML templates need it; plans and JSON do not

    # libyaml's emitter, where built, writes the same text several times faster
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    tree = _cfn_tree(resource, changes)
    return yaml.dump(tree, Dumper=dumper, sort_keys=False, default_flow_style=False)


def _cfn_json(resource: Resource, changes: Changes) -> str:
    return json.dumps(_cfn_tree(resource, changes), indent=2) + "\n"


def _hcl(resource: Resource, changes: Changes) -> str:
    match = _ADDRESS.match(resource.address)
    kind, name = (match["type"], match["name"]) if match else (resource.type, "this")
    lines = []
    if match and match["module"]:
        lines.append(f"# in the module called as {match['module'].rstrip('.')}")
    lines.append(f'resource "{kind}" "{name}" {{')
    body = _plain(patch(resource, changes), hcl=True)
    for key, value in body.items():
        if key in json_documents(resource.type):
            # a document argument is replaced whole, so the snippet keeps the rest
            current = _plain(resource.properties.get(key), hcl=True)
            whole = _merged(current if isinstance(current, dict) else {}, value)
            lines.append(f"  {key} = jsonencode({_hcl_value(whole, '  ')})")
        else:
            lines += _hcl_body({key: value}, "  ")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _merged(base: Any, part: Any) -> Any:
    if not isinstance(base, dict) or not isinstance(part, dict):
        return part
    out = dict(base)
    for key, value in part.items():
        out[key] = _merged(base.get(key), value)
    return out


def _hcl_body(node: dict[str, Any], indent: str) -> list[str]:
    lines = []
    for key, value in node.items():
        blocks = value if isinstance(value, list) else [value]
        if blocks and all(isinstance(block, dict) for block in blocks):
            for block in blocks:
                lines.append(f"{indent}{key} {{")
                lines += _hcl_body(block, indent + "  ")
                lines.append(f"{indent}}}")
        else:
            lines.append(f"{indent}{key} = {_hcl_value(value, indent)}")
    return lines


def _hcl_value(value: Any, indent: str = "") -> str:
    inner = indent + "  "
    if isinstance(value, HclExpression):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dict):
        items = [
            f"{inner}{_hcl_key(k)} = {_hcl_value(v, inner)}" for k, v in value.items()
        ]
        return "{\n" + "\n".join(items) + f"\n{indent}}}"
    if isinstance(value, list):
        if any(isinstance(v, (dict, list)) for v in value):
            items = [f"{inner}{_hcl_value(v, inner)}," for v in value]
            return "[\n" + "\n".join(items) + f"\n{indent}]"
        return "[" + ", ".join(_hcl_value(v, inner) for v in value) + "]"
    # a literal "${" would start an interpolation in a Terraform string
    return json.dumps(str(value)).replace("${", "$${").replace("%{", "%%{")


def _hcl_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", key) else json.dumps(key)


_CLOUDFORMATION: dict[Format, Callable[[Resource, Changes], str]] = {
    Format.CFN_YAML: _cfn_yaml,
    Format.CFN_JSON: _cfn_json,
}
