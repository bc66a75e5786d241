"""Terraform arguments that hold a JSON document as a string.

Plans and HCL both write policies and EMR configurations as JSON text
(``jsonencode``); the model holds the object, so checks read one shape.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sealgate.model import Unknown
from sealgate.model import Value

_PLACEHOLDER = re.compile(
    r"\$\{([A-Za-z0-9_.\[\]\"-]+?)(?:\.(?:arn|id|key_id|name))?\}"
)

# arguments that hold a JSON document as a string; the model holds the object
_DOCUMENTS = {
    "aws_emr_security_configuration": ("configuration",),
    "aws_iam_policy": ("policy",),
    "aws_iam_role": ("assume_role_policy",),
    "aws_iam_role_policy": ("policy",),
    "aws_kms_key": ("policy",),
    "aws_kms_key_policy": ("policy",),
    "aws_sqs_queue": ("policy",),
    "aws_sqs_queue_policy": ("policy",),
}


def decode_documents(kind: str, properties: dict[str, Value]) -> None:
    """Turn the JSON document arguments of a ``kind`` resource into objects."""
    for name in _DOCUMENTS.get(kind, ()):
        if name in properties:
            properties[name] = _decoded(properties[name])
    inline = properties.get("inline_policy")  # aws_iam_role's inline policies
    for block in inline if isinstance(inline, list) else ():
        if isinstance(block, dict) and "policy" in block:
            block["policy"] = _decoded(block["policy"])


def _decoded(value: Value) -> Value:
    # HCL keeps jsonencode around a value known only after apply as text, with
    # each unknown leaf written "${address}": the rest of the document is known
    text = value.text if isinstance(value, Unknown) else value
    if not isinstance(text, str) or not text.lstrip().startswith("{"):
        return value
    try:
        parsed = json.loads(text)
    except ValueError:
        return value
    return _placeholders(parsed) if isinstance(parsed, dict) else value


def _placeholders(node: Any) -> Value:
    if isinstance(node, dict):
        return {k: _placeholders(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_placeholders(v) for v in node]
    if isinstance(node, str) and "${" in node:
        refs = tuple(dict.fromkeys(_PLACEHOLDER.findall(node)))
        shown = ", ".join(refs) or node
        return Unknown(f"known only after apply (from {shown})", True, refs)
    return node  # type: ignore[no-any-return]  # a JSON scalar
