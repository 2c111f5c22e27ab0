"""Write output/: only files whose bytes changed, atomically; remove what is no longer made."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .files import write_atomic


@dataclass
class WriteReport:
    written: int = 0
    unchanged: int = 0
    removed: int = 0

    def line(self) -> str:
        return f"{self.written:,} written, {self.unchanged:,} unchanged, {self.removed:,} removed"

    def add(self, other: WriteReport) -> None:
        self.written += other.written
        self.unchanged += other.unchanged
        self.removed += other.removed


def safe_relative(rel: str) -> str:
    """An output path as given, if it stays inside the output folder; else ValueError."""
    parts = rel.split("/")
    if not rel or rel.startswith("/") or "\\" in rel or any(p in ("", ".", "..") for p in parts) or ":" in parts[0]:
        raise ValueError(f"refusing to write outside the output folder: {rel!r}")
    return rel


class Output:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._prefix = f"{root}{os.sep}"
        self.report = WriteReport()

    def write(self, rel: str, data: bytes) -> None:
        """Write one file, unless it already holds exactly these bytes."""
        path = self.root / safe_relative(rel)
        try:
            if path.stat().st_size == len(data) and path.read_bytes() == data:
                self.report.unchanged += 1
                return
        except OSError:
            pass
        write_atomic(path, data)
        self.report.written += 1

    def exists(self, rel: str) -> bool:
        return os.path.isfile(self._prefix + rel)

    def remove(self, rels: Iterable[str]) -> None:
        """Delete files no longer made, and the folders they leave empty."""
        for rel in sorted(rels, reverse=True):
            path = self.root / safe_relative(rel)
            try:
                path.unlink()
                self.report.removed += 1
            except FileNotFoundError:
                continue
            for parent in path.parents:
                if parent == self.root or any(parent.iterdir()):
                    break
                parent.rmdir()

    def remove_stale(self, made: set[str]) -> None:
        """Delete every file under the output folder that is not in `made`, and empty folders."""
        if not self.root.exists():
            return
        for path in sorted(self.root.rglob("*"), reverse=True):
            if path.is_dir():
                if not any(path.iterdir()):
                    path.rmdir()
            elif path.relative_to(self.root).as_posix() not in made:
                path.unlink()
                if not path.name.startswith("."):
                    self.report.removed += 1
