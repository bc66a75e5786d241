"""The process exit codes, in one place so that every path agrees on them."""

from __future__ import annotations

CLEAN = 0
"""Nothing failed the gate."""
FINDINGS = 1
"""At least one result fails the gate."""
INPUT_ERROR = 2
"""Bad usage, configuration or input; the other inputs were still checked."""
INTERNAL_ERROR = 3
"""A bug in sealgate; never mistaken for clean or for findings."""
INTERRUPTED = 130
"""Stopped by Ctrl-C."""
