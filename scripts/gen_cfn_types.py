"""Regenerate linter/data/cfn_types.json from the schemas cfn-lint ships.

The CloudFormation parser uses the table to turn the strings CloudFormation
accepts for Boolean and numeric properties ("true", "300") into real values,
and JSON-typed properties written as strings into objects. Run it after
upgrading cfn-lint: ``python scripts/gen_cfn_types.py``.
"""

from __future__ import annotations

import json
import pathlib
import sys
from typing import Any

OUT = pathlib.Path(__file__).parent.parent / "linter" / "data" / "cfn_types.json"
KINDS = {"boolean": "bool", "integer": "int", "number": "num"}
MAX_DEPTH = 12


def main() -> None:
    sys.path.insert(0, str(OUT.parent.parent.parent))
    from tests.schemas import index  # the one reader of cfn-lint's layouts

    folder, names = index()
    table: dict[str, dict[str, list[str]]] = {}
    for resource_type, digest in sorted(names.items()):
        schema = json.loads((folder / f"{digest}.json").read_text())
        found: dict[str, list[str]] = {}
        props = {"type": "object", "properties": schema.get("properties", {})}
        _walk(schema, props, (), found, 0)
        if found:
            table[resource_type] = {k: sorted(set(v)) for k, v in sorted(found.items())}
    OUT.write_text(json.dumps(table, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"wrote {OUT} ({len(table)} resource types)")


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema.get("definitions", {}).get(name, {})
    return node


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("type", ())
    return {kind} if isinstance(kind, str) else set(kind)


def _walk(
    schema: dict[str, Any],
    node: dict[str, Any],
    path: tuple[str, ...],
    found: dict[str, list[str]],
    depth: int,
) -> None:
    node = _resolve(schema, node)
    kinds = _types(node)
    if depth > MAX_DEPTH:
        return
    for kind, label in KINDS.items():
        if kind in kinds and path:
            found.setdefault(label, []).append(".".join(path))
    if "object" in kinds and path and not node.get("properties"):
        if not node.get("patternProperties"):
            found.setdefault("json", []).append(".".join(path))
    for name, child in node.get("properties", {}).items():
        _walk(schema, child, (*path, name), found, depth + 1)
    if "items" in node and isinstance(node["items"], dict):
        _walk(schema, node["items"], (*path, "*"), found, depth + 1)


if __name__ == "__main__":
    main()
