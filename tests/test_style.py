"""The checkable habits of STYLE.md, read from the source tree.

Each test walks the package's modules (``linter/`` and ``plugins/``) as text
and syntax trees, and fails naming every offending file and line.
"""

from __future__ import annotations

import ast
import functools
import io
import pathlib
import re
import tokenize
from collections.abc import Iterator

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGE = ("linter", "plugins")
EVERYTHING = (*PACKAGE, "tests", "scripts", "bench")
MAX_LINES = 400

# a marker says what should change and why, in a few words after its colon
_MARKER = re.compile(r"\b(TODO|FIXME|XXX)\b")
_EXPLAINED = re.compile(r"#\s*(TODO|FIXME|XXX)(\([^)]*\))?: \S+( \S+){2,}")


def _modules(*folders: str) -> list[pathlib.Path]:
    return sorted(path for f in folders for path in (ROOT / f).rglob("*.py"))


def _name(path: pathlib.Path) -> str:
    return path.relative_to(ROOT).as_posix()


@functools.cache
def _tree(path: pathlib.Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def _report(offences: list[str], rule: str) -> str:
    return f"{rule}:\n" + "\n".join(offences)


def _exits(tree: ast.Module) -> Iterator[int]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == "SystemExit":
            yield node.lineno
        elif (
            isinstance(node, ast.Attribute)
            and node.attr == "exit"
            and isinstance(node.value, ast.Name)
            and node.value.id == "sys"
        ):
            yield node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module == "sys":
            if any(alias.name == "exit" for alias in node.names):
                yield node.lineno


def _calls(tree: ast.Module, *names: str) -> Iterator[int]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        called = node.func
        if isinstance(called, ast.Name) and called.id in names:
            yield node.lineno
        elif isinstance(called, ast.Attribute) and called.attr in names:
            yield node.lineno


def test_style_exits_only_in_main_module() -> None:
    allowed = {"linter/__main__.py"}
    offences = [
        f"{_name(path)}:{line}"
        for path in _modules(*PACKAGE)
        if _name(path) not in allowed
        for line in _exits(_tree(path))
    ]
    assert not offences, _report(offences, "sys.exit/SystemExit outside __main__")


def test_style_print_only_in_reporters_and_cli() -> None:
    offences = [
        f"{_name(path)}:{line}"
        for path in _modules(*PACKAGE)
        if not _name(path).startswith("linter/reporters/")
        and _name(path) != "linter/cli.py"
        for line in _calls(_tree(path), "print")
    ]
    assert not offences, _report(offences, "print() outside reporters and the CLI")


def test_style_no_setattr() -> None:
    offences = [
        f"{_name(path)}:{line}"
        for path in _modules(*PACKAGE)
        for line in _calls(_tree(path), "setattr", "__setattr__")
    ]
    assert not offences, _report(offences, "setattr() (records are immutable)")


def test_style_future_annotations_after_docstring() -> None:
    offences = []
    for path in _modules(*PACKAGE):
        body = _tree(path).body
        if body and ast.get_docstring(_tree(path)) is not None:
            body = body[1:]
        first = body[0] if body else None
        if not (
            isinstance(first, ast.ImportFrom)
            and first.module == "__future__"
            and [alias.name for alias in first.names] == ["annotations"]
        ):
            line = first.lineno if first else 1
            offences.append(f"{_name(path)}:{line}")
    assert not offences, _report(
        offences,
        "the first statement after the docstring is not "
        "`from __future__ import annotations`",
    )


def _comments(path: pathlib.Path) -> Iterator[tuple[int, str]]:
    source = io.StringIO(path.read_text(encoding="utf-8"))
    for token in tokenize.generate_tokens(source.readline):
        if token.type == tokenize.COMMENT:
            yield token.start[0], token.string


def test_style_markers_give_a_reason() -> None:
    offences = [
        f"{_name(path)}:{line}: {text}"
        for path in _modules(*EVERYTHING)
        for line, text in _comments(path)
        if _MARKER.search(text) and not _EXPLAINED.match(text)
    ]
    assert not offences, _report(
        offences, "a TODO/FIXME/XXX needs `# TODO: <what should change, and why>`"
    )


def test_style_long_modules_say_why() -> None:
    offences = []
    for path in _modules(*PACKAGE):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        docstring = ast.get_docstring(_tree(path)) or ""
        if lines > MAX_LINES and not re.search(r"\blines\b", docstring):
            offences.append(f"{_name(path)}:1: {lines} lines")
    assert not offences, _report(
        offences,
        f"modules over {MAX_LINES} lines whose docstring does not say why "
        "(a sentence with the word 'lines')",
    )
