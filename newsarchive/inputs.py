"""What a run reads, listed cheaply: file names, sizes and mtimes, without opening a file.

Kept free of heavy imports: a run with nothing to do decides so from these listings alone.
"""

from __future__ import annotations

import hashlib
import os
from array import array
from operator import itemgetter
from pathlib import Path


def content_files(content_dir: Path) -> list[tuple[str, int, int]]:
    """(path relative to content/, mtime_ns, size) of every *.md file, sorted by path."""
    return _walk(os.fspath(content_dir), ".md", hidden_folders=True)


def txt_files(folder: str) -> list[tuple[str, int, int]]:
    """(path, mtime_ns, size) of every *.txt file under folder, hidden ones left out, sorted."""
    return _walk(folder, ".txt", hidden_folders=False, named=os.path.join(folder, ""))


def _walk(root: str, suffix: str, hidden_folders: bool, named: str = "") -> list[tuple[str, int, int]]:
    """(`named` + path relative to root, mtime_ns, size) of the files ending in suffix, hidden files
    left out (and hidden folders, unless `hidden_folders`), sorted; one stat per file, none per folder."""
    found: list[tuple[str, int, int]] = []
    stack = [""]
    while stack:
        rel_dir = stack.pop()
        prefix = f"{named}{rel_dir}/" if rel_dir else named
        try:
            with os.scandir(f"{root}/{rel_dir}" if rel_dir else root) as entries:
                for e in entries:
                    name = e.name
                    if name.endswith(suffix) and name[0] != "." and e.is_file():
                        st = e.stat()
                        found.append((prefix + name, st.st_mtime_ns, st.st_size))
                    elif e.is_dir(follow_symlinks=False) and (hidden_folders or name[0] != "."):
                        stack.append(f"{rel_dir}/{name}" if rel_dir else name)
        except OSError:
            continue
    found.sort()
    return found


Packed = tuple[str, bytes, bytes]


def pack(rows: list[tuple[str, int, int]]) -> Packed:
    """A listing as three columns that marshal (or a digest) takes in one go: the names joined by
    NUL (no file name holds one), the mtimes and the sizes as 64-bit integers. An import packs
    its two listings, and the build and the outline the one of content/ again: the last two packed
    are kept (a listing is never changed once made)."""
    for held, packed in _packed:
        if held is rows:
            return packed
    packed = (
        "\0".join(map(itemgetter(0), rows)),
        array("q", map(itemgetter(1), rows)).tobytes(),
        array("q", map(itemgetter(2), rows)).tobytes(),
    )
    _packed[:] = [_packed[-1], (rows, packed)] if _packed else [(rows, packed)]
    return packed


def unpack(names: str, mtimes: bytes, sizes: bytes) -> list[tuple[str, int, int]]:
    """The rows of a packed listing."""
    if not names and not mtimes:
        return []
    m, s = array("q"), array("q")
    m.frombytes(mtimes)
    s.frombytes(sizes)
    return list(zip(names.split("\0"), m, s, strict=True))


_packed: list[tuple[list[tuple[str, int, int]], Packed]] = []


def listing_bytes(rows: list[tuple[str, int, int]]) -> bytes:
    """A listing as bytes to digest: equal listings give equal bytes, whatever objects hold them
    (marshal, quicker, does not: its output depends on how often each object is referenced)."""
    names, mtimes, sizes = pack(rows)
    return b"\2".join([len(rows).to_bytes(8, "little"), names.encode("utf-8", "surrogateescape"), mtimes, sizes])


def listing_digest(rows: list[tuple[str, int, int]]) -> bytes:
    """The digest of a listing."""
    return hashlib.blake2b(listing_bytes(rows), digest_size=16).digest()


Row = tuple[str, int, int]
_CHUNK = 64  # rows compared at once while two listings agree


def changes(before: list[Row], now: list[Row]) -> tuple[list[Row], list[Row]]:
    """The rows of `before` not in `now` (files gone or changed) and of `now` not in `before`
    (files new or changed), of two sorted listings. Stretches that agree are compared a chunk
    at a time: for a few changes among 100,000 files, this takes milliseconds, not the tenth of
    a second of hashing every row into sets."""
    gone: list[Row] = []
    came: list[Row] = []
    i = j = 0
    n, m = len(before), len(now)
    while i < n and j < m:
        if before[i : i + _CHUNK] == now[j : j + _CHUNK]:
            i += _CHUNK
            j += _CHUNK
            continue
        for _ in range(_CHUNK):  # a row at a time, until the next chunk is tried
            if i >= n or j >= m:
                break
            a, b = before[i], now[j]
            if a == b:
                i += 1
                j += 1
            elif a[0] == b[0]:
                gone.append(a)
                came.append(b)
                i += 1
                j += 1
            elif a[0] < b[0]:
                gone.append(a)
                i += 1
            else:
                came.append(b)
                j += 1
    gone += before[i:]
    came += now[j:]
    return gone, came
