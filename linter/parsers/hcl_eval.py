"""Evaluate HCL expressions, as python-hcl2's parse tree holds them, to model values.

The parse tree comes from python-hcl2's grammar (its raw Lark tree): walking it
spares sealgate a tokenizer of its own. Values are plain Python data; a value
that depends on something not known before apply is an ``Unknown`` carrying the
reason and the resources it derives from, and it spreads through every
operation that uses it, except where the result does not depend on it (a key
created in the same run is never null, so ``key != null`` is true).

The module is a little over 400 lines on purpose: one method per rule of the
grammar, kept in one class so that each rule's reading is found in one place.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from collections.abc import Mapping
from typing import Any
from typing import Protocol

from lark import Token
from lark import Tree

from sealgate.model import Unknown
from sealgate.model import Value
from sealgate.parsers import hcl_builtins
from sealgate.parsers import hcl_functions
from sealgate.parsers.hcl_functions import EvalError
from sealgate.parsers.hcl_functions import merge_unknown

log = logging.getLogger(__name__)

_BARE = frozenset({"LPAR", "RPAR", "LSQB", "RSQB", "LBRACE", "RBRACE", "COMMA"})
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)")
_ROOTS = frozenset({"var", "local", "module", "data", "path", "terraform"})


class Scope(Protocol):
    """What an expression may refer to: one module instance of a configuration."""

    def variable(self, name: str) -> Value: ...
    def local(self, name: str) -> Value: ...
    def resource(self, kind: str, name: str) -> Any: ...
    def data(self, kind: str, name: str) -> Value: ...
    def module(self, name: str) -> Any: ...
    def path(self) -> dict[str, Value]: ...
    def declares(self, kind: str) -> bool: ...


class _Root:
    """A reference root (``var``, ``data.aws_x``, a resource type) awaiting a name."""

    def __init__(self, steps: tuple[str, ...]) -> None:
        self.steps = steps


def parts(tree: Tree[Token]) -> list[Any]:
    """The children that carry meaning: no punctuation, newlines or comments."""
    return [
        child
        for child in tree.children
        if not (isinstance(child, Tree) and child.data == "new_line_or_comment")
        and not (isinstance(child, Token) and child.type in _BARE)
    ]


class Evaluator:
    """Evaluate expressions in one scope, with iteration variables in ``env``."""

    def __init__(self, scope: Scope, env: Mapping[str, Value] | None = None) -> None:
        self.scope = scope
        self.env: Mapping[str, Value] = env or {}

    def within(self, **names: Value) -> Evaluator:
        """The same scope with more iteration variables (``each``, iterators)."""
        return Evaluator(self.scope, {**self.env, **names})

    def value(self, tree: Any) -> Value:
        """Evaluate ``tree``; an expression Terraform would reject is Unknown."""
        try:
            result = self._eval(tree)
        except EvalError as error:
            return Unknown(f"not evaluable ({error})")
        except RecursionError:
            return Unknown("not evaluable (nested too deeply)")
        except (TypeError, ValueError, AttributeError, LookupError, StopIteration):
            # a tree shape this evaluator does not know: unknown, never a guess
            log.debug("cannot evaluate %r", tree, exc_info=True)
            return Unknown("not evaluable (an expression form sealgate does not read)")
        if isinstance(result, _Root) or hasattr(result, "attribute"):
            return Unknown("not evaluable (a whole resource or module as a value)")
        return result

    def _eval(self, tree: Any) -> Any:
        if isinstance(tree, Token):
            raise EvalError(f"unexpected {tree.type}")
        method: Callable[[Tree[Token]], Any] | None = getattr(
            self, f"_{tree.data}", None
        )
        if method is None:
            raise EvalError(f"{tree.data} expressions are not supported")
        return method(tree)

    # literals and collections

    def _expr_term(self, tree: Tree[Token]) -> Any:
        return self._eval(parts(tree)[0])

    def _int_lit(self, tree: Tree[Token]) -> Value:
        return int(str(tree.children[0]))

    def _float_lit(self, tree: Tree[Token]) -> Value:
        return float(str(tree.children[0]))

    def _literal_value(self, tree: Tree[Token]) -> Value:
        return {"true": True, "false": False, "null": None}[str(tree.children[0])]

    def _tuple(self, tree: Tree[Token]) -> Value:
        return [self._eval(child) for child in parts(tree)]

    def _object(self, tree: Tree[Token]) -> Value:
        out: dict[str, Value] = {}
        for element in parts(tree):
            key_tree, _, expression = parts(element)
            key = self._key(key_tree)
            if isinstance(key, Unknown):
                return merge_unknown(key, present=True)
            out[hcl_functions.text(key)] = self._eval(expression)
        return out

    def _key(self, tree: Tree[Token]) -> Any:
        node = parts(tree)[0]
        if isinstance(node, Tree) and node.data == "keyword":
            return str(node.children[0])
        inner = parts(node)[0] if isinstance(node, Tree) else node
        if isinstance(inner, Tree) and inner.data == "identifier":
            return str(inner.children[0])  # a bare key is its own name
        return self._eval(node)

    # templates

    def _string(self, tree: Tree[Token]) -> Value:
        pieces: list[Any] = []
        for part in tree.children:
            if isinstance(part, Tree):
                pieces.append(self._string_part(part))
        return _join(pieces)

    def _string_part(self, tree: Tree[Token]) -> Any:
        child = tree.children[0]
        if isinstance(child, Token):
            if child.type in ("ESCAPED_INTERPOLATION", "ESCAPED_DIRECTIVE"):
                return str(child)[1:]
            return _unescape(str(child))
        if child.data == "interpolation":
            return self._eval(parts(child)[1])
        raise _Directive

    def _heredoc_template(self, tree: Tree[Token]) -> Value:
        return self._heredoc(str(tree.children[0]), trim=False)

    def _heredoc_template_trim(self, tree: Tree[Token]) -> Value:
        return self._heredoc(str(tree.children[0]), trim=True)

    def _heredoc(self, token: str, trim: bool) -> Value:
        lines = token.rstrip("\r\n").split("\n")[1:-1]
        if trim:
            indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
            cut = min(indents, default=0)
            lines = [line[cut:] for line in lines]
        body = "".join(line.rstrip("\r") + "\n" for line in lines)
        return _join(self._template(body))

    def _template(self, body: str) -> list[Any]:
        from sealgate.parsers import hcl_syntax

        pieces: list[Any] = []
        for literal, expression in hcl_syntax.interpolations(body):
            pieces.append(literal)
            if expression is not None:
                pieces.append(self._eval(expression))
        return pieces

    def _template_string(self, tree: Tree[Token]) -> Value:
        raise _Directive

    # references

    def _identifier(self, tree: Tree[Token]) -> Any:
        name = str(tree.children[0])
        if name in self.env:
            return self.env[name]
        if name in _ROOTS or self.scope.declares(name):
            return _Root((name,))
        raise EvalError(f"{name!r} is not declared in this configuration")

    def _get_attr_expr_term(self, tree: Tree[Token]) -> Any:
        base, step = parts(tree)
        return self._attr(self._eval(base), step)

    def _attr(self, base: Any, step: Tree[Token]) -> Any:
        name = str(parts(step)[-1].children[0])
        if isinstance(base, _Root):
            return self._resolve(base, name)
        return hcl_functions.get_attr(base, name)

    def _resolve(self, root: _Root, name: str) -> Any:
        steps = (*root.steps, name)
        scope = self.scope
        head = steps[0]
        if head == "var":
            return scope.variable(name)
        if head == "local":
            return scope.local(name)
        if head == "module":
            return scope.module(name)
        if head == "path":
            return hcl_functions.get_attr(scope.path(), name)
        if head == "terraform":
            return hcl_functions.get_attr({"workspace": "default"}, name)
        if head == "data" and len(steps) == 3:
            return scope.data(steps[1], name)
        if head == "data":
            return _Root(steps)
        return scope.resource(head, name)

    def _index_expr_term(self, tree: Tree[Token]) -> Any:
        base, index = parts(tree)
        return hcl_functions.index(self._eval(base), self._index_key(index))

    def _index_key(self, tree: Tree[Token]) -> Any:
        if tree.data == "short_index":
            return int(str(tree.children[-1]))
        return self._eval(parts(tree)[0])

    def _attr_splat_expr_term(self, tree: Tree[Token]) -> Any:
        return self._splat(tree)

    def _full_splat_expr_term(self, tree: Tree[Token]) -> Any:
        return self._splat(tree)

    def _splat(self, tree: Tree[Token]) -> Any:
        base_tree, splat = parts(tree)
        base = self._eval(base_tree)
        if isinstance(base, Unknown):
            return base
        items = base if isinstance(base, list) else [] if base is None else [base]
        steps = [step for step in splat.children if isinstance(step, Tree)]
        return [self._steps(item, steps) for item in items]

    def _steps(self, value: Any, steps: list[Tree[Token]]) -> Any:
        for step in steps:
            if step.data == "get_attr":
                value = self._attr(value, step)
            else:
                value = hcl_functions.index(value, self._index_key(step))
        return value

    # operators

    def _conditional(self, tree: Tree[Token]) -> Any:
        condition, then, otherwise = [c for c in parts(tree) if isinstance(c, Tree)]
        decided = self._eval(condition)
        if isinstance(decided, Unknown):
            return hcl_functions.either(
                decided, self._eval(then), self._eval(otherwise)
            )
        if not isinstance(decided, bool):
            raise EvalError(f"a condition must be true or false, not {decided!r}")
        return self._eval(then if decided else otherwise)

    def _binary_op(self, tree: Tree[Token]) -> Any:
        left, term = parts(tree)[:2]
        operator, right = parts(term)
        symbol = str(operator.children[0]).strip()
        value = self._eval(left)
        # && and || decide without their right side when the left one does
        if (symbol == "&&" and value is False) or (symbol == "||" and value is True):
            return value
        return hcl_functions.operate(symbol, value, self._eval(right))

    def _unary_op(self, tree: Tree[Token]) -> Any:
        symbol, operand = tree.children
        return hcl_functions.unary(str(symbol), self._eval(operand))

    def _function_call(self, tree: Tree[Token]) -> Any:
        names = [
            str(c.children[0])
            for c in tree.children
            if isinstance(c, Tree) and c.data == "identifier"
        ]
        name = "::".join(names)
        arguments = next(
            (c for c in tree.children if isinstance(c, Tree) and c.data == "arguments"),
            None,
        )
        trees = parts(arguments) if arguments is not None else []
        expand = bool(trees) and isinstance(trees[-1], Token)
        trees = [t for t in trees if isinstance(t, Tree)]
        if name in ("try", "can"):
            return hcl_functions.attempt(
                name, [functools.partial(self._eval, t) for t in trees]
            )
        values = [self._eval(t) for t in trees]
        if expand:
            values = hcl_functions.expand(values)
        return hcl_builtins.call(name, values)

    def _for_cond(self, tree: Tree[Token]) -> Any:
        return self._eval([c for c in parts(tree) if isinstance(c, Tree)][-1])

    def _for_tuple_expr(self, tree: Tree[Token]) -> Any:
        intro, *body = [c for c in parts(tree) if isinstance(c, Tree)]
        out: list[Any] = []
        for scope in self._iterations(intro):
            if isinstance(scope, Unknown):
                return scope
            if len(body) > 1 and not _decided(scope._eval(body[1])):
                continue
            out.append(scope._eval(body[0]))
        return out

    def _for_object_expr(self, tree: Tree[Token]) -> Any:
        intro, key, value, *rest = [c for c in parts(tree) if isinstance(c, Tree)]
        group = any(
            isinstance(c, Token) and c.type == "ELLIPSIS" for c in tree.children
        )
        out: dict[str, Any] = {}
        for scope in self._iterations(intro):
            if isinstance(scope, Unknown):
                return scope
            if rest and not _decided(scope._eval(rest[0])):
                continue
            name = scope._eval(key)
            if isinstance(name, Unknown):
                return merge_unknown(name, present=True)
            item = scope._eval(value)
            if group:
                out.setdefault(hcl_functions.text(name), []).append(item)
            else:
                out[hcl_functions.text(name)] = item
        return out

    def _iterations(self, intro: Tree[Token]) -> list[Any]:
        names = [
            str(c.children[0])
            for c in intro.children
            if isinstance(c, Tree) and c.data == "identifier"
        ]
        collection = next(
            c
            for c in intro.children
            if isinstance(c, Tree)
            and c.data not in ("identifier", "new_line_or_comment")
        )
        source = self._eval(collection)
        if isinstance(source, Unknown):
            return [source]
        scopes = []
        for key, item in hcl_functions.pairs(source):
            bound = (
                {names[0]: item} if len(names) == 1 else {names[0]: key, names[1]: item}
            )
            scopes.append(self.within(**bound))
        return scopes


class _Directive(EvalError):
    def __init__(self) -> None:
        super().__init__("template directives (%{...}) are not evaluated")


def _decided(value: Any) -> bool:
    if isinstance(value, Unknown):
        raise EvalError("a for-expression filter is not known before apply")
    return value is True


def _join(pieces: list[Any]) -> Value:
    """A template's pieces as one string, or Unknown with the text it would have."""
    if len(pieces) == 1 and not isinstance(pieces[0], str):
        return pieces[0]  # "${x}" alone keeps x's type, as Terraform does
    unknown = [p for p in pieces if isinstance(p, Unknown)]
    if not unknown:
        return "".join(hcl_functions.text(p) for p in pieces)
    shown = "".join(
        "${" + ",".join(p.refs) + "}"
        if isinstance(p, Unknown)
        else hcl_functions.text(p)
        for p in pieces
    )
    return merge_unknown(*unknown, present=True, text=shown)


def _unescape(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "uU" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _SIMPLE_ESCAPES.get(code, "\\" + code)

    return _ESCAPE.sub(replace, text)
