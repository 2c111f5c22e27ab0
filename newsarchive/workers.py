"""Worker processes, forked: they start with the parent's memory (the site model, the pages to
render), so nothing big is sent to them; only their results come back.

Linux and other systems with fork only; elsewhere, and on one core, the work is done in the
process that asked for it. The process machinery is imported only when there are workers to start
(a run that changes a page or two never does).
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Executor

T = TypeVar("T")
R = TypeVar("R")


def count() -> int:
    """How many workers pay: one per core (at most 8), or 1 where processes cannot be forked."""
    if not hasattr(os, "fork"):
        return 1
    return min(os.cpu_count() or 1, 8)


def pool(workers: int) -> Executor:
    """A pool of forked workers that die with the process that forked them."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    fork = multiprocessing.get_context("fork")
    return ProcessPoolExecutor(workers, fork, initializer=_start_worker, initargs=(os.getpid(),))


CHUNK_MAX = 1000  # items sent to a worker at once: results come back, and the bar moves, at least this often


def map_forked(func: Callable[[T], R], items: Iterable[T], at_least: int, label: str = "") -> list[R]:
    """[func(item) for item in items], in forked workers when there are at least `at_least` items
    and more than one core; with a label, a progress bar follows the results as they come."""
    from .progress import Progress

    items = list(items)
    workers = count()
    bar = Progress(label, len(items))
    bar.on &= bool(label)
    out: list[R] = []
    if len(items) < at_least or workers < 2:
        for item in items:
            out.append(func(item))
            bar.advance()
    else:
        with pool(workers) as executor:
            chunk = max(1, min(len(items) // (workers * 4), CHUNK_MAX))
            for result in executor.map(func, items, chunksize=chunk):
                out.append(result)
                bar.advance()
    bar.close()
    return out


def alongside(first: Callable[[], T], second: Callable[[], R]) -> tuple[T, R]:
    """(first(), second()), the two at once: first in a forked child, second here. first's value
    must be one marshal can carry; if the child fails, first runs here after all."""
    if count() < 2:
        return first(), second()
    read, write = os.pipe()
    parent = os.getpid()
    child = os.fork()
    if child == 0:
        status = 1
        try:
            os.close(read)
            _die_with_parent(parent)
            data = marshal.dumps(first())
            with os.fdopen(write, "wb") as pipe:
                pipe.write(data)
            status = 0
        finally:
            os._exit(status)  # nothing else of the parent's runs here: no cleanup, no buffers flushed twice
    os.close(write)
    try:
        with os.fdopen(read, "rb") as pipe:
            second_value = second()
            data = pipe.read()
    finally:  # the pipe is closed first: a child still writing then stops
        _, status = os.waitpid(child, 0)
    try:
        first_value = marshal.loads(data) if status == 0 else first()
    except (EOFError, ValueError, TypeError):
        first_value = first()
    return first_value, second_value


def _start_worker(parent: int) -> None:
    """In a pool's worker: die with the parent; collect cycles (the parent may run without
    collecting: a worker renders page after page, and the cycles of each are dropped with it)."""
    import gc

    _die_with_parent(parent)
    gc.enable()


def _die_with_parent(parent: int) -> None:
    """In a worker: be killed with the process that forked it, rather than write on (or wait for
    work, holding the build lock) behind the next build. PR_SET_PDEATHSIG: Linux only."""
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before that took effect
        os._exit(1)
