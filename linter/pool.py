"""Read and judge many files in a pool of processes, for large inputs.

Files are handed out in chunks; each worker sends back its outcomes pickled
with every rule replaced by its id, so that the verdicts the parent rebuilds
point at the parent's own rule objects (and no check function or field table
crosses a process boundary). The caller sorts, so the report does not depend
on which worker finished first.
"""

from __future__ import annotations

import functools
import io
import multiprocessing
import pickle
import signal
from collections.abc import Mapping
from collections.abc import Sequence

from sealgate.options import Options
from sealgate.registry import Registry
from sealgate.rules import Rule
from sealgate.scan import Inputs
from sealgate.scan import Outcome
from sealgate.scan import check as check_file

CHUNKS_PER_WORKER = 8
"""Enough chunks that a worker given the large files does not finish last alone."""
MAX_CHUNK = 64


def check(
    files: Sequence[str],
    workers: int,
    registry: Registry,
    inputs: Inputs,
    named: frozenset[str],
    options: Options | None,
) -> list[Outcome]:
    """The outcome of every file, in the order of ``files``."""
    size = max(1, min(MAX_CHUNK, len(files) // (workers * CHUNKS_PER_WORKER)))
    chunks = [files[start : start + size] for start in range(0, len(files), size)]
    work = functools.partial(_check_chunk, registry, inputs, named, options)
    rules = {rule.id: rule for rule in registry.rules}
    # leaving the block terminates the workers, also on an interrupt or
    # SIGTERM (the CLI turns it into KeyboardInterrupt): none is left behind
    with _context().Pool(workers, initializer=_ignore_interrupts) as pool:
        return [
            outcome
            for payload in pool.imap(work, chunks)
            for outcome in _Unpickler(payload, rules).load()
        ]


def _ignore_interrupts() -> None:
    # Ctrl-C reaches the whole process group: the parent alone answers it; and
    # the parent ends its workers with SIGTERM, which must simply end them
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _context() -> multiprocessing.context.BaseContext:
    # fork starts a worker without importing sealgate again; where it does not
    # exist (macOS, Windows default to spawn) the default context is used
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _check_chunk(
    registry: Registry,
    inputs: Inputs,
    named: frozenset[str],
    options: Options | None,
    files: Sequence[str],
) -> bytes:
    outcomes = [check_file(file, registry, inputs, named, options) for file in files]
    buffer = io.BytesIO()
    _Pickler(buffer).dump(outcomes)
    return buffer.getvalue()


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, pickle.HIGHEST_PROTOCOL)

    def persistent_id(self, obj: object) -> str | None:
        return obj.id if isinstance(obj, Rule) else None


class _Unpickler(pickle.Unpickler):
    def __init__(self, payload: bytes, rules: Mapping[str, Rule]) -> None:
        super().__init__(io.BytesIO(payload))
        self.rules = rules

    def persistent_load(self, pid: object) -> Rule:
        return self.rules[str(pid)]
