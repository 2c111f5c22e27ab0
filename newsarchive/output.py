"""Write output/: only files whose bytes changed, atomically; remove what is no longer made."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .files import write_atomic


@dataclass
class WriteReport:
    written: int = 0
    unchanged: int = 0
    removed: int = 0

    def line(self) -> str:
        return f"{self.written} written, {self.unchanged} unchanged, {self.removed} removed"


class Output:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.report = WriteReport()
        self.made: set[Path] = set()

    def write(self, rel: str, data: bytes) -> None:
        path = (self.root / rel).resolve()
        if not path.is_relative_to(self.root) or path == self.root:
            raise ValueError(f"refusing to write outside the output folder: {rel!r}")
        if path in self.made:
            raise ValueError(f"two pages want the same output file: {rel!r}")
        self.made.add(path)
        try:
            if path.read_bytes() == data:
                self.report.unchanged += 1
                return
        except OSError:
            pass
        write_atomic(path, data)
        self.report.written += 1

    def write_all(self, items: Iterable[tuple[str, Callable[[], bytes]]]) -> None:
        for rel, make in items:
            self.write(rel, make())

    def remove_stale(self) -> None:
        """Delete files this build did not make, and folders left empty."""
        if not self.root.exists():
            return
        for path in sorted(self.root.rglob("*"), reverse=True):
            if path.is_dir():
                if not any(path.iterdir()):
                    path.rmdir()
            elif path not in self.made:
                path.unlink()
                if not path.name.startswith(".tmp-"):
                    self.report.removed += 1
