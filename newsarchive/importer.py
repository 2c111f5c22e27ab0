"""The import policy: seeds/ → content/, idempotent, never clobbering a hand edit.

- A new seed becomes `content/YYYY/MM/DD/<slug>.md`; a slug taken that day gets -2, -3 ….
- A seed already imported with the same bytes is skipped without being parsed.
- A seed whose bytes changed rewrites its article in place (same slug), unless the
  article was edited by hand since: then it warns and keeps the edit.
- A seed that cannot be read is reported as `path: reason`; the others go on.
- Every seed is read and checked before any file is written; with `strict`, an error
  or a warning in any of them means none is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import content
from .extract import extract
from .files import write_atomic
from .seeds import SeedError, parse_seed, read_seed_bytes
from .tags import slugify


@dataclass
class ImportReport:
    imported: list[Path] = field(default_factory=list)  # article files written (new or updated)
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)  # "path: reason", seeds skipped
    warnings: list[str] = field(default_factory=list)  # "path: what was kept or assumed"

    def line(self) -> str:
        return f"imported {len(self.imported)}, unchanged {self.unchanged}, skipped {len(self.errors)} with errors"


def seed_files(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Seed files named by paths (files, or folders searched for *.txt), sorted; and errors."""
    files: list[Path] = []
    errors: list[str] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*.txt") if f.is_file() and not f.name.startswith(".")))
        elif p.is_file():
            files.append(p)
        else:
            errors.append(f"{p}: no such file or folder")
    return files, errors


def import_seeds(
    paths: list[Path], content_dir: Path, today: dt.date | None = None, strict: bool = False
) -> ImportReport:
    """Import seed files into content_dir. With strict, any error or warning means nothing is written."""
    report = ImportReport()
    files, report.errors = seed_files(paths)
    known = _index(content_dir)
    claimed: dict[str, Path] = {}
    writes: list[tuple[Path, bytes, Path | None]] = []  # (target, bytes, old file to remove)
    names = _Names()
    for path in files:
        if path.name in claimed:
            report.errors.append(f"{path}: same file name as {claimed[path.name]}, which this import already took")
            continue
        claimed[path.name] = path
        try:
            planned = _plan(path, content_dir, known, names, today, report)
        except SeedError as e:
            report.errors.append(str(e))
            continue
        except Exception as e:  # a bug must not lose the other seeds: report it like a bad seed
            report.errors.append(f"{path}: could not be imported ({type(e).__name__}: {e})")
            continue
        if planned:
            writes.append(planned)
            names.taken.add(planned[0])
    if strict and (report.errors or report.warnings):
        return report  # nothing written
    for target, data, old in writes:
        write_atomic(target, data)
        if old and old != target:
            old.unlink(missing_ok=True)
        report.imported.append(target)
    return report


def _plan(
    path: Path,
    content_dir: Path,
    known: dict[str, tuple[Path, str]],
    names: _Names,
    today: dt.date | None,
    report: ImportReport,
) -> tuple[Path, bytes, Path | None] | None:
    """What importing one seed writes: (target, bytes, the file it replaces), or None if nothing."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:  # named with its bad bytes escaped (\xe9), so that it can be printed
        shown = os.fsencode(path).decode("utf-8", "backslashreplace")
        raise SeedError(shown, "file name is not valid UTF-8: rename the file") from None
    data = read_seed_bytes(path)
    existing = known.get(path.name)
    if existing and existing[1] == hashlib.sha256(data).hexdigest():
        report.unchanged += 1
        return None
    seed = parse_seed(data, path.name, display=str(path), today=today)
    report.warnings.extend(f"{path}: {note}" for note in seed.notes)
    meta = extract(seed)
    text = content.render_file(content.front_matter(seed, meta), content.body_markdown(seed.paragraphs))
    day_dir = content_dir / f"{seed.date:%Y/%m/%d}"
    if existing:
        old = existing[0]
        if content.edited_by_hand(old.read_text(encoding="utf-8")):
            report.warnings.append(f"{old}: edited by hand, kept as it is (its seed {path} changed)")
            return None
        target = day_dir / old.name if old.parent != day_dir else old
        if target != old and (target.exists() or target in names.taken):
            target = names.free(day_dir, old.stem)
    else:
        target = names.free(day_dir, slugify(meta.title))
    known[path.name] = (target, seed.sha256)
    return target, text.encode("utf-8"), existing[0] if existing else None


def _index(content_dir: Path) -> dict[str, tuple[Path, str]]:
    """Seed file name → (article file, seed sha256) for every imported article."""
    index: dict[str, tuple[Path, str]] = {}
    for md in sorted(content_dir.rglob("*.md")):
        found = content.seed_of(md)
        if found:
            index.setdefault(found[0], (md, found[1]))
    return index


class _Names:
    """Article files this import writes, and per slug the next number to try (-2, -3 …): many
    seeds with one title on one day must not make the search for a free name quadratic."""

    def __init__(self) -> None:
        self.taken: set[Path] = set()
        self._next: dict[Path, int] = {}

    def free(self, day_dir: Path, slug: str) -> Path:
        """`<slug>.md` in day_dir, or `<slug>-2.md`, `-3` … if on disk or taken by this import."""
        n = self._next.get(day_dir / slug, 1)
        while True:
            candidate = day_dir / (f"{slug}.md" if n == 1 else f"{slug}-{n}.md")
            if candidate not in self.taken and not candidate.exists():
                self._next[day_dir / slug] = n + 1
                return candidate
            n += 1
