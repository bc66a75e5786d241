"""What a KMS key reference says about who owns the key."""

from __future__ import annotations

import enum

from sealgate.fields import Field
from sealgate.model import Unknown
from sealgate.rules import Context
from sealgate.rules import Rule

KEY_TYPES = frozenset(
    {"AWS::KMS::Key", "AWS::KMS::Alias", "aws_kms_key", "aws_kms_alias"}
)


class KeyOwner(enum.Enum):
    """Who manages the key a resource is encrypted with."""

    NONE = "none"
    AWS_MANAGED = "aws-managed"
    CUSTOMER_MANAGED = "customer-managed"
    UNKNOWN = "unknown"


def is_set(field: Field) -> bool:
    """Whether a key argument will hold a value once deployed."""
    value = field.value
    if isinstance(value, Unknown):
        return value.present
    return not field.absent and value != ""


def key_owner(field: Field, ctx: Context) -> KeyOwner:
    """Classify a key id, ARN, alias or reference to a key in the same input."""
    value = field.value
    if isinstance(value, Unknown):
        kinds = {r.type for ref in value.refs for r in ctx.find(ref)}
        if kinds & KEY_TYPES:
            return KeyOwner.CUSTOMER_MANAGED
        return KeyOwner.UNKNOWN if value.present else KeyOwner.NONE
    if not isinstance(value, str) or not value:
        return KeyOwner.NONE
    alias = value.split(":", 5)[-1] if value.startswith("arn:") else value
    if alias.startswith("alias/aws/"):
        return KeyOwner.AWS_MANAGED
    # a key id or ARN names a key; only an alias under alias/aws/ is AWS managed
    return KeyOwner.CUSTOMER_MANAGED


RULES: tuple[Rule, ...] = ()
