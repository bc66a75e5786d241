"""Packs that let checkov and cfn-lint run sealgate's own checks.

Each pack is a folder the other tool loads from disk; the adapters inside turn
that tool's view of a resource into sealgate's model and call the same rules,
so no rule logic is written twice. Importing this package imports neither
checkov nor cfn-lint.
"""

from __future__ import annotations

import pathlib

_HERE = pathlib.Path(__file__).resolve().parent


def checkov_folder() -> pathlib.Path:
    """The folder to give ``checkov --external-checks-dir``."""
    return _HERE / "checkov"


def cfn_lint_folder() -> pathlib.Path:
    """The folder to give ``cfn-lint --append-rules``."""
    return _HERE / "cfn_lint"
