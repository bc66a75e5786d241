"""The folder ``checkov --external-checks-dir`` loads (it needs this file)."""

from __future__ import annotations
