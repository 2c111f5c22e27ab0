"""Build state, kept outside output/: one SQLite file, `.cache/state.sqlite` in the site folder.

- content: what each content/ file held the last time it was read, keyed by its size and
  mtime, so that an unchanged file is not parsed again;
- outputs: the fingerprint of everything that made each output file, so that a page whose
  inputs did not change is not rendered again;
- search_terms: the search index terms of each article body, by the digest of its file.

SQLite commits each change whole (write-ahead log), so a killed build leaves the
state as of its last commit; builder.py orders its commits so that such a state
never calls a file current that is not.

The state only ever saves work: delete `.cache/` (or build with --force) and the same
output comes out. A state file that cannot be read is set aside and rebuilt.
"""

from __future__ import annotations

import pickle
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS content (path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, record BLOB);
CREATE TABLE IF NOT EXISTS outputs (path TEXT PRIMARY KEY, fingerprint TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS search_terms (digest TEXT PRIMARY KEY, terms TEXT NOT NULL);
"""


class State:
    def __init__(self, path: Path | None) -> None:
        """State in the SQLite file at `path`; None keeps it in memory for this run only."""
        self.path = path
        self.db = self._open(path)

    def _open(self, path: Path | None) -> sqlite3.Connection:
        if path is None:
            db = sqlite3.connect(":memory:")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                db = sqlite3.connect(path)
                db.executescript(_SCHEMA)
                version = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
                if version and version[0] != str(SCHEMA_VERSION):
                    raise sqlite3.DatabaseError("older state")
            except sqlite3.DatabaseError:  # corrupt, or from another version: start afresh
                db.close()
                for leftover in (path, *(path.with_name(path.name + end) for end in ("-wal", "-shm", "-journal"))):
                    leftover.unlink(missing_ok=True)
                db = sqlite3.connect(path)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.executescript(_SCHEMA)
        with db:
            db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (str(SCHEMA_VERSION),))
        return db

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.db:
            yield

    # content/ records
    def content(self) -> dict[str, tuple[int, int, Any]]:
        """path → (mtime_ns, size, record) of every file read before."""
        out = {}
        for path, mtime, size, blob in self.db.execute("SELECT path, mtime_ns, size, record FROM content"):
            try:
                out[path] = (mtime, size, pickle.loads(blob))
            except Exception:  # noqa: BLE001 - an unreadable record is only a cache miss
                continue
        return out

    def save_content(self, changed: Iterable[tuple[str, int, int, Any]], removed: Iterable[str]) -> None:
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO content VALUES (?, ?, ?, ?)",
                ((p, m, s, pickle.dumps(r, pickle.HIGHEST_PROTOCOL)) for p, m, s, r in changed),
            )
            self.db.executemany("DELETE FROM content WHERE path = ?", ((p,) for p in removed))

    # output fingerprints
    def outputs(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT path, fingerprint FROM outputs"))

    def save_outputs(self, changed: dict[str, str], removed: Iterable[str]) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO outputs VALUES (?, ?)", changed.items())
            self.db.executemany("DELETE FROM outputs WHERE path = ?", ((p,) for p in removed))

    # search index terms, by article file digest
    def search_terms(self, digests: set[str]) -> dict[str, str]:
        rows = self.db.execute("SELECT digest, terms FROM search_terms")
        return {d: t for d, t in rows if d in digests}

    def save_search_terms(self, terms: dict[str, str]) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO search_terms VALUES (?, ?)", terms.items())

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
