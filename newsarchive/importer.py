"""The import policy: seeds/ → content/, idempotent, never clobbering a hand edit.

- A new seed becomes `content/YYYY/MM/DD/<slug>.md`; a slug taken that day gets -2, -3 ….
- A seed already imported with the same bytes is skipped without being parsed.
- A seed whose bytes changed rewrites its article in place (same slug), unless the
  article was edited by hand since: then it warns and keeps the edit.
- A seed that cannot be read is reported as `path: reason`; the others go on.

Every article file is written whole (files.py). Moving an article to another
day's folder (its seed's date changed) writes the new file, then deletes the
old one; the move is noted first in a journal beside content/
(`.cache/import-moves`), so that an import killed between the two steps is
finished by the next one instead of leaving the article twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from . import content
from .extract import extract
from .files import remove_temporary, write_atomic
from .seeds import SeedError, parse_seed
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
    paths: list[Path], content_dir: Path, today: dt.date | None = None, journal: Path | None = None
) -> ImportReport:
    """Import seed files into content_dir; `journal` defaults to `.cache/import-moves` beside it."""
    report = ImportReport()
    journal = journal or content_dir.parent / ".cache" / "import-moves"
    _finish_moves(content_dir, journal)
    remove_temporary(content_dir)
    files, report.errors = seed_files(paths)
    known = _index(content_dir)
    claimed: dict[str, Path] = {}
    for path in files:
        if path.name in claimed:
            report.errors.append(f"{path}: same file name as {claimed[path.name]}, which this import already took")
            continue
        claimed[path.name] = path
        try:
            data = path.read_bytes()
        except OSError as e:
            report.errors.append(f"{path}: cannot be read ({e.strerror or e})")
            continue
        existing = known.get(path.name)
        if existing and existing[1] == hashlib.sha256(data).hexdigest():
            report.unchanged += 1
            continue
        try:
            seed = parse_seed(data, path.name, display=str(path), today=today)
        except SeedError as e:
            report.errors.append(str(e))
            continue
        report.warnings.extend(f"{path}: {note}" for note in seed.notes)
        meta = extract(seed)
        text = content.render_file(content.front_matter(seed, meta), content.body_markdown(seed.paragraphs))
        day_dir = content_dir / f"{seed.date:%Y/%m/%d}"
        if existing:
            old = existing[0]
            if content.edited_by_hand(old.read_text(encoding="utf-8")):
                report.warnings.append(f"{old}: edited by hand, kept as it is (its seed {path} changed)")
                continue
            target = day_dir / old.name if old.parent != day_dir else old
            if target != old and target.exists():
                target = _free_path(day_dir, old.stem)
        else:
            target = _free_path(day_dir, slugify(meta.title))
        moved = existing is not None and target != existing[0]
        if moved:
            _note_move(journal, content_dir, existing[0], target)
        write_atomic(target, text.encode("utf-8"))
        if moved:
            existing[0].unlink()
        known[path.name] = (target, seed.sha256)
        report.imported.append(target)
    journal.unlink(missing_ok=True)  # every move is complete
    return report


def _note_move(journal: Path, content_dir: Path, old: Path, new: Path) -> None:
    journal.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps([old.relative_to(content_dir).as_posix(), new.relative_to(content_dir).as_posix()])
    with journal.open("a", encoding="utf-8") as f:
        f.write(line + "\n")


def _finish_moves(content_dir: Path, journal: Path) -> None:
    """Finish the moves an interrupted import noted: where the new file is in place, delete the old."""
    try:
        lines = journal.read_text(encoding="utf-8").splitlines(keepends=True)
    except FileNotFoundError:
        return
    for line in lines:
        if not line.endswith("\n"):  # cut short by the kill: that move had not started
            break
        try:
            old, new = json.loads(line)
        except ValueError:
            break
        if (content_dir / new).is_file():
            (content_dir / old).unlink(missing_ok=True)
    journal.unlink()


def _index(content_dir: Path) -> dict[str, tuple[Path, str]]:
    """Seed file name → (article file, seed sha256) for every imported article."""
    index: dict[str, tuple[Path, str]] = {}
    for md in sorted(content_dir.rglob("*.md")):
        found = content.seed_of(md)
        if found:
            index.setdefault(found[0], (md, found[1]))
    return index


def _free_path(day_dir: Path, slug: str) -> Path:
    """`<slug>.md` in day_dir, or `<slug>-2.md`, `-3` … if taken."""
    n = 1
    while True:
        candidate = day_dir / (f"{slug}.md" if n == 1 else f"{slug}-{n}.md")
        if not candidate.exists():
            return candidate
        n += 1
