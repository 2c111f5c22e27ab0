"""One import or build of a site at a time: an flock on `.cache/build.lock`.

The lock belongs to the open file, so it goes away with the process that holds
it, however that process ends (a killed build leaves no stale lock). The file
holds the PID of the run that took it last, to name it to a run that waits.
"""

from __future__ import annotations

import fcntl
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

NAME = "build.lock"


class Busy(Exception):
    """Another run holds the lock and the caller would not wait."""


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def site_lock(cache_dir: Path, wait: bool = True, say: Callable[[str], None] = _say) -> Iterator[None]:
    """Hold the site's lock for the `with` block; wait for another holder, or raise Busy if not `wait`."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            other = _holder(fd)
            if not wait:
                raise Busy(f"another run{other} is importing or building this site ({path}); not waiting") from None
            say(f"waiting for another run{other} to finish importing or building this site …")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.pwrite(fd, f"{os.getpid():>10}\n".encode(), 0)  # fixed width: no digits of an older PID remain
        yield
    finally:
        os.close(fd)  # releases the lock


def _holder(fd: int) -> str:
    """The text " (PID n)" naming the run that holds the lock, as it wrote it; "" if unknown."""
    pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return f" (PID {pid})" if pid.isdigit() else ""
