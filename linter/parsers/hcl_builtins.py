"""The built-in Terraform functions real modules use for settings.

Each takes evaluated arguments (plain values or ``Unknown``); an argument
Terraform would reject raises ``EvalError``. A function not listed here gives
Unknown with its name, never a guess.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

from sealgate.model import Unknown
from sealgate.parsers.hcl_functions import EvalError
from sealgate.parsers.hcl_functions import dump_json
from sealgate.parsers.hcl_functions import merge_unknown
from sealgate.parsers.hcl_functions import number as _number
from sealgate.parsers.hcl_functions import text
from sealgate.parsers.hcl_functions import unknowns


def call(name: str, values: list[Any]) -> Any:
    """Call a Terraform function by name."""
    function = FUNCTIONS.get(name)
    if function is None:
        return Unknown(f"the result of {name}(), which sealgate does not evaluate")
    if name not in _DEEP and any(isinstance(v, Unknown) for v in values):
        return merge_unknown(*values, present=name in _NEVER_NULL)
    try:
        return function(*values)
    except (TypeError, ValueError, KeyError, IndexError, AttributeError) as error:
        raise EvalError(f"{name}() cannot take these arguments ({error})") from None


def _jsonencode(value: Any) -> Any:
    found = unknowns(value)
    if not found:
        return dump_json(value)
    # keep the JSON a check can still read, unknowns written as ${refs}
    shown = dump_json(_placeholders(value))
    return merge_unknown(*found, present=True, text=shown)


def _placeholders(value: Any) -> Any:
    if isinstance(value, Unknown):
        return "${" + ",".join(value.refs) + "}"
    if isinstance(value, dict):
        return {k: _placeholders(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_placeholders(v) for v in value]
    return value


def _coalesce(*values: Any) -> Any:
    waiting: list[Unknown] = []
    for value in values:
        if isinstance(value, Unknown):
            if value.present:
                return merge_unknown(*waiting, value, present=True)
            waiting.append(value)
        elif value is not None and value != "":
            return merge_unknown(*waiting, present=True) if waiting else value
    if waiting:
        return merge_unknown(*waiting)
    raise EvalError("coalesce() found no non-null argument")


def _lookup(mapping: dict[str, Any], key: Any, *default: Any) -> Any:
    if text(key) in mapping:
        return mapping[text(key)]
    if default:
        return default[0]
    raise EvalError(f"lookup() found no key {text(key)!r}")


def _merge(*maps: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for mapping in maps:
        if mapping is not None:
            out.update(dict(mapping))
    return out


def _format(spec: str, *args: Any) -> str:
    queue = list(args)

    def verb(match: re.Match[str]) -> str:
        if match.group(0) == "%%":
            return "%"
        value = queue.pop(0)
        if match.group(1) == "q":
            return json.dumps(text(value))
        if match.group(1) == "d":
            return str(int(_number(value)))
        return text(value)

    return re.sub(r"%%|%[-+ #0-9.]*([sdvqft])", verb, spec)


def _replace(string: str, old: str, new: str) -> str:
    if len(old) > 1 and old.startswith("/") and old.endswith("/"):
        return re.sub(old[1:-1], re.sub(r"\$(\d)", r"\\\1", new), string)
    return string.replace(old, new)


def _tobool(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    return {"true": True, "false": False}[text(value)]


def _one(values: list[Any]) -> Any:
    if len(values) > 1:
        raise EvalError("one() takes a list of at most one element")
    return values[0] if values else None


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "abs": lambda n: abs(_number(n)),
    "ceil": lambda n: math.ceil(_number(n)),
    "coalesce": _coalesce,
    "coalescelist": lambda *ls: next((x for x in ls if x), []),
    "compact": lambda items: [x for x in items if x not in (None, "")],
    "concat": lambda *lists: [x for items in lists for x in items],
    "contains": lambda items, value: value in items,
    "distinct": lambda items: list(dict.fromkeys(items)),
    "element": lambda items, i: items[int(_number(i)) % len(items)],
    "endswith": lambda s, suffix: s.endswith(suffix),
    "flatten": lambda items: [
        y
        for x in items
        for y in (FUNCTIONS["flatten"](x) if isinstance(x, list) else [x])
    ],
    "floor": lambda n: math.floor(_number(n)),
    "format": _format,
    "join": lambda sep, *lists: sep.join(text(x) for items in lists for x in items),
    "jsondecode": lambda s: json.loads(s),
    "jsonencode": _jsonencode,
    "keys": lambda mapping: sorted(mapping),
    "length": lambda value: len(value),
    "lookup": _lookup,
    "lower": lambda s: s.lower(),
    "max": lambda *ns: max(_number(n) for n in ns),
    "merge": _merge,
    "min": lambda *ns: min(_number(n) for n in ns),
    "one": _one,
    "range": lambda *ns: list(range(*(int(_number(n)) for n in ns))),
    "replace": _replace,
    "reverse": lambda items: list(reversed(items)),
    "sort": lambda items: sorted(text(x) for x in items),
    "split": lambda sep, s: s.split(sep),
    "startswith": lambda s, prefix: s.startswith(prefix),
    "substr": lambda s, start, length: s[int(start) :][
        : None if length < 0 else length
    ],
    "title": lambda s: s.title(),
    "tobool": _tobool,
    "tolist": lambda items: list(items),
    "tomap": lambda mapping: dict(mapping),
    "tonumber": lambda value: None if value is None else _number(value),
    "toset": lambda items: sorted(set(items), key=str),
    "tostring": lambda value: None if value is None else text(value),
    "trimspace": lambda s: s.strip(),
    "upper": lambda s: s.upper(),
    "values": lambda mapping: [mapping[k] for k in sorted(mapping)],
    "zipmap": lambda keys, values: dict(
        zip([text(k) for k in keys], values, strict=True)
    ),
}
_DEEP = frozenset({"coalesce", "jsonencode"})
"""Functions that look inside Unknown arguments themselves."""
_NEVER_NULL = frozenset(
    {
        "format",
        "join",
        "jsonencode",
        "length",
        "lower",
        "upper",
        "replace",
        "split",
        "substr",
        "title",
        "trimspace",
        "concat",
        "keys",
        "values",
        "contains",
        "startswith",
        "endswith",
        "merge",
    }
)
"""Functions whose result is never null, even from values not yet known."""
