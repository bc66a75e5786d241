"""A safe YAML loader for CloudFormation: short-form intrinsics, lines, limits.

It constructs plain data only (never objects named by a tag), turns every
short-form intrinsic (``!Ref``, ``!Sub``...) into its long form, rejects
duplicate keys as CloudFormation does, keeps dates as strings, and records the
line of every mapping key so findings point into the file.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from sealgate.errors import InputError
from sealgate.parsers import limits

try:  # libyaml is several times faster; fall back where it is not built
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    # the stubs type the two loaders apart; this one is CSafeLoader's twin
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

# ``!GetAtt a.b`` is the only tag whose scalar form needs more than wrapping
_FUNCTIONS = (
    "And Base64 Cidr Equals FindInMap ForEach GetAtt GetAZs If ImportValue Join "
    "Length Not Or Select Split Sub ToJsonString Transform"
    # the rule-specific functions of a template's Rules section
    " Contains EachMemberEquals EachMemberIn RefAll ValueOf ValueOfAll"
).split()

Lines = dict[int, dict[str, int]]
_MERGE = "tag:yaml.org,2002:merge"
# an alias (``*name``) starts a token: at the start of a line, after a space or
# a flow indicator; text without one cannot expand, so its size needs no walk
_ALIAS = re.compile(r"(?:^|[\s\[\{,:])\*[^\s\[\]\{\},]", re.MULTILINE)


class _Loader(_BaseLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.lines: Lines = {}
        self._key_lines: dict[str, int] = {}

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        if any(key.tag == _MERGE for key, _ in node.value):
            return self._construct_merged(node, deep)
        # the common case in one pass: each key and value constructed once
        mapping: dict[Any, Any] = {}
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, seen)
            mapping[key] = self.construct_object(value_node, deep=deep)
        self._key_lines = {str(k): v for k, v in seen.items()}
        return mapping

    def _construct_merged(self, node: Any, deep: bool) -> dict[Any, Any]:
        # duplicates are refused among the keys written here; merged ones
        # (``<<: *defaults``) may be overridden, as YAML says
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag != _MERGE:
                self._key(key_node, seen)
        self.flatten_mapping(node)
        mapping = super().construct_mapping(node, deep=deep)
        self._key_lines = {str(k): v for k, v in seen.items()}
        return mapping

    def construct_undefined(self, node: Any) -> Any:
        # never construct what a tag names (``!!python/object``...), nor the
        # YAML types JSON lacks (sets, bytes, pairs): refuse them
        tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"tag {tag!r} is not one CloudFormation reads; refused",
            node.start_mark,
        )

    def _key(self, key_node: Any, seen: dict[Any, int]) -> Any:
        key = self.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a scalar", key_node.start_mark
            )
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {key!r} (first at line {seen[key]})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line + 1
        return key

    def construct_yaml_map(self, node: Any) -> Any:
        data: dict[Any, Any] = {}
        yield data
        data.update(self.construct_mapping(node))
        self.lines[id(data)] = self._key_lines

    def construct_timestamp(self, node: Any) -> str:
        # CloudFormation reads 2010-09-09 as text; YAML 1.1 would make it a date
        return self.construct_yaml_str(node)


def _intrinsic(name: str) -> Any:
    key = name if name in ("Ref", "Condition") else f"Fn::{name}"

    def construct(loader: _Loader, node: Any) -> dict[str, Any]:
        if isinstance(node, yaml.ScalarNode):
            value: Any = loader.construct_scalar(node)
            if name == "GetAtt" and isinstance(value, str):
                value = value.split(".", 1)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        return {key: value}

    return construct


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)
_Loader.add_constructor(None, _Loader.construct_undefined)
for _type in ("binary", "omap", "pairs", "set"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_type}", _Loader.construct_undefined)
for _name in ("Ref", "Condition", *_FUNCTIONS):
    _Loader.add_constructor(f"!{_name}", _intrinsic(_name))
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_timestamp)


def load(text: str, file: str) -> tuple[Any, Lines]:
    """Parse YAML text; raise InputError with the line on anything invalid."""
    loader = _Loader(text)
    try:
        _check_depth(text, file)
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        if "maximum nesting depth" in problem:
            # newer libyaml scans ahead and refuses deep nesting itself
            where = f" (line {mark.line + 1})" if mark else ""
            raise limits.too_deep(file, where) from None
        where = f"line {mark.line + 1}: " if mark else ""
        raise InputError(file, f"invalid YAML: {where}{problem}") from None
    except yaml.YAMLError as error:
        raise InputError(file, f"invalid YAML: {error}") from None
    except RecursionError:
        raise InputError(file, "YAML nested too deeply to read") from None
    finally:
        loader.dispose()
    if _ALIAS.search(text):  # only aliases can make a document expand
        limits.check_expansion(data, file)
    return data, loader.lines


_OPENING = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSING = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


_BRACKETS = re.compile(r"[^\[\]{}]+")
_BLOCK_PREFIX = re.compile(r"^[ \t?:-]*", re.MULTILINE)


def _may_be_deep(text: str) -> bool:
    """A cheap upper bound on the nesting depth is above the limit.

    A block level needs at least one column of indentation or an indicator,
    and a flow level an opening bracket, so their sum bounds the depth; almost
    every template is far below it and skips the exact count, which costs a
    second parse.
    """
    block = max((len(m) for m in _BLOCK_PREFIX.findall(text)), default=0)
    flow = deepest = 0
    for bracket in _BRACKETS.sub("", text):
        flow += 1 if bracket in "[{" else -1
        deepest = max(deepest, flow)
    return block + deepest > limits.MAX_DEPTH


def _check_depth(text: str, file: str) -> None:
    # libyaml's parser is iterative but the composer that builds nodes from
    # its events recurses in C: tens of thousands of nested "[" overflow the
    # C stack (a segfault, no message), so count the depth from events first
    if not _may_be_deep(text):
        return
    depth = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, _OPENING):
            depth += 1
            if depth > limits.MAX_DEPTH:
                mark = event.start_mark  # libyaml's events always carry one
                where = f" (line {mark.line + 1})" if mark else ""
                raise limits.too_deep(file, where)
        elif isinstance(event, _CLOSING):
            depth -= 1
