"""Writing the files sealgate is asked to write, whole or not at all."""

from __future__ import annotations

import os
import tempfile

from sealgate.errors import LinterError


def write(path: str, text: str) -> None:
    """Write ``text`` to ``path`` atomically: readers see the old or the new file.

    The text goes to a temporary file in the same folder (so the rename never
    crosses file systems) and replaces ``path`` in one step.
    """
    folder = os.path.dirname(os.path.abspath(path))
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=".sealgate-", suffix=".tmp", dir=folder
        )
    except OSError as error:
        raise LinterError(f"cannot write {path!r}: {error.strerror}.") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except OSError as error:
        os.unlink(temporary)
        raise LinterError(f"cannot write {path!r}: {error.strerror}.") from None
