"""Terraform HCL, read without ``terraform init``, into the resource model.

A folder is a module: all its ``.tf`` files, with variable values from
``terraform.tfvars``, ``*.auto.tfvars`` (and their ``.json`` forms), then
``--var-file`` files, then ``--var`` values, later ones winning. Local module
calls (``source = "./..."``) are read and evaluated with their inputs, their
resources addressed as Terraform does (``module.x.aws_sqs_queue.y``); registry
and git sources are not fetched, and the document's notes say which were
skipped. Expressions are evaluated by ``hcl_eval``; whatever depends on
something not known before apply is Unknown with the reason. An argument left
out stays absent (the service default applies); null means unset.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence
from typing import Any

from sealgate.errors import InputError
from sealgate.model import Document
from sealgate.model import Format
from sealgate.model import Origin
from sealgate.model import Resource
from sealgate.model import Unknown
from sealgate.model import Value
from sealgate.parsers import hcl_syntax
from sealgate.parsers.coercion import DOCUMENT_TYPES
from sealgate.parsers.coercion import normalise
from sealgate.parsers.hcl_eval import Evaluator
from sealgate.parsers.hcl_functions import EvalError
from sealgate.parsers.hcl_functions import pairs
from sealgate.parsers.hcl_scope import MAX_DEPTH
from sealgate.parsers.hcl_scope import Declarations
from sealgate.parsers.hcl_scope import Scope
from sealgate.parsers.hcl_scope import call_inputs
from sealgate.parsers.hcl_scope import source_folder
from sealgate.parsers.hcl_syntax import Attribute
from sealgate.parsers.hcl_syntax import Block

log = logging.getLogger(__name__)

_RESOURCE_META = frozenset({"count", "for_each", "provider", "depends_on"})
_META_BLOCKS = frozenset({"lifecycle", "provisioner", "connection"})


def parse(
    folder: str,
    variables: Mapping[str, str] | None = None,
    var_files: Sequence[str] = (),
) -> Document:
    """Read the module in ``folder`` with the variable values given."""
    config = Configuration(folder)
    declared = config.declarations(folder)
    inputs = _root_inputs(declared, variables or {}, var_files)
    root = Scope(config, declared, "", inputs)
    resources = tuple(config.resources(root))
    names = frozenset(declared.variables)
    return Document(folder, Format.TF_HCL, resources, tuple(config.notes), names)


class Configuration:
    """The module folders read in one run, and what could not be judged."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.notes: list[str] = []
        self._folders: dict[str, Declarations] = {}
        self._children: dict[tuple[str, str], Scope | None] = {}

    def declarations(self, folder: str) -> Declarations:
        """The declarations of a module folder, each file read once."""
        if folder not in self._folders:
            self._folders[folder] = _read_folder(folder)
        return self._folders[folder]

    def note(self, scope: Scope, block: Block, said: str) -> None:
        """Record, once, something about a block the output should say."""
        kind = "module" if block.type == "module" else ".".join(block.labels)
        name = f"module.{block.labels[0]}" if block.type == "module" else kind
        text = f"{scope.prefix}{name}: {said}"
        if text not in self.notes:
            self.notes.append(text)

    def child(
        self, parent: Scope, block: Block, key: str, env: dict[str, Value]
    ) -> Scope | None:
        """The scope of one instance of a module call; None when not read."""
        address = f"{parent.prefix}module.{block.labels[0]}{key}"
        if (parent.prefix, address) in self._children:
            return self._children[(parent.prefix, address)]
        scope = self._child(parent, block, address, env)
        self._children[(parent.prefix, address)] = scope
        return scope

    def _child(
        self, parent: Scope, block: Block, address: str, env: dict[str, Value]
    ) -> Scope | None:
        settings = {a.name: a for a in _items(block.body) if isinstance(a, Attribute)}
        source = (
            Evaluator(parent).value(settings["source"].expression)
            if ("source" in settings)
            else None
        )
        folder = (
            source_folder(parent.declared.folder, source)
            if isinstance(source, str)
            else None
        )
        if folder is None:
            self.note(
                parent,
                block,
                f"source {source!r} is not fetched, so its resources are not judged",
            )
            return None
        if not os.path.isdir(folder):
            self.note(
                parent,
                block,
                f"module folder {folder!r} cannot be read, so "
                "its resources are not judged",
            )
            return None
        root = parent.chain[0]
        if os.path.realpath(folder) in parent.chain:
            # terraform refuses a module that calls itself; never a silent pass
            raise InputError(
                root, f"{address} calls {folder!r}, a module calling itself"
            )
        if parent.depth >= MAX_DEPTH:
            raise InputError(
                root, f"{address}: module calls nested more than {MAX_DEPTH} deep"
            )
        inputs = call_inputs(parent, block, env)
        declared = self.declarations(folder)
        return Scope(
            self, declared, address + ".", inputs, parent.depth + 1, parent.chain
        )

    def resources(self, scope: Scope) -> Iterator[Resource]:
        """Every resource instance of a module instance and of its children."""
        for block, file in scope.declared.resources:
            kind, name = block.labels
            for key, env in scope.instances(block):
                evaluator = Evaluator(scope, env)
                address = f"{scope.prefix}{kind}.{name}{key}"
                origin = Origin(Format.TF_HCL, file, block.line, address)
                properties = body(block.body, evaluator)
                normalise(properties, DOCUMENT_TYPES.get(kind, {}))
                yield Resource(origin, kind, properties)
        for block, _ in scope.declared.calls:
            for key, env in scope.instances(block):
                child = self.child(scope, block, key, env)
                if child is not None:
                    yield from self.resources(child)


def body(tree: Any, evaluator: Evaluator) -> dict[str, Value]:
    """A resource or block body: arguments evaluated, nested blocks as lists."""
    out: dict[str, Value] = {}
    for item in _items(tree):
        if isinstance(item, Attribute):
            if item.name not in _RESOURCE_META:
                value = _drop_nulls(evaluator.value(item.expression))
                if value is not None:
                    out[item.name] = value
        elif item.type == "dynamic" and item.labels:
            _dynamic(out, item, evaluator)
        elif item.type not in _META_BLOCKS:
            blocks = out.setdefault(item.type, [])
            if isinstance(blocks, list):
                blocks.append(body(item.body, evaluator))
    return out


def _dynamic(out: dict[str, Value], block: Block, evaluator: Evaluator) -> None:
    """A ``dynamic`` block: one nested block per element of its for_each."""
    name = block.labels[0]
    items = _items(block.body)
    settings = {a.name: a for a in items if isinstance(a, Attribute)}
    content = next(
        (b for b in items if isinstance(b, Block) and b.type == "content"), None
    )
    if "for_each" not in settings or content is None:
        return
    source = evaluator.value(settings["for_each"].expression)
    if isinstance(source, Unknown):
        out[name] = Unknown(
            f"made by a dynamic block whose for_each is {source.reason}",
            False,
            source.refs,
        )
        return
    iterator = name
    if "iterator" in settings:
        iterator = str(settings["iterator"].expression.children[0].children[0])
    if source is None:
        return
    generated: list[Value] = [
        body(content.body, evaluator.within(**{iterator: {"key": k, "value": v}}))
        for k, v in pairs(source)
    ]
    # no element leaves the block out, exactly as if none were written
    existing = out.get(name)
    if generated and isinstance(existing, list):
        existing.extend(generated)
    elif generated:
        out[name] = generated


def _drop_nulls(value: Value) -> Value:
    if isinstance(value, dict):
        return {k: _drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_nulls(v) for v in value]
    return value


def _items(tree: Any) -> list[Attribute | Block]:
    return hcl_syntax.attributes_and_blocks(tree)


def _read_folder(folder: str) -> Declarations:
    declared = Declarations(folder)
    names = sorted(n for n in os.listdir(folder) if n.endswith(".tf"))
    for name in names:
        file = os.path.join(folder, name)
        tree = hcl_syntax.parse(_read(file), file)
        for item in _items(tree.children[0]):
            if isinstance(item, Block):
                _declare(declared, item, file)
    return declared


def _declare(declared: Declarations, block: Block, file: str) -> None:
    if block.type == "resource" and len(block.labels) == 2:
        declared.resources.append((block, file))
    elif block.type == "variable" and block.labels:
        declared.variables[block.labels[0]] = block
    elif block.type == "locals":
        for item in _items(block.body):
            if isinstance(item, Attribute):
                declared.locals[item.name] = item
    elif block.type == "module" and block.labels:
        declared.calls.append((block, file))
    elif block.type == "output" and block.labels:
        declared.outputs[block.labels[0]] = block


def _root_inputs(
    declared: Declarations, variables: Mapping[str, str], var_files: Sequence[str]
) -> dict[str, Value]:
    folder = declared.folder
    automatic = sorted(
        n
        for n in os.listdir(folder)
        if n.endswith((".auto.tfvars", ".auto.tfvars.json"))
    )
    files = [
        os.path.join(folder, n)
        for n in ("terraform.tfvars", "terraform.tfvars.json", *automatic)
        if os.path.isfile(os.path.join(folder, n))
    ]
    inputs: dict[str, Value] = {}
    for file in (*files, *var_files):
        inputs.update(_var_file(file))
    for name, raw in variables.items():
        inputs[name] = _cli_value(declared, name, raw)
    return inputs


def _var_file(file: str) -> dict[str, Value]:
    text = _read(file)
    if file.endswith(".json"):
        try:
            data = json.loads(text)
        except ValueError as error:
            raise InputError(file, f"invalid JSON ({error})") from None
        if not isinstance(data, dict):
            raise InputError(file, "a .tfvars.json file must hold an object")
        return data
    tree = hcl_syntax.parse(text, file)
    literal = Evaluator(_NoScope())
    return {
        item.name: literal.value(item.expression)
        for item in _items(tree.children[0])
        if isinstance(item, Attribute)
    }


def _cli_value(declared: Declarations, name: str, raw: str) -> Value:
    """A ``--var`` value: a string, or HCL for a variable of a collection type."""
    block = declared.variables.get(name)
    kind = None
    if block is not None:
        kind = next(
            (
                a
                for a in _items(block.body)
                if isinstance(a, Attribute) and a.name == "type"
            ),
            None,
        )
    if kind is None or _primitive(kind):
        return raw
    try:
        return Evaluator(_NoScope()).value(hcl_syntax.expression(raw))
    except InputError:
        return Unknown(f"given by `--var {name}=...`, which is not valid HCL")


def _primitive(kind: Attribute) -> bool:
    node = kind.expression
    while hasattr(node, "children") and len(node.children) == 1:
        node = node.children[0]
    return str(node) in ("string", "number", "bool", "any")


class _NoScope:
    """Variable files hold literals: any reference in them is an error."""

    def _refuse(self, *names: str) -> Any:
        raise EvalError("a variable file can hold only literal values")

    variable = local = resource = data = module = path = _refuse

    def declares(self, kind: str) -> bool:
        return False


def _read(file: str) -> str:
    try:
        with open(file, encoding="utf-8-sig") as handle:
            return handle.read()
    except OSError as error:
        raise InputError(file, f"cannot read: {error.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(file, "not UTF-8 text") from None
