"""Terraform arguments that hold a JSON document as a string.

Plans and HCL both write policies and EMR configurations as JSON text
(``jsonencode``); the model holds the object, so checks read one shape.
"""

from __future__ import annotations

import json

from sealgate.model import Value

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
    if isinstance(value, str) and value.lstrip().startswith("{"):
        try:
            parsed = json.loads(value)
        except ValueError:
            return value
        return parsed if isinstance(parsed, dict) else value  # type: ignore[no-any-return]
    return value
