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
from collections.abc import Mapping

from sealgate.model import Unknown
from sealgate.model import Value

Types = Mapping[str, list[str]]
"""A kind (``bool``, ``int``, ``num``, ``json``) to dotted paths (``*`` = any)."""

KINDS = ("json", "bool", "int", "num")
"""The order of conversion: a document is read before the values inside it."""

_STRING_BOOLEANS = {"true": True, "false": False}

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
    "aws_iam_role": {"json": ["assume_role_policy"]},
    "aws_iam_role_policy": {"json": ["policy"]},
    "aws_kms_key": {"json": ["policy"]},
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
    children: list[tuple[str | int, Value]]
    if step == "*":
        children = list(enumerate(node)) if isinstance(node, list) else []
    elif isinstance(node, dict) and step in node:
        children = [(step, node[step])]
    else:
        return
    for key, child in children:
        if rest:
            _coerce_at(child, rest, kind)
        else:
            node[key] = _coerce(child, kind)  # type: ignore[index]


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
        text = value.text if isinstance(value, Unknown) else value
        if isinstance(text, str):
            try:
                parsed = json.loads(text)
            except (ValueError, RecursionError):
                return value
            return parsed if isinstance(parsed, dict) else value  # type: ignore[no-any-return]
    return value
