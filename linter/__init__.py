"""sealgate: a pre-deploy gate for AWS encryption at rest and in transit."""

from __future__ import annotations

__version__ = "0.1.0"
