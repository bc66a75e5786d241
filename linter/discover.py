"""Turn the paths a user gives into the files worth reading."""

from __future__ import annotations

import os
from collections.abc import Iterable
from collections.abc import Iterator

from sealgate.errors import InputError

SKIPPED_FOLDERS = frozenset(
    {".git", ".hg", ".svn", ".terraform", "node_modules", ".venv", "__pycache__"}
)
EXTENSIONS = (".yaml", ".yml", ".json", ".template")


def discover(paths: Iterable[str]) -> Iterator[str | InputError]:
    """Files to read, in a stable order; an InputError for a path that is not there.

    Folders are walked without following links to folders (so a link loop
    cannot trap the walk) and files are kept by extension. A file named
    directly is always read, whatever its name.
    """
    seen: set[str] = set()
    for path in paths:
        if os.path.isdir(path):
            found: Iterable[str | InputError] = _walk(path)
        elif os.path.lexists(path):
            found = (path,)
        else:
            yield InputError(path, "no such file or folder")
            continue
        for file in found:
            if isinstance(file, InputError):
                yield file
                continue
            key = os.path.normpath(file)
            if key not in seen:
                seen.add(key)
                yield file


def _walk(root: str) -> Iterator[str | InputError]:
    errors: list[OSError] = []
    for folder, folders, files in os.walk(root, onerror=errors.append):
        folders[:] = sorted(d for d in folders if d not in SKIPPED_FOLDERS)
        for name in sorted(files):
            if name.lower().endswith(EXTENSIONS):
                yield os.path.join(folder, name)
    for error in errors:
        yield InputError(
            error.filename or root, f"cannot read folder: {error.strerror}"
        )
