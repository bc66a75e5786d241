"""Settings from ``[tool.sealgate]`` in ``pyproject.toml`` or a ``.sealgate.toml``.

The file is looked for from the current folder upwards; in each folder a
``.sealgate.toml`` wins over ``pyproject.toml``, and a ``pyproject.toml``
without a ``[tool.sealgate]`` table is passed over. Command-line values
override the file's, key by key.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sealgate.errors import LinterError
from sealgate.options import Options
from sealgate.rules import Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

NAMES = (".sealgate.toml", "pyproject.toml")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a configuration can set, after the command line's overrides."""

    options: Options = dataclasses.field(default_factory=Options)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity = Severity.LOW
    baseline: str | None = None
    inline_suppressions: bool = True
    file: str | None = None
    """The configuration file read, if any."""


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("must be a list of strings")
    return tuple(value)


def _severity(value: Any) -> Severity:
    names = [severity.value for severity in Severity]
    if value not in names:
        raise ValueError(f"must be one of {', '.join(names)}")
    return Severity(value)


def _integer(low: int, high: int) -> Callable[[Any], int]:
    def read(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("must be a whole number")
        if not low <= value <= high:
            raise ValueError(f"must be between {low} and {high}")
        return value

    return read


def _price(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError("must be a number of US dollars, zero or more")
    return float(value)


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a non-empty string")
    return value


def _values(value: Any) -> frozenset[str]:
    values = _strings(value)
    if not values:
        raise ValueError("must list at least one value")
    return frozenset(v.lower() for v in values)


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


# key in the file -> (field of Settings or Options, reader); SQS accepts data
# key reuse periods from 60 to 86400 seconds, so a minimum outside is a typo
KEYS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "baseline": ("baseline", _text),
    "consumers": ("consumers", _integer(1, 1_000_000)),
    "fail-on": ("fail_on", _severity),
    "ignore": ("ignore", _strings),
    "inline-suppressions": ("inline_suppressions", _flag),
    "kms-price": ("kms_price", _price),
    "kms-reuse-minimum": ("reuse_minimum", _integer(60, 86400)),
    "producers": ("producers", _integer(1, 1_000_000)),
    "select": ("select", _strings),
    "tier-tag": ("tier_tag", _text),
    "tier-values": ("tier_values", _values),
}
_OPTION_FIELDS = frozenset(field.name for field in dataclasses.fields(Options))


def find(start: str = ".") -> str | None:
    """The nearest configuration file from ``start`` upwards, or None."""
    folder = os.path.abspath(start)
    while True:
        for name in NAMES:
            path = os.path.join(folder, name)
            if os.path.isfile(path) and (name != "pyproject.toml" or _has_table(path)):
                return path
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def read(path: str) -> dict[str, Any]:
    """The validated values of one file, keyed by field name."""
    table = _table(_parse(path), path)
    values: dict[str, Any] = {}
    for key, raw in table.items():
        if key not in KEYS:
            raise LinterError(
                f"{path}: unknown key {key!r} in {_section(path)}; known keys: "
                f"{', '.join(sorted(KEYS))}."
            )
        name, reader = KEYS[key]
        try:
            values[name] = reader(raw)
        except ValueError as error:
            raise LinterError(
                f"{path}: {key!r} in {_section(path)} {error}, not {raw!r}."
            ) from None
    if "baseline" in values:
        # a baseline named in the file is relative to the file, not the caller
        folder = os.path.dirname(os.path.abspath(path))
        values["baseline"] = os.path.join(folder, values["baseline"])
    return values


def load(start: str = ".", overrides: Mapping[str, Any] | None = None) -> Settings:
    """The settings of the nearest file, with ``overrides`` (not None) on top."""
    path = find(start)
    values = read(path) if path else {}
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    options = {k: v for k, v in values.items() if k in _OPTION_FIELDS}
    rest = {k: v for k, v in values.items() if k not in _OPTION_FIELDS}
    return Settings(options=Options(**options), file=path, **rest)


def _parse(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as stream:
            return tomllib.load(stream)
    except OSError as error:
        raise LinterError(f"{path}: cannot read: {error.strerror}.") from None
    except tomllib.TOMLDecodeError as error:
        raise LinterError(f"{path}: invalid TOML: {error}.") from None
    except UnicodeDecodeError:
        raise LinterError(f"{path}: not UTF-8 text, so not TOML.") from None


def _table(data: dict[str, Any], path: str) -> dict[str, Any]:
    table = data
    if os.path.basename(path) == "pyproject.toml":
        table = data.get("tool", {}).get("sealgate", {})
    if not isinstance(table, dict):
        raise LinterError(f"{path}: {_section(path)} must be a table.")
    return table


def _has_table(path: str) -> bool:
    data = _parse(path)
    tool = data.get("tool")
    return isinstance(tool, dict) and "sealgate" in tool


def _section(path: str) -> str:
    if os.path.basename(path) == "pyproject.toml":
        return "[tool.sealgate]"
    return os.path.basename(path)
