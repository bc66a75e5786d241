"""Time one process from start to exit and read its peak memory."""

from __future__ import annotations

import os
import statistics
import subprocess
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
    def codes(self) -> set[int]:
        return {sample.code for sample in self.samples}


def run(argv: Sequence[str], env: Mapping[str, str], cwd: str) -> Sample:
    """Run ``argv`` to completion, its output discarded, and measure it.

    ``os.wait4`` gives the child's own resource usage: ``ru_maxrss`` is the
    peak resident set of the child, or of the largest of the processes it
    waited for (a worker pool), in KiB on Linux.
    """
    start = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        process = subprocess.Popen(
            argv,
            stdout=sink,
            stderr=subprocess.PIPE,
            env=dict(env),
            cwd=cwd,
        )
        # stderr stays small (a note per bad input); read it all before reaping
        assert process.stderr is not None
        errors = process.stderr.read()
        process.stderr.close()
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return Sample(
        seconds,
        usage.ru_maxrss / 1024,
        process.returncode,
        errors.decode("utf-8", "replace")[-2000:],
    )
