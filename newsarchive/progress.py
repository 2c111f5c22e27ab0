"""A one-line progress bar on standard error, shown only on a terminal and never in quiet mode."""

from __future__ import annotations

import sys
import time

ENABLED = sys.stderr.isatty()  # the cli turns it off for --quiet


class Progress:
    def __init__(self, label: str, total: int, scale: int = 1) -> None:
        """`scale`: how many equal shares of the work there are, when this process sees one."""
        self.label, self.total, self.scale = label, total, scale
        self.done = 0
        self.shown = 0.0
        self.on = ENABLED and total >= 200

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.on and now - self.shown > 0.1:
            self.shown = now
            done = min(self.done * self.scale, self.total)
            bar = "#" * (30 * done // self.total)
            sys.stderr.write(f"\r{self.label} [{bar:<30}] {done:,}/{self.total:,}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.on and self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
