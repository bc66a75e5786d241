"""Turn the paths a user gives into the files worth reading."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from collections.abc import Iterator

from sealgate.errors import InputError

SKIPPED_FOLDERS = frozenset(
    {".git", ".hg", ".svn", ".terraform", "node_modules", ".venv", "__pycache__"}
)
EXTENSIONS = (".yaml", ".yml", ".json", ".template")
TERRAFORM = ".tf"
# a local module call; the folder it names is judged through the call only
_LOCAL_SOURCE = re.compile(r'^\s*source\s*=\s*"(\.\.?/[^"]*)"', re.MULTILINE)


def discover(paths: Iterable[str]) -> Iterator[str | InputError]:
    """Inputs to read, in a stable order; an InputError for a path not there.

    Folders are walked without following links to folders (so a link loop
    cannot trap the walk) and files are kept by extension. A file named
    directly is always read, whatever its name. Terraform is read by module:
    a folder holding ``.tf`` files is one input (the folder path), and a
    ``.tf`` file named directly stands for its folder. A walked folder that
    another walked folder calls as a local module (``source = "./..."``) is
    judged through that call only, so its resources are not reported twice.
    """
    seen: set[str] = set()
    for path in paths:
        if os.path.isdir(path):
            found: Iterable[str | InputError] = _walk(path)
        elif path.endswith(TERRAFORM) and os.path.isfile(path):
            found = (os.path.dirname(path) or ".",)
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
    modules: list[str] = []
    called: set[str] = set()
    for folder, folders, files in os.walk(root, onerror=errors.append):
        folders[:] = sorted(d for d in folders if d not in SKIPPED_FOLDERS)
        terraform = sorted(n for n in files if n.endswith(TERRAFORM))
        if terraform:
            modules.append(folder)
            called |= _local_sources(folder, terraform)
        for name in sorted(files):
            if name.lower().endswith(EXTENSIONS):
                yield os.path.join(folder, name)
    for folder in modules:
        if os.path.normpath(folder) not in called:
            yield folder
    for error in errors:
        yield InputError(
            error.filename or root, f"cannot read folder: {error.strerror}"
        )


def _local_sources(folder: str, names: list[str]) -> set[str]:
    """The folders that the ``.tf`` files of ``folder`` call as local modules."""
    found = set()
    for name in names:
        try:
            with open(
                os.path.join(folder, name), encoding="utf-8", errors="replace"
            ) as f:
                text = f.read()
        except OSError:
            continue  # the parser reports an unreadable file
        for source in _LOCAL_SOURCE.findall(text):
            found.add(os.path.normpath(os.path.join(folder, source)))
    # a folder calling itself is a root all the same: its parser reports the cycle
    found.discard(os.path.normpath(folder))
    return found
