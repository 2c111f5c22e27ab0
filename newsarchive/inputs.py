"""What a run reads, listed cheaply: file names, sizes and mtimes, without opening a file.

Kept free of heavy imports: a run with nothing to do decides so from these listings alone.
"""

from __future__ import annotations

import os
from pathlib import Path


def content_files(content_dir: Path) -> list[tuple[str, int, int]]:
    """(path relative to content/, mtime_ns, size) of every *.md file, sorted by path."""
    found: list[tuple[str, int, int]] = []
    root = os.fspath(content_dir)
    stack = [""]
    while stack:
        rel_dir = stack.pop()
        try:
            entries = list(os.scandir(f"{root}/{rel_dir}" if rel_dir else root))
        except OSError:
            continue
        for e in entries:
            rel = f"{rel_dir}/{e.name}" if rel_dir else e.name
            if e.is_dir(follow_symlinks=False):
                stack.append(rel)
            elif e.name.endswith(".md") and not e.name.startswith(".") and e.is_file():
                st = e.stat()
                found.append((rel, st.st_mtime_ns, st.st_size))
    return sorted(found)


def txt_files(folder: str) -> list[tuple[str, int, int]]:
    """(path, mtime_ns, size) of every *.txt file under folder, hidden ones left out, sorted."""
    found: list[tuple[str, int, int]] = []
    stack = [folder]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for e in entries:
            if e.name.startswith("."):
                continue
            if e.is_dir(follow_symlinks=False):
                stack.append(e.path)
            elif e.name.endswith(".txt") and e.is_file():
                st = e.stat()
                found.append((e.path, st.st_mtime_ns, st.st_size))
    return sorted(found)
