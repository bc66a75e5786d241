"""The parameters checks may read, with their defaults.

Checks never read configuration themselves: the CLI (and the configuration
file) build one ``Options`` and the engine hands it to every check through the
context.
"""

from __future__ import annotations

from dataclasses import dataclass

SENSITIVE_VALUES = frozenset(
    {"pii", "payment", "pci", "phi", "confidential", "restricted", "secret"}
)


@dataclass(frozen=True, slots=True)
class Options:
    """Parameters of sealgate's own checks."""

    reuse_minimum: int = 300
    """SQS data-key reuse periods below this many seconds fail (policy)."""
    producers: int = 1
    """Producing principals per queue, for the KMS request estimate."""
    consumers: int = 1
    """Consuming principals per queue, for the KMS request estimate."""
    kms_price: float = 0.03
    """USD per 10,000 KMS requests."""
    tier_tag: str = "data-classification"
    """The tag key that marks a resource's data classification."""
    tier_values: frozenset[str] = SENSITIVE_VALUES
    """Values of that tag that require a customer managed key."""
