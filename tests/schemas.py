"""The resource schemas cfn-lint ships, whichever layout its version uses."""

from __future__ import annotations

import functools
import importlib
import json
import pathlib
from typing import Any


@functools.cache
def index() -> tuple[pathlib.Path, dict[str, str]]:
    """The folder of schema files, and each resource type's file name in it."""
    # cfn-lint 1.51 keeps the type-to-schema index in providers/us_east_1.py,
    # later versions in providers/us-east-1.json
    schemas = pathlib.Path(importlib.import_module("cfnlint").__file__).parent
    folder = schemas / "data" / "schemas"
    index = folder / "providers" / "us-east-1.json"
    if index.is_file():
        return folder / "resources", json.loads(index.read_text())
    provider = importlib.import_module("cfnlint.data.schemas.providers.us_east_1")
    return folder / "resources", dict(provider.types)


def schema(resource_type: str) -> dict[str, Any]:
    """The CloudFormation resource schema of ``resource_type``."""
    folder, names = index()
    found: dict[str, Any] = json.loads(
        (folder / f"{names[resource_type]}.json").read_text()
    )
    return found
