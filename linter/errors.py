"""The two kinds of error sealgate raises on purpose."""

from __future__ import annotations


class LinterError(Exception):
    """An expected problem the user can fix; the message is a full sentence."""


class InputError(LinterError):
    """One input file cannot be read; the other inputs are still checked."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        # pickled by its fields (a worker process sends it back to the parent)
        return (type(self), (self.file, self.reason))


class PluginLoadError(LinterError):
    """A plugin family or one of its rules breaks the registry's constraints."""
