"""Resource tags as one shape, whichever way the input writes them.

CloudFormation writes most tags as a list of ``{Key, Value}`` and some (Backup
vaults, Glue transforms) as a map; Terraform always as a map. Reading either is
judging, not parsing, so it lives beside the checks that need it.
"""

from __future__ import annotations

from collections.abc import Mapping

from sealgate.model import Absent
from sealgate.model import Unknown
from sealgate.model import Value

Tags = Mapping[str, Value]


def tag_map(value: Value | Absent) -> Tags | Unknown:
    """Tags as a dict, from a Terraform map or a CloudFormation Key/Value list."""
    if isinstance(value, Unknown):
        return value
    if isinstance(value, dict):
        return value
    if not isinstance(value, list):
        return {}
    tags: dict[str, Value] = {}
    for item in value:
        if isinstance(item, Unknown):
            return item
        if not isinstance(item, dict):
            continue
        key = item.get("Key")
        if isinstance(key, Unknown):
            return key
        if isinstance(key, str):
            tags[key] = item.get("Value")
    return tags
