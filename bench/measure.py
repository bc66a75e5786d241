"""Time one process from start to exit and read its peak memory."""

from __future__ import annotations

import os
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Sample:
    """One run: wall time, peak resident memory, exit code."""

    seconds: float
    peak_mib: float
    code: int
    stderr: str
    timed_out: bool = False


@dataclass(frozen=True)
class Summary:
    """The runs of one tool on one input."""

    samples: tuple[Sample, ...]

    @property
    def seconds(self) -> float:
        return statistics.median(sample.seconds for sample in self.samples)

    @property
    def peak_mib(self) -> float:
        return statistics.median(sample.peak_mib for sample in self.samples)

    @property
    def timed_out(self) -> bool:
        return any(sample.timed_out for sample in self.samples)


# A small process that starts the tool and measures it. Measuring from this
# (large) process would be wrong: Linux starts a child's peak memory from its
# parent's size at fork or vfork time, which a 22 MiB tool would never exceed.
_TIMER = """
import os, sys, time
argv, report = sys.argv[1:], os.dup(1)
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
code = os.waitstatus_to_exitcode(status)
os.write(report, f"{seconds} {usage.ru_maxrss} {code}".encode())
"""


def run(
    argv: Sequence[str], env: Mapping[str, str], timeout: float | None = None
) -> Sample:
    """Run ``argv`` to completion, its output discarded, and measure it.

    The wall time runs from the fork of the tool to its exit; the peak is
    ``ru_maxrss`` from ``os.wait4``: the largest resident set of the tool, or
    of the processes it waited for (a worker pool). A run past ``timeout``
    seconds is killed with its process group and marked as timed out.
    """
    command = [sys.executable, "-I", "-S", "-c", _TIMER, *argv]
    with tempfile.TemporaryFile() as report, tempfile.TemporaryFile() as errors:
        actions = [
            (os.POSIX_SPAWN_DUP2, report.fileno(), 1),
            (os.POSIX_SPAWN_DUP2, errors.fileno(), 2),
        ]
        pid = os.posix_spawn(
            command[0], command, dict(env), file_actions=actions, setsid=True
        )
        timer = threading.Timer(timeout or 0, _kill, (pid,))
        if timeout is not None:
            timer.start()
        started = time.perf_counter()
        os.waitpid(pid, 0)
        waited = time.perf_counter() - started
        timer.cancel()
        report.seek(0)
        errors.seek(0)
        measured = report.read().decode().split()
        text = errors.read()[-2000:].decode("utf-8", "replace")
    if timeout is not None and (waited >= timeout or len(measured) != 3):
        return Sample(waited, 0.0, -9, text, True)
    seconds, peak_kib, code = measured
    return Sample(float(seconds), int(peak_kib) / 1024, int(code), text)


def _kill(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
