"""Build state, kept outside output/: one SQLite file, `.cache/state.sqlite` in the site folder.

- content: what each content/ file held the last time it was read, keyed by its size and
  mtime, so that an unchanged file is not parsed again;
- outputs: the fingerprint of everything that made each output file, so that a page whose
  inputs did not change is not rendered again;
- search_terms: the search index terms of each article body (those its title and summary
  do not hold), by the digest of its file;
- seeds: the sha256 of each seed file read, keyed by its size and mtime, so that an
  unchanged seed is not read again;
- blobs, in files beside it: the outline of the site last built (outline.py), so that a
  build that changes a few articles need not read them all; and what the last import saw
  (importer.py), so that one that finds a few seeds new need not look at them all.

SQLite commits each change whole (write-ahead log), so a killed build leaves the
state as of its last commit; builder.py orders its commits so that such a state
never calls a file current that is not.

The state only ever saves work: delete `.cache/` (or build with --force) and the same
output comes out. A state file that cannot be read is set aside and rebuilt.
"""

from __future__ import annotations

import gc
import marshal
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .files import write_atomic

SCHEMA_VERSION = 8
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS content (path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, record BLOB, seed TEXT);
CREATE TABLE IF NOT EXISTS outputs (path TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, grp TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS outputs_by_group ON outputs (grp);
CREATE TABLE IF NOT EXISTS groups (key TEXT PRIMARY KEY, inputs TEXT NOT NULL, outputs INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS search_terms (digest TEXT PRIMARY KEY, terms TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS seeds (path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, sha256 TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS content_by_seed ON content (seed);
"""


class State:
    def __init__(self, path: Path | None) -> None:
        """State in the SQLite file at `path`; None keeps it in memory for this run only."""
        self.path = path
        self.db = self._open(path)
        self._held: dict[str, bytes] = {}  # blobs of a state in memory

    def _open(self, path: Path | None) -> sqlite3.Connection:
        if path is None:
            return self._init(sqlite3.connect(":memory:"))
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = self._init(sqlite3.connect(path))
            version = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0]
            if version != str(SCHEMA_VERSION):
                raise sqlite3.DatabaseError("older state")
        except sqlite3.DatabaseError:  # corrupt, or from another version: start afresh
            db.close()
            for leftover in (path, *(path.with_name(path.name + end) for end in ("-wal", "-shm", "-journal"))):
                leftover.unlink(missing_ok=True)
            db = self._init(sqlite3.connect(path))
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        return db

    @staticmethod
    def _init(db: sqlite3.Connection) -> sqlite3.Connection:
        """Create what is missing (a no-op that writes nothing when all is there)."""
        db.executescript(_SCHEMA)
        with db:
            db.execute("INSERT OR IGNORE INTO meta VALUES ('version', ?)", (str(SCHEMA_VERSION),))
        return db

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.db:
            yield

    # content/ records
    def content(self) -> dict[str, tuple[int, int, Any, str | None]]:
        """path → (mtime_ns, size, record, seed) of every file read before; seed is "file\0sha256"
        for an imported article, "" for one from no seed, None if not known. The records live as
        long as the run and hold no cycles: garbage collection waits while they are made, and they
        are frozen after (gc.freeze; builder.py thaws all at the end), never to be scanned again."""
        out = {}
        enabled = gc.isenabled()
        gc.disable()
        try:
            for path, mtime, size, blob, seed in self.db.execute("SELECT * FROM content"):
                try:
                    out[path] = (mtime, size, marshal.loads(blob), seed)
                except Exception:  # noqa: BLE001 - an unreadable record is only a cache miss
                    continue
        finally:
            gc.freeze()
            if enabled:
                gc.enable()
        return out

    def save_content(self, changed: Iterable[tuple[str, int, int, Any, str | None]], removed: Iterable[str]) -> None:
        """(path, mtime_ns, size, record, seed) as site.read_record reads them."""
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO content VALUES (?, ?, ?, ?, ?)",
                ((p, m, s, marshal.dumps(r), seed) for p, m, s, r, seed in changed),
            )
            self.db.executemany("DELETE FROM content WHERE path = ?", ((p,) for p in removed))

    def records(self, paths: list[str]) -> dict[str, tuple[int, int, Any, str | None]]:
        """path → (mtime_ns, size, record, seed) of these files, as last read."""
        out = {}
        for chunk in _chunks(paths):
            query = f"SELECT * FROM content WHERE path IN ({','.join('?' * len(chunk))})"
            out.update((p, (m, s, marshal.loads(blob), seed)) for p, m, s, blob, seed in self.db.execute(query, chunk))
        return out

    def seed_article(self, name: str) -> tuple[str, str] | None:
        """(article file, seed sha256) of the first file, in path order, made from the seed named."""
        query = "SELECT path, seed FROM content WHERE seed >= ? AND seed < ? ORDER BY path LIMIT 1"
        row = self.db.execute(query, (f"{name}\0", f"{name}\1")).fetchone()
        return (row[0], row[1].partition("\0")[2]) if row else None

    # Blobs (the outline, the import's view): files beside the state, each named by a token that
    # the state keeps; a file the state does not name (a run was killed before it named it) is
    # never read, and is removed by the next run that names one.
    def blob(self, key: str) -> bytes | None:
        token = self.get(f"blob {key}")
        if not token:
            return None
        if self.path is None:
            return self._held.get(token)
        try:
            return self._blob_path(key, token).read_bytes()
        except OSError:
            return None

    def write_blob(self, key: str, data: bytes) -> str:
        """Write a blob's file, to be named (name_blob) once what it goes with is saved."""
        token = os.urandom(8).hex()
        if self.path is None:
            self._held[token] = data
        else:
            write_atomic(self._blob_path(key, token), data)
        return token

    def name_blob(self, key: str, token: str | None) -> None:
        """Name a blob written (None: there is none), and remove the files of any other."""
        self.put(f"blob {key}", token)
        self._sweep(key, token)

    def _name_blob_now(self, key: str, token: str | None) -> None:
        """name_blob within a transaction the caller holds."""
        if token is None:
            self.db.execute("DELETE FROM meta WHERE key = ?", (f"blob {key}",))
        else:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"blob {key}", token))

    def _sweep(self, key: str, keep: str | None) -> None:
        if self.path is None:
            return
        for f in self.path.parent.glob(f"{key}-*.bin"):
            if f.name != f"{key}-{keep}.bin":
                f.unlink(missing_ok=True)

    def _blob_path(self, key: str, token: str) -> Path:
        assert self.path is not None
        return self.path.parent / f"{key}-{token}.bin"

    # output fingerprints
    def outputs(self, groups: Iterable[str]) -> dict[str, tuple[str, str]]:
        """path → (fingerprint, group of pages it belongs to), of the outputs of `groups`."""
        out = {}
        for chunk in _chunks(list(groups)):
            query = f"SELECT path, fingerprint, grp FROM outputs WHERE grp IN ({','.join('?' * len(chunk))})"
            out.update((p, (fp, g)) for p, fp, g in self.db.execute(query, chunk))
        return out

    def count_outputs(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM outputs").fetchone()[0]

    def save_outputs(self, changed: dict[str, tuple[str, str]], removed: Iterable[str]) -> None:
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO outputs VALUES (?, ?, ?)", ((p, fp, g) for p, (fp, g) in changed.items())
            )
            self.db.executemany("DELETE FROM outputs WHERE path = ?", ((p,) for p in removed))

    # Page groups: the digest of what each group's pages saw at the last build, and how many
    # outputs it has. Every group with outputs on record has a row: the outputs of a group no
    # longer made are found through it, to be removed.
    def groups(self) -> dict[str, tuple[str, int]]:
        """key → (digest, outputs); the digest is '' while the group is being redone."""
        return {key: (inputs, n) for key, inputs, n in self.db.execute("SELECT key, inputs, outputs FROM groups")}

    def redo_groups(self, keys: Iterable[str]) -> None:
        """Forget the digests of these groups, before any of their outputs changes (a group gone
        keeps its row until its outputs are removed)."""
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO groups VALUES (?, '', 0)", ((k,) for k in keys))

    def save_groups(self, groups: dict[str, tuple[str, int]], gone: Iterable[str], outline: str | None) -> None:
        """The digests and output counts of groups built, the rows of groups gone (their outputs
        removed) dropped, and the outline (a blob's token) of the site they were built from, at
        once: an outline older than the digests would not know of a change undone since."""
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO groups VALUES (?, ?, ?)", ((k, *v) for k, v in groups.items()))
            self.db.executemany("DELETE FROM groups WHERE key = ?", ((k,) for k in gone))
            self._name_blob_now("outline", outline)
        self._sweep("outline", outline)

    # search index terms, by article file digest
    def search_terms(self, digests: set[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for chunk in _chunks(sorted(digests)):
            query = f"SELECT digest, terms FROM search_terms WHERE digest IN ({','.join('?' * len(chunk))})"
            out.update(self.db.execute(query, chunk))
        return out

    def save_search_terms(self, terms: dict[str, str]) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO search_terms VALUES (?, ?)", terms.items())

    # seed files: path → (mtime_ns, size, sha256)
    def seeds(self, paths: list[str] | None = None) -> dict[str, tuple[int, int, str]]:
        """Of every seed read before, or of those at `paths`."""
        if paths is None:
            return {p: (m, s, h) for p, m, s, h in self.db.execute("SELECT path, mtime_ns, size, sha256 FROM seeds")}
        out = {}
        for chunk in _chunks(paths):
            query = f"SELECT path, mtime_ns, size, sha256 FROM seeds WHERE path IN ({','.join('?' * len(chunk))})"
            out.update((p, (m, s, h)) for p, m, s, h in self.db.execute(query, chunk))
        return out

    def save_seeds(self, seen: Iterable[tuple[str, int, int, str]]) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO seeds VALUES (?, ?, ?, ?)", seen)

    def get(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def put(self, key: str, value: str | None) -> None:
        with self.db:
            if value is None:
                self.db.execute("DELETE FROM meta WHERE key = ?", (key,))
            else:
                self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def forget_outputs(self) -> None:
        with self.db:
            self.db.execute("DELETE FROM outputs")
            self.db.execute("DELETE FROM groups")


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    """Items in lists short enough for one query's parameters (SQLite allows 999 in older versions)."""
    for i in range(0, len(items), size):
        yield items[i : i + size]
