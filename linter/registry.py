"""Load rule families and refuse broken ones at load time."""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Iterable
from collections.abc import Mapping
from types import ModuleType

from sealgate.errors import PluginLoadError
from sealgate.rules import RULE_ID
from sealgate.rules import Rule

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "sealgate.plugins"


class Registry:
    """Validated rules, indexed by resource type."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = tuple(sorted(rules, key=lambda rule: rule.id))
        self._by_type: dict[str, list[Rule]] = {}
        for rule in self.rules:
            for resource_type in sorted(rule.resource_types):
                self._by_type.setdefault(resource_type, []).append(rule)

    def for_type(self, resource_type: str) -> list[Rule]:
        """The rules that judge ``resource_type``, sorted by id."""
        return self._by_type.get(resource_type, [])


def load(families: Mapping[str, ModuleType] | None = None) -> Registry:
    """Validate the built-in families (and installed third-party ones)."""
    if families is None:
        from sealgate.plugins import FAMILIES

        families = {**FAMILIES, **_entry_points()}
    problems: list[str] = []
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for family, module in sorted(families.items()):
        for rule in getattr(module, "RULES", ()):
            problems += _problems(family, rule, seen)
            seen.setdefault(rule.id, family)
            rules.append(rule)
    if problems:
        raise PluginLoadError("invalid plugin rules:\n" + "\n".join(problems))
    return Registry(rules)


def family_prefix(family: str) -> str:
    """The id prefix a family's rules must carry (``lambda_`` gives LAMBDA)."""
    return re.sub(r"[^A-Z0-9]", "", family.upper())


def _problems(family: str, rule: Rule, seen: Mapping[str, str]) -> list[str]:
    where = f"plugin {family!r}, rule {rule.id!r}"
    problems = []
    match = RULE_ID.match(rule.id)
    if match is None:
        problems.append(f"{where}: id must match {RULE_ID.pattern}")
    elif match.group("family") != family_prefix(family):
        problems.append(f"{where}: id must start with {family_prefix(family)!r}")
    if rule.id in seen:
        problems.append(f"{where}: id already used by plugin {seen[rule.id]!r}")
    for name in ("control", "title", "description"):
        if not getattr(rule, name).strip():
            problems.append(f"{where}: {name} is empty")
    if not rule.source_url.startswith("https://"):
        problems.append(f"{where}: source_url must be an https:// link")
    if not rule.resource_types:
        problems.append(f"{where}: resource_types is empty")
    missing = rule.resource_types - rule.fields.resource_types
    if missing:
        problems.append(f"{where}: no field table entry for {sorted(missing)}")
    return problems


def _entry_points() -> dict[str, ModuleType]:
    if not _declared_anywhere(ENTRY_POINT_GROUP):
        return {}
    # importlib.metadata takes a fifth of a one-file run to import and scan,
    # so it is asked only when some installed distribution names the group
    from importlib import metadata

    loaded: dict[str, ModuleType] = {}
    for entry in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=str):
        try:
            loaded[entry.name] = entry.load()
        except Exception as error:  # any failure in third-party code
            dist = entry.dist.name if entry.dist else "unknown distribution"
            raise PluginLoadError(
                f"plugin {entry.name!r} from {dist!r} failed to load: {error}"
            ) from error
        log.debug("loaded plugin family %r from %r", entry.name, entry.value)
    return loaded


def _declared_anywhere(group: str) -> bool:
    """Whether any distribution on sys.path may declare entry points in ``group``.

    A cheap first look: it reads each ``entry_points.txt`` beside the import
    path for the section header. Only a yes brings in ``importlib.metadata``,
    which stays the authority; a path entry that is not a folder (a zip
    archive) cannot be looked into cheaply, so it counts as a yes.
    """
    header = f"[{group}]"
    for folder in sys.path:
        if os.path.isfile(folder):
            return True
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            try:
                path = os.path.join(folder or ".", name, "entry_points.txt")
                with open(path, encoding="utf-8") as handle:
                    if header in handle.read():
                        return True
            except (OSError, UnicodeDecodeError):
                continue
    return False
