"""Where a report goes when it does not go to stdout: a file, replaced whole."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence

from sealgate import load
from sealgate.errors import InputError
from sealgate.errors import LinterError


def guard(path: str, inputs: Sequence[str]) -> None:
    """Refuse an output path that is one of the inputs, or a template or plan."""
    if not os.path.exists(path):
        return
    if any(_same(path, given) for given in inputs) or _is_input(path):
        raise LinterError(
            f"refusing to write the report to {path!r}: it is an input, and "
            "sealgate never writes its inputs; choose another `--output` path"
        )


def write(path: str, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it over.

    A reader never sees half a report, and a failed run leaves the previous
    report in place. A link is followed, so the file it points at is replaced
    and the link kept; a device or pipe (``/dev/stdout``) is written to, never
    renamed over.
    """
    if os.path.exists(path) and not os.path.isfile(path):
        _write_through(path, text)
        return
    given, path = path, os.path.realpath(path)
    folder = os.path.dirname(path)
    try:
        handle = tempfile.NamedTemporaryFile(
            "w",
            encoding="utf-8",
            dir=folder,
            prefix=f".{os.path.basename(path)}.",
            suffix=".tmp",
            delete=False,
        )
    except OSError as error:
        raise LinterError(f"cannot write {given!r}: {error.strerror}") from None
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, _mode(path))
        os.replace(handle.name, path)
    except OSError as error:
        _remove(handle.name)
        raise LinterError(f"cannot write {given!r}: {error.strerror}") from None
    except BaseException:
        _remove(handle.name)
        raise


def _write_through(path: str, text: str) -> None:
    try:
        with open(path, "w", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as error:
        raise LinterError(f"cannot write {path!r}: {error.strerror}") from None


def _same(path: str, given: str) -> bool:
    try:
        return os.path.samefile(path, given)
    except OSError:
        return False


def _is_input(path: str) -> bool:
    try:
        return os.path.isfile(path) and load.load(path) is not None
    except InputError:
        return True  # a broken template is still somebody's template


def _mode(path: str) -> int:
    # keep the mode of the report being replaced; a new one gets the umask's
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
