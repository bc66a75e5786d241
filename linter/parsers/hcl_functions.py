"""Terraform's operators and the built-in functions real modules use for settings.

Each function takes evaluated arguments (plain values or ``Unknown``) and
returns a value; an argument Terraform would reject raises ``EvalError``, which
the evaluator reports as a value it cannot evaluate. A function sealgate does
not know gives Unknown with its name, never a guess.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

from sealgate.model import Unknown


class EvalError(Exception):
    """An expression Terraform would reject; the message says why."""


def merge_unknown(
    *values: Any, present: bool = False, text: str | None = None
) -> Unknown:
    """One Unknown standing for every Unknown among ``values``."""
    unknown = [v for v in values if isinstance(v, Unknown)]
    reasons = list(dict.fromkeys(u.reason for u in unknown)) or ["not known"]
    refs = tuple(sorted({ref for u in unknown for ref in u.refs}))
    return Unknown("; ".join(reasons), present, refs, text)


def unknowns(value: Any) -> list[Unknown]:
    """Every Unknown inside ``value``, however deep."""
    if isinstance(value, Unknown):
        return [value]
    if isinstance(value, dict):
        return [u for v in value.values() for u in unknowns(v)]
    if isinstance(value, list):
        return [u for v in value for u in unknowns(v)]
    return []


def is_present(value: Any) -> bool:
    """Whether ``value`` will not be null once deployed."""
    if isinstance(value, Unknown):
        return value.present
    return value is not None


def text(value: Any) -> str:
    """A value as Terraform writes it into a string."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    if value is None:
        raise EvalError("null cannot be used in a string")
    raise EvalError(f"a {type(value).__name__} cannot be used as a string")


def _number(value: Any) -> float | int:
    if isinstance(value, bool) or value is None:
        raise EvalError(f"{value!r} is not a number")
    if isinstance(value, (int, float)):
        return value
    try:
        number = float(text(value))
    except ValueError:
        raise EvalError(f"{value!r} is not a number") from None
    return int(number) if number.is_integer() else number


def get_attr(base: Any, name: str) -> Any:
    """``base.name``."""
    if isinstance(base, Unknown):
        return base
    if isinstance(base, dict):
        if name not in base:
            raise EvalError(f"object has no attribute {name!r}")
        return base[name]
    if hasattr(base, "attribute"):
        return base.attribute(name)
    raise EvalError(f"{text_of(base)} has no attribute {name!r}")


def index(base: Any, key: Any) -> Any:
    """``base[key]``."""
    if isinstance(base, Unknown):
        return base
    if isinstance(key, Unknown):
        return merge_unknown(key)
    if isinstance(base, list):
        position = int(_number(key))
        if not 0 <= position < len(base):
            raise EvalError(f"index {position} is out of range")
        return base[position]
    if isinstance(base, dict):
        if text(key) not in base:
            raise EvalError(f"no key {text(key)!r}")
        return base[text(key)]
    raise EvalError(f"{text_of(base)} cannot be indexed")


def text_of(value: Any) -> str:
    return "null" if value is None else f"a {type(value).__name__}"


def pairs(source: Any) -> list[tuple[Any, Any]]:
    """(key, value) of a collection, maps in key order as Terraform iterates."""
    if isinstance(source, dict):
        return sorted(source.items())
    if isinstance(source, list):
        return list(enumerate(source))
    raise EvalError(f"cannot iterate over {text_of(source)}")


def either(condition: Unknown, then: Any, otherwise: Any) -> Any:
    """A conditional whose condition is not known before apply."""
    if then == otherwise and not unknowns(then):
        return then
    present = is_present(then) and is_present(otherwise)
    return merge_unknown(
        condition, *unknowns(then), *unknowns(otherwise), present=present
    )


def operate(symbol: str, left: Any, right: Any) -> Any:
    """A binary operator."""
    if symbol in ("==", "!="):
        return _equality(symbol, left, right)
    if symbol in ("&&", "||"):
        return _logic(symbol, left, right)
    if isinstance(left, Unknown) or isinstance(right, Unknown):
        return merge_unknown(left, right, present=True)
    a, b = _number(left), _number(right)
    if symbol in ("/", "%") and b == 0:
        raise EvalError("division by zero")
    result = {
        "+": lambda: a + b,
        "-": lambda: a - b,
        "*": lambda: a * b,
        "/": lambda: a / b,
        "%": lambda: math.fmod(a, b),
        "<": lambda: a < b,
        ">": lambda: a > b,
        "<=": lambda: a <= b,
        ">=": lambda: a >= b,
    }[symbol]()
    if isinstance(result, float) and result.is_integer() and symbol != "/":
        return int(result)
    return result


def _equality(symbol: str, left: Any, right: Any) -> Any:
    unknown = [v for v in (left, right) if isinstance(v, Unknown)]
    if unknown:
        other = right if isinstance(left, Unknown) else left
        # a value that will certainly exist is not null, known or not
        if len(unknown) == 1 and other is None and unknown[0].present:
            return symbol == "!="
        return merge_unknown(*unknown, present=True)
    same = type(left) is type(right) or (
        isinstance(left, (int, float))
        and isinstance(right, (int, float))
        and not isinstance(left, bool)
        and not isinstance(right, bool)
    )
    equal = same and left == right
    return equal if symbol == "==" else not equal


def _logic(symbol: str, left: Any, right: Any) -> Any:
    decisive = symbol == "||"
    if left is decisive or right is decisive:
        return decisive
    if isinstance(left, Unknown) or isinstance(right, Unknown):
        return merge_unknown(left, right, present=True)
    if not isinstance(left, bool) or not isinstance(right, bool):
        raise EvalError(f"{symbol} takes true or false")
    return (left or right) if decisive else (left and right)


def unary(symbol: str, operand: Any) -> Any:
    """``!x`` or ``-x``."""
    if isinstance(operand, Unknown):
        return merge_unknown(operand, present=True)
    if symbol == "!":
        if not isinstance(operand, bool):
            raise EvalError("! takes true or false")
        return not operand
    return -_number(operand)


def attempt(name: str, thunks: list[Callable[[], Any]]) -> Any:
    """``try(...)`` and ``can(...)``: the first argument Terraform accepts."""
    for thunk in thunks:
        try:
            value = thunk()
        except EvalError:
            if name == "can":
                return False
            continue
        if name == "can":
            return merge_unknown(value, present=True) if unknowns(value) else True
        return value
    raise EvalError("no argument of try() could be evaluated")


def expand(values: list[Any]) -> list[Any]:
    """Arguments with the last one spread (``f(list...)``)."""
    last = values[-1]
    if isinstance(last, Unknown):
        raise EvalError("spread arguments are not known before apply")
    if not isinstance(last, list):
        raise EvalError("only a list can be spread into arguments")
    return [*values[:-1], *last]


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


def dump_json(value: Any) -> str:
    """``jsonencode``: keys sorted, no spaces, as Terraform writes it."""
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


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
