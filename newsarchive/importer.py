"""The import policy: seeds/ → content/, idempotent, never clobbering a hand edit.

- A new seed becomes `content/YYYY/MM/DD/<slug>.md`; a slug taken that day gets -2, -3 ….
- A seed already imported with the same bytes is skipped without being parsed. A run looks
  only at the seeds new or changed since the last one, those named by article files that
  changed, and those it warned about (_View); the rest are as the last run left them.
- A seed whose bytes changed rewrites its article in place (same slug), unless the
  article was edited by hand since: then it warns and keeps the edit.
- A seed that cannot be read is reported as `path: reason`; the others go on.
- Every seed is read and checked before any file is written; with `strict`, an error
  or a warning in any of them means none is written.

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
import marshal
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .files import remove_temporary, write_atomic
from .inputs import Packed, Row, Unpacked, changes, content_files, pack, patched, txt_files
from .seeds import SeedError, parse_seed, read_seed_bytes
from .state import State
from .workers import alongside


@dataclass
class ImportReport:
    imported: list[Path] = field(default_factory=list)  # article files written (new or updated)
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)  # "path: reason", seeds skipped
    warnings: list[str] = field(default_factory=list)  # "path: what was kept or assumed"
    listing: Sequence[Row] = field(default_factory=list)  # content/ after the import
    seeds: Sequence[Row] = field(default_factory=list)  # the seed files as listed
    records: dict[str, Any] | None = None  # the state's content records, when the import read them

    def line(self) -> str:
        return f"imported {len(self.imported)}, unchanged {self.unchanged}, skipped {len(self.errors)} with errors"


Writes = list[tuple[Path, bytes, Path | None]]  # an import's (article file, its bytes, the file it replaces)


def seed_files(paths: list[Path]) -> tuple[list[tuple[str, int, int]], list[str]]:
    """(path, mtime_ns, size) of the seed files named by paths (files, or folders searched
    for *.txt), sorted within each folder; and errors."""
    files: list[tuple[str, int, int]] = []
    errors: list[str] = []
    for p in paths:
        if p.is_dir():
            files.extend(txt_files(str(p)))
        elif p.is_file():
            st = p.stat()
            files.append((str(p), st.st_mtime_ns, st.st_size))
        else:
            errors.append(f"{p}: no such file or folder")
    return files, errors


def _seeds_then(
    paths: list[Path], load_view: Callable[[], _View | None], meanwhile: Callable[[], object] | None
) -> tuple[list[Row], list[str], _View | None]:
    """seed_files(paths), and the last import's view. While content/ (more folders, listed in
    another process) is still being listed: if the seeds are not as the view saw them, one is
    to be read, so `meanwhile` (the caller's imports of what follows) runs now rather than later.
    A run that finds nothing changed does not pay for it."""
    files, errors = seed_files(paths)
    view = load_view()
    if meanwhile and (view is None or view.seeds != pack(files)):
        meanwhile()
    return files, errors, view


def import_seeds(
    paths: list[Path],
    content_dir: Path,
    today: dt.date | None = None,
    state: State | None = None,
    journal: Path | None = None,
    strict: bool = False,
    listed: tuple[Sequence[Row], Sequence[Row]] | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> ImportReport:
    """Import seeds into content_dir. With a state, a run whose seeds and content/ look as the
    last clean run left them does nothing; a seed unchanged since it was last read (same size
    and mtime) is not read again; an article unchanged since it was last read is not parsed.
    `journal` (default `.cache/import-moves` beside content/) notes moves of articles. With
    strict, any error or warning means nothing is written. `listed`: (seed files, content/) as the
    caller knows them to be now, not to be listed again (a preview, told what changed).
    `meanwhile`: what to do while content/ is listed (the caller's imports of what comes next)."""
    from . import kept

    report = ImportReport()
    journal = journal or content_dir.parent / ".cache" / "import-moves"
    if state and state.path:  # what extraction makes once (the gazetteer's index) is kept beside the state
        kept.keep_in(state.path.parent)
    _finish_moves(content_dir, journal)
    if not state or state.get("importing"):  # the last import may have been killed half-way
        remove_temporary(content_dir)
    where = _where(content_dir)

    def load_view() -> _View | None:
        return _View.load(state.blob(VIEW), where) if state and len(paths) == 1 else None

    if listed is not None:
        files, listing = listed
        view = load_view()
    else:  # both listings at once (each is a stat of every file: 100,000 seeds take about half a second)
        packed, (files, report.errors, view) = alongside(
            lambda: pack(content_files(content_dir)), lambda: _seeds_then(paths, load_view, meanwhile)
        )
        listing = Unpacked(packed)  # made rows only if the import writes, or the site is read whole
    report.seeds, report.listing = files, listing
    picked = view.changed(files, listing, content_dir, state) if view and state and not report.errors else None
    if picked is not None:  # only the seeds picked can be anything but unchanged
        candidates = picked
        report.unchanged = len(files) - len(picked)
        if not picked:
            return report
        assert state is not None
        known = {base: found for _, base, _ in picked if (found := state.seed_article(base))}
        read_before = state.seeds([key for _, _, key in picked])
    else:
        candidates = _candidates(files)
        known = _index(content_dir, listing, state, report)
        read_before = state.seeds() if state else {}
    seen: list[tuple[str, int, int, str]] = []
    claimed: dict[str, str] = {}
    redo: list[tuple[str, int, int]] = []  # seeds with an error or a warning: looked at again next time
    twice = False
    todo: list[tuple[str, int, int, str, str, tuple[str, str] | None]] = []  # (name, mtime, size, key, base, indexed)
    for (name, mtime, size), base, key in candidates:
        if base in claimed:
            report.errors.append(f"{name}: same file name as {claimed[base]}, which this import already took")
            twice = True  # the next run must see every seed again, to say so again
            continue
        claimed[base] = name
        indexed = known.get(base)
        if indexed and read_before.get(key) == (mtime, size, indexed[1]):
            report.unchanged += 1
            continue
        todo.append((name, mtime, size, key, base, indexed))
    writes: Writes = []
    names = _Names()
    jobs = [(name, indexed[1] if indexed else None, today) for name, _, _, _, _, indexed in todo]
    for (name, mtime, size, key, base, indexed), read in zip(todo, _read_seeds(jobs), strict=True):
        problems = len(report.errors) + len(report.warnings)
        if isinstance(read, str):  # what is wrong with it
            report.errors.append(read)
        else:
            sha, notes, article = read
            seen.append((key, mtime, size, sha))
            report.warnings.extend(notes)
            planned = None
            try:
                if article is None:  # the bytes its article was made from
                    report.unchanged += 1
                else:
                    planned = _place(Path(name), content_dir, indexed, names, article, report)
            except Exception as e:  # its article could not be read: reported like a bad seed
                report.errors.append(f"{name}: could not be imported ({type(e).__name__}: {e})")
            if planned:
                writes.append(planned)
                names.taken.add(planned[0])
                known[base] = (planned[0].relative_to(content_dir).as_posix(), sha)
        if len(report.errors) + len(report.warnings) > problems:
            redo.append((name, mtime, size))
    if strict and (report.errors or report.warnings):
        return report  # nothing written
    if state and writes:
        state.put("importing", "1")
    for target, data, old in writes:
        moved = old is not None and old != target
        if moved:
            _note_move(journal, content_dir, old, target)
        write_atomic(target, data)
        if moved:
            old.unlink(missing_ok=True)
        report.imported.append(target)
    written: list[Row] = []
    if report.imported:
        report.listing, written = _updated(listing, content_dir, writes)
    journal.unlink(missing_ok=True)  # every move is complete
    if state:
        _keep_records(content_dir, state, report, writes, written)
        state.put("importing", None)
        state.save_seeds(seen)
        if twice:
            state.name_blob(VIEW, None)
        else:
            made = view.after(files, report.listing, redo) if view and picked is not None else None
            state.name_blob(VIEW, state.write_blob(VIEW, (made or _View.of(files, report.listing, redo, where)).dump()))
    return report


def ready() -> None:
    """Load now what reading a new seed loads on its first use (the extraction code, the gazetteer's
    index): a preview does, once built, so that the first change it sees is as quick as the rest."""
    from . import extract, gazetteer  # noqa: F401

    gazetteer.load()


SEEDS_PARALLEL_MIN = 100  # seeds to read before worker processes pay for themselves

# A seed read: its sha256, its warnings ("path: note"), and (date, slug, article file bytes), or
# None when its bytes are those its article was made from; or what is wrong with it ("path: reason").
Read = str | tuple[str, list[str], tuple[dt.date, str, bytes] | None]


def _read_seeds(jobs: list[tuple[str, str | None, dt.date | None]]) -> list[Read]:
    """_read_seed of each job, in forked workers when there are many (a first import reads every
    seed). When some are new, the gazetteer's index is loaded first, here, for the workers to share;
    seeds already imported are mostly only hashed (a build whose state was deleted reads them all)."""
    from . import gazetteer
    from .workers import map_forked

    if len(jobs) >= SEEDS_PARALLEL_MIN and any(article_sha is None for _, article_sha, _ in jobs):
        gazetteer.load()
    return map_forked(_read_seed, jobs, SEEDS_PARALLEL_MIN, "importing")


def _read_seed(job: tuple[str, str | None, dt.date | None]) -> Read:
    """Read, parse and extract one seed (path, the sha256 its article names, today), and make its
    article file; nothing is written. An error is returned, not raised: a bug must not lose the
    other seeds."""
    from . import content
    from .extract import extract
    from .tags import slugify

    name, article_sha, today = job
    path = Path(name)
    try:
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:  # named with its bad bytes escaped (\xe9), so that it can be printed
            shown = os.fsencode(path).decode("utf-8", "backslashreplace")
            raise SeedError(shown, "file name is not valid UTF-8: rename the file") from None
        data = read_seed_bytes(path)
        sha = hashlib.sha256(data).hexdigest()
        if sha == article_sha:
            return sha, [], None
        seed = parse_seed(data, path.name, display=str(path), today=today)
        meta = extract(seed)
        text = content.render_file(content.front_matter(seed, meta), content.body_markdown(seed.paragraphs))
        return sha, [f"{path}: {note}" for note in seed.notes], (seed.date, slugify(meta.title), text.encode("utf-8"))
    except SeedError as e:
        return str(e)
    except Exception as e:
        return f"{name}: could not be imported ({type(e).__name__}: {e})"


def _place(
    path: Path,
    content_dir: Path,
    indexed: tuple[str, str] | None,
    names: _Names,
    article: tuple[dt.date, str, bytes],
    report: ImportReport,
) -> tuple[Path, bytes, Path | None] | None:
    """Where a seed's article goes: (target, bytes, the file it replaces), or None when its article
    was edited by hand (kept, and warned about)."""
    from . import content

    date, slug, data = article
    day_dir = content_dir / f"{date:%Y/%m/%d}"
    old = content_dir / indexed[0] if indexed else None
    if old:
        if content.edited_by_hand(old.read_text(encoding="utf-8")):
            report.warnings.append(f"{old}: edited by hand, kept as it is (its seed {path} changed)")
            return None
        target = day_dir / old.name if old.parent != day_dir else old
        if target != old and (target.exists() or target in names.taken):
            target = names.free(day_dir, old.stem)
    else:
        target = names.free(day_dir, slug)
    return target, data, old


Candidate = tuple[Row, str, str]  # a seed file's row, its file name and its absolute path (its key in the state)


def _where(content_dir: Path) -> str:
    """content/ and the working folder (seed paths may be relative to it): what a view holds for."""
    return f"{os.path.abspath(content_dir)}\0{os.getcwd()}"


def _candidates(rows: Sequence[Row]) -> list[Candidate]:
    cwd = os.getcwd()
    return [(row, os.path.basename(row[0]), row[0] if row[0].startswith("/") else f"{cwd}/{row[0]}") for row in rows]


VIEW = "import"  # the state's blob of what the last import saw
VIEW_VERSION = 3
CHANGES_MAX = 1000  # files changed past which every seed is looked at (as on a first import)


@dataclass
class _View:
    """What the last import saw: the seed files, content/ as it left it, the seeds' file names,
    and the seeds it must look at again (each error and warning is reported on every run). A
    run compares its listings with these, and looks only at the seeds new or changed, those
    named by the article files changed, and those to look at again."""

    where: str  # _where()
    seeds: Packed
    content: Packed
    names: str  # "\0name\0name\0…", to find a new seed's name taken
    redo: list[Row]
    seeds_changed: tuple[list[Row], list[Row]] = ([], [])  # (gone, came), once changed() has looked

    @staticmethod
    def of(seeds: Sequence[Row], content: Sequence[Row], redo: list[Row], where: str) -> _View:
        names = "\0" + "".join(f"{os.path.basename(p)}\0" for p, _, _ in seeds)
        return _View(where, pack(seeds), pack(content), names, redo)

    def dump(self) -> bytes:
        return marshal.dumps((VIEW_VERSION, self.where, *self.seeds, *self.content, self.names, self.redo))

    @staticmethod
    def load(data: bytes | None, where: str) -> _View | None:
        try:
            version, was, *fields = marshal.loads(data) if data else (None, None)
            if version != VIEW_VERSION or was != where:
                return None
            seeds, content, names, redo = tuple(fields[:3]), tuple(fields[3:6]), *fields[6:]
        except (ValueError, EOFError, TypeError):
            return None
        return _View(where, seeds, content, names, redo)

    def changed(
        self, seeds: Sequence[Row], content: Sequence[Row], content_dir: Path, state: State
    ) -> list[Candidate] | None:
        """The seeds to look at, in listing order; None if every seed must be (too many changes,
        or a new seed named as another is)."""
        gone, came = self.seeds_changed = changes(self.seeds, pack(seeds))
        content_gone, content_came = changes(self.content, pack(content))
        if len(gone) + len(came) + len(content_gone) + len(content_came) > CHANGES_MAX:
            return None
        went = {p for p, _, _ in gone}
        picked = {row[0]: row for row in came}
        for p, _, _ in came:
            if p not in went and f"\0{os.path.basename(p)}\0" in self.names:
                return None  # its name is taken, or the seed moved to another folder
        picked.update((row[0], row) for row in self.redo if row[0] not in went and row[0] not in picked)
        named = _seeds_named(content_dir, state, content_gone, content_came)
        if named:
            picked.update((row[0], row) for row in seeds if os.path.basename(row[0]) in named and row[0] not in picked)
        return _candidates(sorted(picked.values()))

    def after(self, seeds: Sequence[Row], content: Sequence[Row], redo: list[Row]) -> _View:
        """The view this run leaves."""
        gone, came = self.seeds_changed
        names = self.names
        for p in {p for p, _, _ in gone} - {p for p, _, _ in came}:
            names = names.replace(f"\0{os.path.basename(p)}\0", "\0", 1)
        names += "".join(f"{os.path.basename(p)}\0" for p in {p for p, _, _ in came} - {p for p, _, _ in gone})
        return _View(self.where, pack(seeds), pack(content), names, redo)


def _seeds_named(content_dir: Path, state: State, gone: list[Row], came: list[Row]) -> set[str]:
    """The seeds named by article files changed, gone or new (before and after), whose articles
    may be other files now; the state's records of those files are brought up to date."""
    from .site import Records

    if not gone and not came:
        return set()
    changed = sorted({p for p, _, _ in gone} | {p for p, _, _ in came})
    named = {seed for _, _, _, seed in state.records(changed).values() if seed}
    records = Records(content_dir, state, None)
    records.forget(sorted({p for p, _, _ in gone} - {p for p, _, _ in came}))
    records.read(came)
    named |= {seed for _, _, _, seed in state.records([p for p, _, _ in came]).values() if seed}
    return {seed.partition("\0")[0] for seed in named}


def _keep_records(content_dir: Path, state: State, report: ImportReport, writes: Writes, rows: list[Row]) -> None:
    """The records of the article files written (`rows`: as listed), kept in the state (and in the
    report's, which the build uses): the next import finds its seeds' articles there, and the
    build need not read them."""
    from .site import read_records

    if not writes:
        return
    fresh = [(*row, *read) for row, read in zip(rows, read_records(content_dir, rows), strict=True)]
    moved = [old.relative_to(content_dir).as_posix() for target, _, old in writes if old and old != target]
    state.save_content(fresh, moved)
    if report.records is not None:
        for rel in moved:
            report.records.pop(rel, None)
        report.records.update((rel, (mtime, size, record, seed)) for rel, mtime, size, record, seed in fresh)


def _updated(listing: Sequence[Row], content_dir: Path, writes: Writes) -> tuple[Sequence[Row], list[Row]]:
    """The listing of content/ after the writes (moved files out, written ones in with their sizes
    and mtimes), and the rows of the files written."""
    gone = [old.relative_to(content_dir).as_posix() for target, _, old in writes if old is not None and old != target]
    came = []
    for target, _, _ in writes:
        st = target.stat()
        came.append((target.relative_to(content_dir).as_posix(), st.st_mtime_ns, st.st_size))
    return patched(listing, gone, came), came


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


def _index(
    content_dir: Path, listing: Sequence[Row], state: State | None, report: ImportReport
) -> dict[str, tuple[str, str]]:
    """Seed file name → (article file relative to content/, seed sha256) for every imported article.
    With a state, an article file unchanged since it was last read is not read again, and one read
    here is kept in the state for the build; the report hands the build what the state holds."""
    from . import content
    from .site import read_records

    cached = state.content() if state else {}
    unread = [row for row in listing if (hit := cached.get(row[0])) is None or hit[:2] != row[1:]]
    if state and unread:  # read whole, in parallel when there are many, and kept for the build
        fresh = [(*row, *read) for row, read in zip(unread, read_records(content_dir, unread), strict=True)]
        state.save_content(fresh, ())
        cached.update((rel, (mtime, size, record, column)) for rel, mtime, size, record, column in fresh)
    elif unread:  # only the seed is wanted
        for rel, mtime, size in unread:
            seed = content.seed_of(content_dir / rel)
            cached[rel] = (mtime, size, None, "\0".join(seed) if seed else None)
    report.records = cached if state else None
    found: dict[str, tuple[str, str]] = {}
    for rel, _, _ in listing:  # in path order: of two articles from one seed, the first is the seed's
        column = cached[rel][3]  # "seed file\0sha256", "" for an article from no seed, None if unknown
        if column:
            name, _, sha = column.partition("\0")
            found.setdefault(name, (rel, sha))
    return found


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
