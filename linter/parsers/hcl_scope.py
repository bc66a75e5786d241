"""One module instance of a Terraform configuration, as expressions see it.

A scope answers ``var.x``, ``local.y``, ``aws_kms_key.k`` and ``module.m.out``
for one instance of one module folder, evaluating lazily and once. A resource
attribute the configuration sets is its evaluated value; one it leaves to the
provider is known only after apply, and never null.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from sealgate.model import Unknown
from sealgate.model import Value
from sealgate.parsers.hcl_eval import Evaluator
from sealgate.parsers.hcl_functions import EvalError
from sealgate.parsers.hcl_functions import pairs
from sealgate.parsers.hcl_functions import text
from sealgate.parsers.hcl_syntax import Attribute
from sealgate.parsers.hcl_syntax import Block
from sealgate.parsers.hcl_syntax import attributes_and_blocks

MAX_DEPTH = 16
"""Module calls nested deeper than this are not followed (a call loop)."""
_CALL_META = frozenset(
    {"source", "version", "count", "for_each", "providers", "depends_on"}
)


@dataclass(slots=True)
class Declarations:
    """What one module folder declares, file by file."""

    folder: str
    variables: dict[str, Block] = field(default_factory=dict)
    locals: dict[str, Attribute] = field(default_factory=dict)
    resources: list[tuple[Block, str]] = field(default_factory=list)
    calls: list[tuple[Block, str]] = field(default_factory=list)
    outputs: dict[str, Block] = field(default_factory=dict)

    def resource(self, kind: str, name: str) -> Block | None:
        """The resource block declaring ``kind.name``."""
        for block, _ in self.resources:
            if block.labels == (kind, name):
                return block
        return None

    def call(self, name: str) -> tuple[Block, str] | None:
        """The ``module`` block named ``name``, with its file."""
        for block, file in self.calls:
            if block.labels == (name,):
                return block, file
        return None


class Scope:
    """One module instance: its inputs, locals, resources and child modules."""

    def __init__(
        self,
        config: Any,
        declared: Declarations,
        prefix: str,
        inputs: Mapping[str, Value],
        depth: int = 0,
        chain: tuple[str, ...] = (),
    ) -> None:
        self.config = config
        self.declared = declared
        self.prefix = prefix
        self.inputs = inputs
        self.depth = depth
        self.chain = (*chain, os.path.realpath(declared.folder))
        """The folders of the module calls that lead here, this one last."""
        self._locals: dict[str, Value] = {}
        self._busy: set[str] = set()
        self._types = {block.labels[0] for block, _ in declared.resources}

    # what expressions refer to

    def variable(self, name: str) -> Value:
        block = self.declared.variables.get(name)
        if block is None:
            raise EvalError(f"variable {name!r} is not declared")
        settings = {a.name: a for a in _attributes(block.body)}
        if name in self.inputs:
            return convert(self.inputs[name], settings.get("type"))
        if "default" in settings:
            return Evaluator(self).value(settings["default"].expression)
        return Unknown(
            f"set by variable {name!r}, which has no default and no value here "
            f"(give one with `--var {name}=VALUE` or a .tfvars file)"
        )

    def local(self, name: str) -> Value:
        if name not in self._locals:
            attribute = self.declared.locals.get(name)
            if attribute is None:
                raise EvalError(f"local value {name!r} is not declared")
            self._locals[name] = self.guarded(
                f"local.{name}", lambda: Evaluator(self).value(attribute.expression)
            )
        return self._locals[name]

    def guarded(self, key: str, compute: Any) -> Any:
        """Compute once at a time: a value that needs itself is an error."""
        if key in self._busy:
            raise EvalError(f"{key} refers to itself")
        self._busy.add(key)
        try:
            return compute()
        finally:
            self._busy.discard(key)

    def resource(self, kind: str, name: str) -> Any:
        block = self.declared.resource(kind, name)
        if block is None:
            raise EvalError(f"resource {kind}.{name} is not declared")
        return self._collection(
            [
                (key, Instance(self, block, f"{kind}.{name}", env))
                for key, env in self.instances(block)
            ],
            block,
        )

    def data(self, kind: str, name: str) -> Value:
        address = f"{self.prefix}data.{kind}.{name}"
        return Unknown(f"read from AWS at plan time (from {address})", True, (address,))

    def module(self, name: str) -> Any:
        found = self.declared.call(name)
        if found is None:
            raise EvalError(f"module {name!r} is not declared")
        block, _ = found
        children = [
            (key, self.config.child(self, block, key, env))
            for key, env in self.instances(block)
        ]
        return self._collection(
            [
                (key, Outputs(child, f"{self.prefix}module.{name}"))
                for key, child in children
            ],
            block,
        )

    def path(self) -> dict[str, Value]:
        root = self.config.root
        return {"module": self.declared.folder, "root": root, "cwd": root}

    def declares(self, kind: str) -> bool:
        return kind in self._types

    # count and for_each

    def instances(self, block: Block) -> list[tuple[str, dict[str, Value]]]:
        """(instance key as in an address, iteration variables) of a block."""
        settings = {a.name: a for a in _attributes(block.body)}
        if "count" in settings:
            count = Evaluator(self).value(settings["count"].expression)
            if isinstance(count, Unknown):
                self.config.note(self, block, f"its count is {count.reason}")
                return [("", {"count": {"index": count}})]
            if not isinstance(count, int) or isinstance(count, bool):
                raise EvalError(f"count must be a whole number, not {count!r}")
            return [(f"[{i}]", {"count": {"index": i}}) for i in range(count)]
        if "for_each" in settings:
            return self._for_each(block, settings["for_each"])
        return [("", {})]

    def _for_each(
        self, block: Block, attribute: Attribute
    ) -> list[tuple[str, dict[str, Value]]]:
        source = Evaluator(self).value(attribute.expression)
        if isinstance(source, Unknown):
            self.config.note(self, block, f"its for_each is {source.reason}")
            return [("", {"each": {"key": source, "value": source}})]
        if isinstance(source, list):  # a set: each key is the value itself
            source = {text(item): item for item in source}
        out: list[tuple[str, dict[str, Value]]] = []
        for key, value in pairs(source):
            out.append((f"[{json.dumps(key)}]", {"each": {"key": key, "value": value}}))
        return out

    @staticmethod
    def _collection(items: list[tuple[str, Any]], block: Block) -> Any:
        settings = {a.name for a in _attributes(block.body)}
        if "count" in settings and not (len(items) == 1 and items[0][0] == ""):
            return [item for _, item in items]
        if "for_each" in settings and not (len(items) == 1 and items[0][0] == ""):
            return {json.loads(key[1:-1]): item for key, item in items}
        return items[0][1] if items else None


class Instance:
    """One instance of a resource, as ``aws_kms_key.k`` in an expression."""

    def __init__(
        self, scope: Scope, block: Block, name: str, env: dict[str, Value]
    ) -> None:
        self.scope = scope
        self.block = block
        self.address = scope.prefix + name
        self.env = env
        self.settings = {a.name: a for a in _attributes(block.body)}

    def attribute(self, name: str) -> Value:
        setting = self.settings.get(name)
        if setting is None or name in ("count", "for_each"):
            return Unknown(
                f"known only after apply (from {self.address})", True, (self.address,)
            )
        evaluator = Evaluator(self.scope, self.env)
        return self.scope.guarded(
            f"{self.address}.{name}", lambda: evaluator.value(setting.expression)
        )


class Outputs:
    """One instance of a module call, as ``module.m`` in an expression."""

    def __init__(self, child: Scope | None, address: str) -> None:
        self.child = child
        self.address = address

    def attribute(self, name: str) -> Value:
        if self.child is None:
            return Unknown(
                f"an output of {self.address}, whose source is not read", False
            )
        block = self.child.declared.outputs.get(name)
        if block is None:
            raise EvalError(f"{self.address} has no output {name!r}")
        settings = {a.name: a for a in _attributes(block.body)}
        if "value" not in settings:
            return None
        child = self.child
        return child.guarded(
            f"output.{name}",
            lambda: Evaluator(child).value(settings["value"].expression),
        )


def call_inputs(scope: Scope, block: Block, env: dict[str, Value]) -> dict[str, Value]:
    """The arguments of a module call, evaluated in the calling module."""
    evaluator = Evaluator(scope, env)
    return {
        a.name: evaluator.value(a.expression)
        for a in _attributes(block.body)
        if a.name not in _CALL_META
    }


def convert(value: Value, declared: Attribute | None) -> Value:
    """A value converted to a primitive variable type, as Terraform does."""
    kind = _type_name(declared)
    if isinstance(value, Unknown) or value is None or kind is None:
        return value
    try:
        if kind == "bool" and isinstance(value, str):
            return {"true": True, "false": False}[value]
        if kind == "number" and isinstance(value, str):
            number = float(value)
            return int(number) if number.is_integer() else number
        if kind == "string" and isinstance(value, (bool, int, float)):
            return text(value)
    except (KeyError, ValueError):
        return Unknown(f"not a {kind}: {value!r}")
    return value


def _type_name(declared: Attribute | None) -> str | None:
    if declared is None:
        return None
    node = declared.expression
    while hasattr(node, "children") and len(node.children) == 1:
        node = node.children[0]
    name = str(node)
    return name if name in ("bool", "number", "string") else None


def _attributes(body: Any) -> Iterator[Attribute]:
    for item in attributes_and_blocks(body):
        if isinstance(item, Attribute):
            yield item


def source_folder(folder: str, source: str) -> str | None:
    """The folder of a local module source (``./x`` or ``../x``), else None."""
    if not source.startswith(("./", "../")):
        return None
    return os.path.normpath(os.path.join(folder, source))
