"""What is slow to make and the same from run to run (the gazetteer's index, Python-Markdown's
HTML), kept in the site's `.cache/` between runs once a run names that folder."""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .files import read_bytes, write_atomic

_folder: list[Path] = []


def keep_in(folder: Path) -> None:
    """Keep what is made in `folder` from now on."""
    _folder[:] = [folder]


def folder() -> Path | None:
    return _folder[0] if _folder else None


def made_once(name: str, sources: list[Path], make: Callable[[], Any]) -> Any:
    """make()'s value (one marshal can store), kept under a name that changes whenever a file of
    `sources` (the code that makes it, the data it reads) changes size or mtime."""
    if not _folder:
        return make()
    h = hashlib.blake2b(digest_size=12)
    for source in sources:
        try:
            st = source.stat()
            h.update(f"{source}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
        except OSError:
            h.update(f"{source}\0missing\n".encode("utf-8", "surrogateescape"))
    path = _folder[0] / f"{name}-{h.hexdigest()}.marshal"
    try:
        return marshal.loads(read_bytes(path))
    except (OSError, EOFError, ValueError, TypeError):
        value = make()
        write_atomic(path, marshal.dumps(value))
        return value
