"""One parser per input format, each yielding the common resource model."""

from __future__ import annotations
