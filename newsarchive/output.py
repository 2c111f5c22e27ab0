"""Write output/: only files whose bytes changed, atomically; remove what is no longer made."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .files import read_bytes, write_atomic


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
    def __init__(self, root: Path, fresh: bool = False) -> None:
        """`fresh`: the folder was empty when the build began, so a file is there only if this
        build wrote it (and it writes each once): none is read to compare, as in a first build."""
        self.root = root
        self._prefix = f"{root}{os.sep}"
        self._fresh = fresh
        self._folders: set[str] = set()  # made or found here: a first build makes 15,000
        self.report = WriteReport()

    def another(self) -> Output:
        """An Output to the same folder, with a report of its own (for a worker)."""
        return Output(self.root, self._fresh)

    def write(self, rel: str, data: bytes) -> None:
        """Write one file, unless it already holds exactly these bytes."""
        path = self._prefix + safe_relative(rel)
        if not self._fresh:
            try:
                if os.stat(path).st_size == len(data) and read_bytes(path) == data:
                    self.report.unchanged += 1
                    return
            except OSError:
                pass
        folder = os.path.dirname(path)
        if folder not in self._folders:  # made here, not on a failed open of the temporary file
            self._make(folder)
        write_atomic(path, data)
        self.report.written += 1

    def _make(self, folder: str) -> None:
        """Make a folder, and those it lacks above it; remember them all, so that a day's page
        written after its articles' makes none (one `mkdir` a folder, and no `stat`)."""
        if os.path.dirname(folder) in self._folders:
            try:
                os.mkdir(folder)
            except FileExistsError:
                if not os.path.isdir(folder):
                    raise
        else:
            os.makedirs(folder, exist_ok=True)
        while folder not in self._folders and len(folder) >= len(str(self.root)):
            self._folders.add(folder)
            folder = os.path.dirname(folder)

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
        root = str(self.root)
        emptied: set[str] = set()
        for dirpath, dirnames, filenames in os.walk(root, topdown=False):
            rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
            prefix = "" if rel_dir == "." else f"{rel_dir}/"
            kept = False
            for name in filenames:
                if prefix + name in made:
                    kept = True
                else:
                    os.unlink(os.path.join(dirpath, name))
            if not kept and dirpath != root and all(os.path.join(dirpath, d) in emptied for d in dirnames):
                os.rmdir(dirpath)
                emptied.add(dirpath)
