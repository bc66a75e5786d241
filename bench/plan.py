"""A large Terraform plan, scaled from a real one.

``bench/seed/plan.json`` is what ``terraform show -json`` printed for
``bench/seed/main.tf``: one stack touching every resource type sealgate
judges. A large estate calls such a stack as a module many times, so the
large plan is the seed's changes copied into ``module.stack_NNNN`` instances,
with every section terraform writes for a module call (``resource_changes``
with ``module_address``, ``planned_values.child_modules``,
``configuration.module_calls``, ``relevant_attributes``) scaled the same way.
"""

from __future__ import annotations

import copy
import json
import pathlib
from typing import Any

SEED = pathlib.Path(__file__).parent / "seed" / "plan.json"
MODULE_SOURCE = "./modules/stack"


def seed() -> dict[str, Any]:
    """The real plan of one stack."""
    return json.loads(SEED.read_text())


def plan(changes: int) -> dict[str, Any]:
    """A plan with exactly ``changes`` resource changes, in module instances."""
    base = seed()
    stack = base["resource_changes"]
    calls = [
        (f"stack_{number:04d}", stack[: changes - number * len(stack)])
        for number in range(-(-changes // len(stack)))
    ]
    out = {key: value for key, value in base.items() if key != "relevant_attributes"}
    out["resource_changes"] = [
        _in_module(change, name) for name, kept in calls for change in kept
    ]
    out["planned_values"] = {
        "root_module": {
            "child_modules": [
                _planned(base["planned_values"]["root_module"], name, kept)
                for name, kept in calls
            ]
        }
    }
    out["configuration"] = {
        "provider_config": base["configuration"]["provider_config"],
        "root_module": {
            "module_calls": {
                name: _call(base["configuration"]["root_module"], kept)
                for name, kept in calls
            }
        },
    }
    out["relevant_attributes"] = [
        {**attribute, "resource": f"module.{name}.{attribute['resource']}"}
        for name, _ in calls
        for attribute in base["relevant_attributes"]
    ]
    return out


def write(path: pathlib.Path, changes: int) -> int:
    """Write the plan compact, as ``terraform show -json`` does; return its size."""
    text = json.dumps(plan(changes), separators=(",", ":"))
    path.write_text(text + "\n")
    return len(text) + 1


def _in_module(change: dict[str, Any], name: str) -> dict[str, Any]:
    moved = copy.deepcopy(change)
    moved["address"] = f"module.{name}.{change['address']}"
    # terraform puts module_address right after address
    return {
        "address": moved.pop("address"),
        "module_address": f"module.{name}",
        **moved,
    }


def _planned(
    root: dict[str, Any], name: str, kept: list[dict[str, Any]]
) -> dict[str, Any]:
    addresses = {change["address"] for change in kept}
    resources = []
    for resource in root["resources"]:
        if resource["address"] in addresses:
            moved = copy.deepcopy(resource)
            moved["address"] = f"module.{name}.{resource['address']}"
            resources.append(moved)
    return {"resources": resources, "address": f"module.{name}"}


def _call(root: dict[str, Any], kept: list[dict[str, Any]]) -> dict[str, Any]:
    addresses = {change["address"] for change in kept}
    resources = [r for r in root["resources"] if r["address"] in addresses]
    return {"source": MODULE_SOURCE, "module": {"resources": copy.deepcopy(resources)}}
