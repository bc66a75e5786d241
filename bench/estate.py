"""Synthetic estates: folders of CloudFormation templates of realistic shapes.

A template declares the parameters and the condition real stacks use
(``Environment``, ``VpcId``, ``IsProd``), then a draw of shapes from
``bench/shapes.py``. Most are YAML with short-form intrinsics, one in five is
JSON. The same seed gives the same bytes, so every tool reads identical input.
"""

from __future__ import annotations

import json
import pathlib
import random
from dataclasses import dataclass
from typing import Any

import yaml

from bench import shapes

SIZES = {"small": (1, 3), "medium": (4, 8), "large": (18, 34)}
"""Shapes drawn per template, by size (each shape adds one to four resources)."""

MIXED = (("small", 0.6), ("medium", 0.3), ("large", 0.1))
"""The share of each size in a mixed estate: many small stacks, a few large."""


@dataclass(frozen=True)
class Estate:
    """What was written: how many templates and resources, and where."""

    root: pathlib.Path
    files: tuple[pathlib.Path, ...]
    resources: int


def template(rng: random.Random, size: str) -> dict[str, Any]:
    """One template of ``size``: parameters, a condition, resources, outputs."""
    low, high = SIZES[size]
    resources: shapes.Resources = {}
    for number in range(rng.randint(low, high)):
        pool = shapes.JUDGED if rng.random() < 0.75 else shapes.FILLER
        shape = rng.choice(pool)
        resources.update(
            shape(rng, f"{shape.__name__.title().replace('_', '')}{number}")
        )
    first = next(iter(resources))
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": f"Synthetic {size} stack for the sealgate bench",
        "Parameters": {
            "Environment": {
                "Type": "String",
                "Default": "staging",
                "AllowedValues": ["staging", "prod"],
            },
            "VpcId": {"Type": "String", "Default": "vpc-0123456789abcdef0"},
        },
        "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Environment"}, "prod"]}},
        "Resources": resources,
        "Outputs": {first: {"Value": {"Ref": first}}},
    }


def write(
    root: pathlib.Path, count: int, *, size: str = "mixed", seed: int = 8
) -> Estate:
    """Write ``count`` templates under ``root`` in team folders of 50."""
    rng = random.Random(seed)
    files = []
    resources = 0
    for number in range(count):
        chosen = size if size != "mixed" else _mixed(rng)
        data = template(rng, chosen)
        resources += len(data["Resources"])
        as_json = rng.random() < 0.2
        path = root / f"team-{number // 50:03d}" / f"stack-{number:05d}"
        path = path.with_suffix(".json" if as_json else ".yaml")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2) + "\n" if as_json else dump(data))
        files.append(path)
    return Estate(root, tuple(files), resources)


def dump(data: dict[str, Any]) -> str:
    """YAML as people write templates: short-form intrinsics, block style."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, width=88)


def _mixed(rng: random.Random) -> str:
    names, weights = zip(*MIXED, strict=True)
    return rng.choices(names, weights)[0]


class _Dumper(yaml.SafeDumper):
    pass


def _represent_mapping(dumper: yaml.SafeDumper, data: dict[str, Any]) -> Any:
    if len(data) == 1:
        ((name, value),) = data.items()
        tag = _SHORT.get(name)
        if tag is not None:
            if name == "Fn::GetAtt":
                return dumper.represent_scalar(tag, ".".join(value))
            if isinstance(value, list):
                return dumper.represent_sequence(tag, value)
            return dumper.represent_scalar(tag, value)
    return dumper.represent_dict(data)


_SHORT = {
    "Ref": "!Ref",
    "Fn::GetAtt": "!GetAtt",
    "Fn::Sub": "!Sub",
    "Fn::If": "!If",
    "Fn::Equals": "!Equals",
}
_Dumper.add_representer(dict, _represent_mapping)
