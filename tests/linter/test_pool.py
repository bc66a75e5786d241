from __future__ import annotations

import os
import pathlib
import signal
import subprocess
import sys
import time

QUEUE = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n"


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = pathlib.Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def test_pool_sigterm_ends_the_workers_with_the_run(tmp_path: pathlib.Path) -> None:
    # found by trying it: a cancelled CI job (SIGTERM) left the workers running
    for number in range(6000):
        (tmp_path / f"t{number}.yaml").write_text(QUEUE)
    run = subprocess.Popen(
        [sys.executable, "-m", "sealgate", "check", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 20
    workers: list[int] = []
    while not workers and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
        workers = _children(run.pid)
    assert workers, "the run ended before its pool started"

    run.send_signal(signal.SIGTERM)
    code = run.wait(timeout=30)
    time.sleep(0.5)

    assert (code, run.stderr.read() if run.stderr else "") == (130, "\ninterrupted\n")
    assert [pid for pid in workers if os.path.exists(f"/proc/{pid}")] == []
