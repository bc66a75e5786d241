"""Terraform's operators, traversals and the values they work on.

Operations take evaluated values (plain data or ``Unknown``); one Terraform
would reject raises ``EvalError``, which the evaluator reports as a value it
cannot evaluate."""

from __future__ import annotations

import json
import math
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


def number(value: Any) -> float | int:
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
        position = int(number(key))
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
    a, b = number(left), number(right)
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
    return -number(operand)


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


def dump_json(value: Any) -> str:
    """``jsonencode``: keys sorted, no spaces, as Terraform writes it."""
    return json.dumps(value, separators=(",", ":"), sort_keys=True)
