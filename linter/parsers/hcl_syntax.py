"""HCL text into python-hcl2's parse tree, and the pieces of a body.

python-hcl2 is imported here, and only when a ``.tf`` file is read: it pulls in
Lark and its grammar, which a run over templates alone must not pay for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sealgate.errors import InputError
from sealgate.parsers.hcl_functions import EvalError


@dataclass(frozen=True, slots=True)
class Attribute:
    """``name = expression`` in a body."""

    name: str
    expression: Any
    line: int | None


@dataclass(frozen=True, slots=True)
class Block:
    """``type "label" ... { body }``."""

    type: str
    labels: tuple[str, ...]
    body: Any
    line: int | None


def parse(text: str, file: str) -> Any:
    """The parse tree of one file; InputError naming the line where it breaks."""
    try:
        from hcl2.parser import parser
    except ImportError:
        # checkov's bc-python-hcl2 installs a package of the same name, hcl2,
        # over python-hcl2's: sealgate cannot read HCL in such an environment
        raise InputError(
            file,
            "cannot read Terraform here: python-hcl2's hcl2 package was replaced "
            "by another of the same name (checkov installs bc-python-hcl2); "
            "install sealgate in an environment of its own (`pipx install sealgate`)",
        ) from None
    from lark.exceptions import LarkError
    from lark.exceptions import UnexpectedInput

    try:
        return parser().parse(text + "\n")
    except UnexpectedInput as error:
        raise InputError(
            file, f"invalid HCL: line {error.line}, column {error.column}"
        ) from None
    except (LarkError, RecursionError) as error:
        raise InputError(file, f"invalid HCL ({type(error).__name__})") from None


def expression(text: str) -> Any:
    """The parse tree of one expression written as text (a ``--var`` value)."""
    tree = parse(f"_ = {text}", "--var")
    first = attributes_and_blocks(tree.children[0])[0]
    if not isinstance(first, Attribute):  # the parse above starts "_ =" always
        raise InputError("--var", "invalid HCL: not an expression")
    return first.expression


def attributes_and_blocks(body: Any) -> list[Attribute | Block]:
    """The attributes and blocks of a body, in source order."""
    from lark import Tree

    out: list[Attribute | Block] = []
    for child in body.children:
        if not isinstance(child, Tree):
            continue
        line = getattr(child.meta, "line", None)
        if child.data == "attribute":
            name = _name(child.children[0])
            out.append(Attribute(name, child.children[-1], line))
        elif child.data == "block":
            heads = [c for c in child.children if isinstance(c, Tree)]
            labels = tuple(_name(c) for c in heads[1:] if c.data != "body")
            inner = next(c for c in heads if c.data == "body")
            out.append(Block(_name(heads[0]), labels, inner, line))
    return out


def _name(tree: Any) -> str:
    if tree.data == "string":
        return "".join(str(part.children[0]) for part in tree.children[1:-1])
    return str(tree.children[0])


def interpolations(body: str) -> list[tuple[str, Any]]:
    """A heredoc body as (literal text, expression tree or None) pieces."""
    pieces: list[tuple[str, Any]] = []
    literal, i = "", 0
    while i < len(body):
        if body.startswith(("$${", "%%{"), i):
            literal += body[i + 1 : i + 3]
            i += 3
        elif body.startswith("%{", i):
            raise EvalError("template directives (%{...}) are not evaluated")
        elif body.startswith("${", i):
            end = _closing(body, i + 2)
            try:
                tree = expression(body[i + 2 : end])
            except InputError:
                raise EvalError(
                    "an interpolation in a heredoc is not valid HCL"
                ) from None
            pieces.append((literal, tree))
            literal, i = "", end + 1
        else:
            literal += body[i]
            i += 1
    pieces.append((literal, None))
    return pieces


def _closing(body: str, start: int) -> int:
    """Where the ``}`` closing an interpolation is, skipping quoted strings."""
    depth, i, quoted = 0, start, False
    while i < len(body):
        char = body[i]
        if quoted:
            if char == "\\":
                i += 1
            elif char == '"':
                quoted = False
        elif char == '"':
            quoted = True
        elif char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    raise EvalError("an interpolation in a heredoc is not closed")
