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
from typing import Any

from sealgate.model import Format
from sealgate.model import Path
from sealgate.model import Resource
from sealgate.model import Unknown
from sealgate.model import Value
from sealgate.model import lookup

Changes = tuple[tuple[Path, Value], ...]
_ADDRESS = re.compile(
    r"^(?P<module>(?:module\.[^.]+\.)*)(?P<type>[^.\[]+)\.(?P<name>[^.\[]+)"
)


def render(resource: Resource, changes: Changes) -> str:
    """The patched snippet for ``changes`` in ``resource``'s format."""
    return _RENDERERS[resource.origin.format](resource, changes)


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


def _plain(value: Any) -> Any:
    if isinstance(value, Unknown):
        return value.text or "<known at deployment>"
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _cfn_tree(resource: Resource, changes: Changes) -> dict[str, Any]:
    properties = _plain(patch(resource, changes))
    return {"Resources": {resource.address: {"Properties": properties}}}


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
    lines += _hcl_body(_plain(patch(resource, changes)), "  ")
    lines.append("}")
    return "\n".join(lines) + "\n"


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
            lines.append(f"{indent}{key} = {_hcl_value(value)}")
    return lines


def _hcl_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_hcl_value(v) for v in value) + "]"
    return json.dumps(str(value))


_RENDERERS: dict[Format, Callable[[Resource, Changes], str]] = {
    Format.CFN_YAML: _cfn_yaml,
    Format.CFN_JSON: _cfn_json,
    Format.TF_PLAN: _hcl,
    Format.TF_HCL: _hcl,
}
