"""The folder ``cfn-lint --append-rules`` loads."""

from __future__ import annotations
