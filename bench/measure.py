"""Run a command and measure it: wall time, and peak memory of its whole process tree.

Peak memory is the largest sum of proportional set sizes (PSS) over the command
and its descendants (worker processes count), sampled every SAMPLE seconds from
/proc, and never less than the largest single process's own peak resident set
(ru_maxrss from wait4), which the kernel records exactly. PSS counts a page that
processes share once in all, split among them: a worker forked from a build shares
the build's memory until either writes to it, and a sum of resident sets would
count that memory once per process.
"""

from __future__ import annotations

import contextlib
import os
import signal
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SAMPLE = 0.05  # seconds between memory samples
PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Run:
    seconds: float
    peak_bytes: int
    returncode: int
    output: str  # stdout and stderr, for errors and the summary line


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(c) for c in text.split()]


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _pss(pid: int) -> int:
    """The process's proportional set size (its resident set, with each shared page split among
    the processes that share it); its resident set size where the kernel does not say."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return _rss(pid)
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) * 1024
    return _rss(pid)


def tree_memory(root: int) -> int:
    """Bytes of memory root and all its descendants hold, now: the sum of their PSS."""
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _pss(pid)
        todo.extend(_children(pid))
    return total


def _kill(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.killpg(pid, signal.SIGKILL)


def run(cmd: list[str], cwd: Path | None = None, timeout: float | None = None) -> Run:
    """Run cmd to completion (killed after timeout seconds); its wall time and peak memory."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    peak = 0
    done = threading.Event()
    killer = threading.Timer(timeout, _kill, (proc.pid,)) if timeout else None
    if killer:
        killer.start()

    def sample() -> None:
        nonlocal peak
        while not done.wait(SAMPLE):
            peak = max(peak, tree_memory(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = proc.stdout.read().decode("utf-8", "replace") if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if killer:
        killer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(seconds, max(peak, usage.ru_maxrss * 1024), proc.returncode, output)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def folder_size(folder: Path) -> tuple[int, int]:
    """(files, bytes) under folder."""
    files = size = 0
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            files += 1
            size += os.path.getsize(os.path.join(dirpath, name))
    return files, size


def watch_latency(cmd: list[str], cwd: Path, drops: list[tuple[Path, Path]], settle: float = 4.0) -> list[float]:
    """Start a long-running build (cmd: `watch`, or `serve`, which prints its URL, then a summary
    line per rebuild), then for each (seed, into): copy the seed into the site and time until the
    rebuild's summary line comes (a server then tells open pages to reload). A server is not
    polled meanwhile: its requests would compete with the rebuild. Between drops, `settle`
    seconds for its check of the last change."""
    import queue
    import re

    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[tuple[float, str]] = queue.Queue()
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if re.match(r"watching |serving .* at http://127\.0\.0\.1:\d+/", line):
                break
        else:
            raise RuntimeError(f"{' '.join(cmd)} stopped before it watched")
        out = proc.stdout
        threading.Thread(target=lambda: [lines.put((time.perf_counter(), line)) for line in out], daemon=True).start()
        seconds = []
        for seed, into in drops:
            time.sleep(settle)
            while not lines.empty():
                lines.get()
            data = seed.read_bytes()
            started = time.perf_counter()
            into.write_bytes(data)
            while True:
                at, line = lines.get(timeout=600)
                if re.match(r"imported \d+, .* in [\d.]+ s$", line.strip()):
                    break
            seconds.append(at - started)
        return seconds
    finally:
        proc.terminate()
        proc.wait(timeout=30)
