"""Typed values: what the parsers convert, by type, before any check reads it.

CloudFormation writes booleans and numbers as strings where its resource
schemas allow, and both formats carry whole JSON documents in string
properties (an EMR security configuration, an IAM or KMS policy). The
parsers convert them here, path by path, so that checks see data and never
text. ``DOCUMENT_TYPES`` adds what the resource schemas cannot say: which
plan attributes hold JSON documents, and the types of members inside a
document, whose schema is the service's own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from sealgate.model import Unknown
from sealgate.model import Value

Types = Mapping[str, list[str]]
"""A kind (``bool``, ``int``, ``num``, ``json``) to dotted paths (``*`` = any)."""

KINDS = ("json", "bool", "int", "num")
"""The order of conversion: a document is read before the values inside it."""

_STRING_BOOLEANS = {"true": True, "false": False}
_PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")

_EMR_FLAGS = ("EnableAtRestEncryption", "EnableInTransitEncryption")

DOCUMENT_TYPES: dict[str, dict[str, list[str]]] = {
    # EMR reads "true" in a security configuration as true: an AWS example
    # writes the flags as strings (controls.md, EMR.3)
    "AWS::EMR::SecurityConfiguration": {
        "bool": [
            f"SecurityConfiguration.EncryptionConfiguration.{flag}"
            for flag in _EMR_FLAGS
        ],
    },
    "aws_emr_security_configuration": {
        "json": ["configuration"],
        "bool": [
            f"configuration.EncryptionConfiguration.{flag}" for flag in _EMR_FLAGS
        ],
    },
    "aws_iam_policy": {"json": ["policy"]},
    "aws_iam_role": {"json": ["assume_role_policy", "inline_policy.*.policy"]},
    "aws_iam_role_policy": {"json": ["policy"]},
    "aws_kms_key": {"json": ["policy"]},
    "aws_kms_key_policy": {"json": ["policy"]},
    "aws_sqs_queue": {"json": ["policy"]},
    "aws_sqs_queue_policy": {"json": ["policy"]},
}


def json_documents(resource_type: str) -> frozenset[str]:
    """Top-level properties of a Terraform type that hold a JSON document."""
    paths = DOCUMENT_TYPES.get(resource_type, {}).get("json", [])
    return frozenset(path for path in paths if "." not in path)


def normalise(properties: dict[str, Value], types: Types) -> None:
    """Convert, in place, the values at the typed paths of ``properties``."""
    for kind in KINDS:
        for path in types.get(kind, ()):
            _coerce_at(properties, path.split("."), kind)


def _coerce_at(node: Value, steps: list[str], kind: str) -> None:
    step, rest = steps[0], steps[1:]
    if step == "*" and isinstance(node, list):
        for index, child in enumerate(node):
            node[index] = _coerced(child, rest, kind)
    elif step != "*" and isinstance(node, dict) and step in node:
        node[step] = _coerced(node[step], rest, kind)


def _coerced(node: Value, rest: list[str], kind: str) -> Value:
    if not rest:
        return _coerce(node, kind)
    _coerce_at(node, rest, kind)
    return node


def _coerce(value: Value, kind: str) -> Value:
    if kind == "bool" and isinstance(value, str):
        return _STRING_BOOLEANS.get(value.lower(), value)
    if kind in ("int", "num") and isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if number.is_integer() else number
    if kind == "json":
        return _document(value)
    return value


def _document(value: Value) -> Value:
    # a document around a value known only after deployment keeps its text,
    # each unknown leaf written "${name}": the rest of the document is known
    text = value.text if isinstance(value, Unknown) else value
    if not isinstance(text, str) or not text.lstrip().startswith("{"):
        return value
    try:
        parsed = json.loads(text)
    except (ValueError, RecursionError):
        return value
    if not isinstance(parsed, dict):
        return value
    return _placeholders(parsed) if isinstance(value, Unknown) else parsed


def _placeholders(node: Any) -> Value:
    if isinstance(node, dict):
        return {k: _placeholders(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_placeholders(v) for v in node]
    if isinstance(node, str) and "${" in node:
        refs = tuple(dict.fromkeys(_referenced(n) for n in _PLACEHOLDER.findall(node)))
        refs = tuple(ref for ref in refs if ref)
        shown = ", ".join(refs) or node
        return Unknown(f"known only after deployment (from {shown})", True, refs)
    return node  # a JSON scalar


def _referenced(name: str) -> str:
    """The resource a placeholder names: ``Key.Arn`` gives Key, and
    ``aws_kms_key.main.arn`` gives aws_kms_key.main; ``AWS::Region`` none."""
    if "::" in name:
        return ""
    parts = name.split(".")
    # Terraform types contain an underscore; CloudFormation logical ids cannot
    return ".".join(parts[:2]) if "_" in parts[0] else parts[0]
