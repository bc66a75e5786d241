"""Bounds on parsed data, so hostile input is refused rather than followed.

Every recursive step after parsing (resolving intrinsics, folding plan
unknowns, rendering reports) recurses once per level of nesting, so nesting
is capped well below Python's recursion limit; YAML aliases can make a small
file expand to billions of nodes, so the expanded size is capped too.
"""

from __future__ import annotations

from typing import Any

from sealgate.errors import InputError

MAX_DEPTH = 100
"""Deeper nesting of mappings and lists is refused; real templates and plans
stay within about 20 levels."""

MAX_NODES = 2_000_000
"""More nodes than this once YAML aliases are expanded is an alias bomb."""


def too_deep(file: str, where: str = "") -> InputError:
    """The one error every depth check raises."""
    return InputError(file, f"refused: nested more than {MAX_DEPTH} levels deep{where}")


def check_depth(data: Any, file: str) -> None:
    """Refuse a tree (parsed JSON) nested deeper than MAX_DEPTH."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        if depth > MAX_DEPTH:
            raise too_deep(file)
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))


def check_expansion(data: Any, file: str) -> None:
    """Refuse a graph (parsed YAML, aliases shared) too large or deep expanded."""
    sizes: dict[int, tuple[int, int]] = {}
    entered: set[int] = set()
    # iterative post-order walk; shared nodes (aliases) are sized once
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        node, done = stack.pop()
        if not isinstance(node, (dict, list)) or (id(node) in sizes and not done):
            continue
        children = list(node.values()) if isinstance(node, dict) else node
        if not done:
            if id(node) in entered:  # met again inside its own subtree
                raise InputError(file, "refused: a YAML alias refers to itself")
            entered.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in children)
            continue
        measured = [sizes.get(id(child), (1, 0)) for child in children]
        size = 1 + sum(size for size, _ in measured)
        height = 1 + max((height for _, height in measured), default=0)
        if size > MAX_NODES:
            raise InputError(
                file, f"refused: expands to more than {MAX_NODES:,} nodes (alias bomb?)"
            )
        if height > MAX_DEPTH:
            raise too_deep(file, " once YAML aliases are expanded")
        sizes[id(node)] = (size, height)
