"""Atomic file writes: a reader or a killed process sees the old file or the new one, never half.

Every file newsarchive writes into content/ and output/ is first written to a
temporary file in the same folder, named `.<name>.<8 hex digits>.tmp`, then
renamed over its target. A process killed mid-write leaves only such a
temporary file behind; the next run of the command removes it
(`remove_temporary`), and no listing of content/ or output/ counts it.

Also: reading a file whole with the fewest system calls, and finding the data files a package
ships without importing it.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
from pathlib import Path

_TEMPORARY = re.compile(r"\..+\.[0-9a-f]{8}\.tmp")
_NAME_MAX = 100  # of the target's name in the temporary one: names stay under the 255-byte limit


def is_temporary(name: str) -> bool:
    """Whether a file name is that of a temporary file left by write_atomic."""
    return _TEMPORARY.fullmatch(name) is not None


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, then rename it over `path`."""
    folder, name = os.path.split(path)
    made = False  # the folder is made only when it is missing: most writes go to folders there already
    while True:
        tmp = os.path.join(folder, f".{name[:_NAME_MAX]}.{os.urandom(4).hex()}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            break
        except FileExistsError:
            continue
        except FileNotFoundError:
            if made:
                raise
            os.makedirs(folder, exist_ok=True)
            made = True
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def read_bytes(path: str | Path) -> bytes:
    """A file's bytes, in fewer system calls than open(): a build reads every article file."""
    fd = os.open(path, os.O_RDONLY)
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)


def remove_temporary(root: Path) -> int:
    """Delete the temporary files a killed run left under `root`; how many there were."""
    removed = 0
    for dirpath, _, filenames in os.walk(root):
        for name in filenames:
            if is_temporary(name):
                try:
                    os.unlink(os.path.join(dirpath, name))
                    removed += 1
                except FileNotFoundError:
                    pass
    return removed


def package_file(package: str, *parts: str) -> Path:
    """A file shipped with an installed package, found without importing the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise ImportError(f"no module named {package!r}")
    return Path(spec.origin).parent.joinpath(*parts)
