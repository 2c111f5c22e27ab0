"""What a run reads, listed cheaply: file names, sizes and mtimes, without opening a file.

Kept free of heavy imports: a run with nothing to do decides so from these listings alone.
"""

from __future__ import annotations

import bisect
import hashlib
import os
import stat
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import itemgetter
from pathlib import Path
from typing import TypeVar, overload

Row = tuple[str, int, int]  # (path, mtime_ns, size)
T = TypeVar("T")


def content_files(content_dir: Path) -> list[Row]:
    """(path relative to content/, mtime_ns, size) of every *.md file, sorted by path."""
    return _walk(os.fspath(content_dir), ".md", hidden_folders=True)


def txt_files(folder: str) -> list[Row]:
    """(path, mtime_ns, size) of every *.txt file under folder, hidden ones left out, sorted."""
    return _walk(folder, ".txt", hidden_folders=False, named=os.path.join(folder, ""))


def content_files_since(rows: Sequence[Row], content_dir: Path, told: Iterable[str]) -> Sequence[Row]:
    """content_files() now, from `rows` (as it was) and the paths changed since (see _since)."""
    return _since(rows, os.fspath(content_dir), told, ".md", hidden_folders=True)


def txt_files_since(rows: Sequence[Row], folder: str, told: Iterable[str]) -> Sequence[Row]:
    """txt_files(folder) now, from `rows` (as it was) and the paths changed since (see _since)."""
    return _since(rows, folder, told, ".txt", hidden_folders=False, named=os.path.join(folder, ""))


def _since(
    rows: Sequence[Row], root: str, told: Iterable[str], suffix: str, hidden_folders: bool, named: str = ""
) -> Sequence[Row]:
    """The listing _walk(root, …) would make now, from the one it made before and the paths (files
    or folders, new, changed or gone) changed since, as a watcher tells them: only those under
    root are looked at again. A folder told is walked whole, so files made in a new folder before
    the watcher saw it are not missed."""
    top = os.path.abspath(root)
    rels = set()
    for path in told:
        path = os.path.abspath(path)
        if path == top:
            return _walk(root, suffix, hidden_folders, named)
        if path.startswith(top + os.sep):
            rels.add(path[len(top) + 1 :])
    if not rels:
        return rows
    out = list(rows)
    found: list[Row] = []
    for rel in sorted(rels):
        name = named + rel
        i = bisect.bisect_left(out, (name,))
        if i < len(out) and out[i][0] == name:
            del out[i]
        del out[bisect.bisect_left(out, (f"{name}/",)) : bisect.bisect_left(out, (f"{name}0",))]  # "0" follows "/"
        *folders, leaf = rel.split(os.sep)
        if not hidden_folders and any(f[0] == "." for f in folders) or _through_link(root, folders):
            continue  # not where _walk goes
        try:
            st = os.stat(f"{root}/{rel}", follow_symlinks=False)
            if stat.S_ISDIR(st.st_mode):
                if hidden_folders or leaf[0] != ".":
                    found += _walk(f"{root}/{rel}", suffix, hidden_folders, f"{name}/")
            elif leaf[0] != "." and leaf.endswith(suffix):
                st = os.stat(f"{root}/{rel}")  # a link to a file counts as the file
                if stat.S_ISREG(st.st_mode):
                    found.append((name, st.st_mtime_ns, st.st_size))
        except OSError:  # gone
            continue
    once = {row[0]: row for row in found}  # a file in a folder told may be told too
    return sorted(out + list(once.values())) if found else out


def _through_link(root: str, folders: list[str]) -> bool:
    """Whether one of these nested folders under root is a symbolic link (_walk does not follow one)."""
    return any(os.path.islink(os.path.join(root, *folders[: i + 1])) for i in range(len(folders)))


def _walk(root: str, suffix: str, hidden_folders: bool, named: str = "") -> list[Row]:
    """(`named` + path relative to root, mtime_ns, size) of the files ending in suffix, hidden files
    left out (and hidden folders, unless `hidden_folders`), sorted; one stat per file, none per folder.
    Each folder is listed through a descriptor of it, so that each stat looks up one name, not
    the file's whole path (a tenth quicker at 100,000 files)."""
    found: list[Row] = []
    stack = [""]
    while stack:
        rel_dir = stack.pop()
        prefix = f"{named}{rel_dir}/" if rel_dir else named
        try:
            folder = _open_folder(f"{root}/{rel_dir}" if rel_dir else root)
            try:
                with os.scandir(folder) as entries:
                    for e in entries:
                        name = e.name
                        if name.endswith(suffix) and name[0] != "." and e.is_file():
                            st = e.stat()
                            found.append((prefix + name, st.st_mtime_ns, st.st_size))
                        elif e.is_dir(follow_symlinks=False) and (hidden_folders or name[0] != "."):
                            stack.append(f"{rel_dir}/{name}" if rel_dir else name)
            finally:
                if isinstance(folder, int):
                    os.close(folder)
        except OSError:
            continue
    found.sort(key=itemgetter(0))  # paths are distinct: sorted by path alone, twice as quick as by row
    return found


def _open_folder(path: str) -> int | str:
    """A descriptor of the folder to list, where scandir takes one; else its path."""
    if os.scandir in os.supports_fd:
        return os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    return path


Packed = tuple[str, bytes, bytes]


def pack(rows: Sequence[Row]) -> Packed:
    """A listing as three columns that marshal (or a digest) takes in one go: the names joined by
    NUL (no file name holds one), the mtimes and the sizes as 64-bit integers. An import packs
    its two listings, and the build and the outline the one of content/ again: the last two packed
    are kept (a listing is never changed once made)."""
    if isinstance(rows, Unpacked):
        return rows.packed
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


_packed: list[tuple[Sequence[Row], Packed]] = []


class Lazy(Sequence[T]):
    """A sequence made (`make`) only when an item of it is first asked for; its length is known
    before."""

    def __init__(self, make: Callable[[], Sequence[T]], count: int) -> None:
        self._make: Callable[[], Sequence[T]] | None = make
        self._made: Sequence[T] = ()
        self._count = count

    def made(self) -> Sequence[T]:
        if self._make is not None:
            self._made, self._make = self._make(), None
        return self._made

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, i: int) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[T]: ...
    def __getitem__(self, i: int | slice) -> T | Sequence[T]:
        return self.made()[i]

    def __iter__(self) -> Iterator[T]:
        return iter(self.made())


class Unpacked(Lazy[Row]):
    """The rows of a packed listing, made only when one is asked for. A listing made in another
    process comes back packed (100,000 rows as three objects, not 100,000 tuples), and a run
    that finds nothing changed only compares it packed."""

    def __init__(self, packed: Packed) -> None:
        super().__init__(lambda: _rows(packed), len(packed[1]) // 8)
        self.packed = packed


def _rows(packed: Packed) -> list[Row]:
    c = _Columns(packed)
    return list(zip(c.names, c.m.tolist(), c.s.tolist(), strict=True))


PATCH_MAX = 32  # rows changed past which a listing is patched as rows, not as packed columns


def patched(rows: Sequence[Row], gone: Iterable[str], came: Iterable[Row]) -> Sequence[Row]:
    """The listing with the rows named `gone` taken out and the rows `came` put in their places
    (replacing any row of the same name; their names are distinct). A few changes are made to
    the packed columns: an import that writes one article does not unpack 100,000 rows, nor
    pack them again."""
    new = list(came)
    out_names = [*gone, *(row[0] for row in new)]
    if len(out_names) > PATCH_MAX:
        out = list(rows)
        for name in out_names:
            i = bisect.bisect_left(out, (name,))
            if i < len(out) and out[i][0] == name:
                del out[i]
        for row in new:
            bisect.insort(out, row)
        return out
    names, mtimes, sizes = pack(rows)
    count = len(mtimes) // 8
    for name in out_names:
        at, i, there = _seek(names, count, name)
        if there:
            if count == 1:
                names = ""
            elif i == count - 1:  # the last: its separator goes with it
                names = names[: at - 1]
            else:
                names = names[:at] + names[at + len(name) + 1 :]
            mtimes, sizes, count = mtimes[: i * 8] + mtimes[i * 8 + 8 :], sizes[: i * 8] + sizes[i * 8 + 8 :], count - 1
    for name, mtime, size in new:
        at, i, _ = _seek(names, count, name)
        if count == 0:
            names = name
        elif i == count:
            names = f"{names}\0{name}"
        else:
            names = f"{names[:at]}{name}\0{names[at:]}"
        m, s = array("q", [mtime]).tobytes(), array("q", [size]).tobytes()
        mtimes, sizes, count = mtimes[: i * 8] + m + mtimes[i * 8 :], sizes[: i * 8] + s + sizes[i * 8 :], count + 1
    return Unpacked((names, mtimes, sizes))


def _seek(names: str, count: int, name: str) -> tuple[int, int, bool]:
    """Where `name` is, or would go, in a packed listing's names (sorted, joined by NUL): the offset
    of that row's first character, its index, and whether it is there. A binary search on the
    characters: each step reads the one name around the middle."""
    if count == 0:
        return 0, 0, False
    lo, hi = 0, len(names) + 1  # the start of a row, or one past the end (after the last row)
    while lo < hi:
        mid = (lo + hi) // 2
        start = names.rfind("\0", 0, mid) + 1  # of the row around mid: at lo or after it
        end = names.find("\0", start)
        end = len(names) if end < 0 else end
        if names[start:end] < name:
            lo = end + 1
        else:
            hi = start
    if lo > len(names):
        return lo, count, False
    end = names.find("\0", lo)
    return lo, _separators(names, 0, lo, count), names[lo : len(names) if end < 0 else end] == name


def listing_bytes(rows: Sequence[Row]) -> bytes:
    """A listing as bytes to digest: equal listings give equal bytes, whatever objects hold them
    (marshal, quicker, does not: its output depends on how often each object is referenced)."""
    names, mtimes, sizes = pack(rows)
    return b"\2".join([len(rows).to_bytes(8, "little"), names.encode("utf-8", "surrogateescape"), mtimes, sizes])


def listing_digest(rows: Sequence[Row]) -> bytes:
    """The digest of a listing."""
    return hashlib.blake2b(listing_bytes(rows), digest_size=16).digest()


_CHUNK = 64  # rows compared at once while two listings agree


def changes(before: Packed, now: Packed) -> tuple[list[Row], list[Row]]:
    """The rows of `before` not in `now` (files gone or changed) and of `now` not in `before`
    (files new or changed), of two packed listings. The rows alike at the start and at the end
    are found by comparing the columns' bytes, and left packed; in between, stretches that agree
    are compared a chunk at a time, as slices of the columns; only rows that differ are made:
    for a few changes among 100,000 files, this takes milliseconds, not the tenth of a second of
    unpacking both."""
    if before == now:
        return [], []
    a, b = map(_Columns, _unlike(before, now))
    gone: list[Row] = []
    came: list[Row] = []
    i = j = 0
    n, m = len(a.names), len(b.names)
    while i < n and j < m:
        if a.agree(i, b, j):
            i += _CHUNK
            j += _CHUNK
            continue
        for _ in range(_CHUNK):  # a row at a time, until the next chunk is tried
            if i >= n or j >= m:
                break
            x, y = a.row(i), b.row(j)
            if x == y:
                i += 1
                j += 1
            elif x[0] == y[0]:
                gone.append(x)
                came.append(y)
                i += 1
                j += 1
            elif x[0] < y[0]:
                gone.append(x)
                i += 1
            else:
                came.append(y)
                j += 1
    gone += map(a.row, range(i, n))
    came += map(b.row, range(j, m))
    return gone, came


def _unlike(x: Packed, y: Packed) -> tuple[Packed, Packed]:
    """Two packed listings without the rows they have alike at their start and at their end: in
    every column, whole rows of characters or bytes alike. Separators are counted over the side
    of a column that is shorter (a new article is usually near the end)."""
    n, m = len(x[1]) // 8, len(y[1]) // 8
    chars = _common_prefix(x[0], y[0])
    head = min(_separators(x[0], 0, chars, n), _common_prefix(x[1], y[1]) // 8, _common_prefix(x[2], y[2]) // 8, n, m)
    chars = _common_suffix(x[0], y[0])
    tail = _separators(x[0], len(x[0]) - chars, len(x[0]), n)
    tail = min(tail, _common_suffix(x[1], y[1]) // 8, _common_suffix(x[2], y[2]) // 8, n - head, m - head)
    return _rows_between(x, head, n - tail), _rows_between(y, head, m - tail)


def _separators(names: str, start: int, stop: int, count: int) -> int:
    """How many separators a packed listing's names (of `count` rows) hold from start to stop."""
    if stop - start <= len(names) // 2:
        return names.count("\0", start, stop)
    return count - 1 - names.count("\0", 0, start) - names.count("\0", stop)


def _common_prefix(s: str | bytes, t: str | bytes) -> int:
    """The length of the longest start two strings (or byte strings) share."""
    return _alike(min(len(s), len(t)), lambda lo, hi: s[lo:hi] == t[lo:hi])


def _common_suffix(s: str | bytes, t: str | bytes) -> int:
    """The length of the longest end two strings (or byte strings) share."""
    return _alike(min(len(s), len(t)), lambda lo, hi: s[len(s) - hi : len(s) - lo] == t[len(t) - hi : len(t) - lo])


def _alike(end: int, same: Callable[[int, int], bool]) -> int:
    """How far from 0 (up to `end`) `same(lo, hi)` holds: tried a slice at a time, each twice the
    last; the slice that differs, by halves."""
    lo, step = 0, 64
    while lo < end:
        hi = min(lo + step, end)
        if not same(lo, hi):
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (mid, hi) if same(lo, mid) else (lo, mid)
            return lo
        lo, step = hi, step * 2
    return end


def _rows_between(packed: Packed, lo: int, hi: int) -> Packed:
    """Rows lo to hi (not included) of a packed listing."""
    names, mtimes, sizes = packed
    if lo >= hi:
        return "", b"", b""
    count = len(mtimes) // 8
    stop = _row_start(names, hi, count) - 1 if hi < count else len(names)
    return names[_row_start(names, lo, count) : stop], mtimes[lo * 8 : hi * 8], sizes[lo * 8 : hi * 8]


_SPAN = 4096  # characters of names whose separators are counted at once, to find a row


def _row_start(names: str, i: int, count: int) -> int:
    """Where row i (of `count`) starts in a packed listing's names: found from the nearer end."""
    if i == 0:
        return 0
    if i <= count // 2:  # after the i-th separator
        at = seen = 0
        while (found := names.count("\0", at, at + _SPAN)) + seen < i:
            seen, at = seen + found, at + _SPAN
        for _ in range(i - seen):
            at = names.index("\0", at) + 1
        return at
    at, seen = len(names), 0  # after the (count - i)-th separator from the end
    while (found := names.count("\0", max(at - _SPAN, 0), at)) + seen < count - i:
        seen, at = seen + found, at - _SPAN
    for _ in range(count - i - seen):
        at = names.rindex("\0", 0, at)
    return at + 1


class _Columns:
    """A packed listing's columns, read in place: names split, integers not unpacked."""

    def __init__(self, packed: Packed) -> None:
        names, self.mtimes, self.sizes = packed
        self.names = names.split("\0") if self.mtimes else []
        self.m = memoryview(self.mtimes).cast("q")
        self.s = memoryview(self.sizes).cast("q")

    def row(self, i: int) -> Row:
        return self.names[i], self.m[i], self.s[i]

    def agree(self, i: int, other: _Columns, j: int) -> bool:
        """Whether the chunks from row i here and row j there are equal."""
        return (
            self.names[i : i + _CHUNK] == other.names[j : j + _CHUNK]
            and self.mtimes[i * 8 : (i + _CHUNK) * 8] == other.mtimes[j * 8 : (j + _CHUNK) * 8]
            and self.sizes[i * 8 : (i + _CHUNK) * 8] == other.sizes[j * 8 : (j + _CHUNK) * 8]
        )
