"""content/ → Site: articles in date order, indexed by tag and by day.

The build trusts content/: hand-written and hand-edited articles are first
class. A file that cannot be read is reported as `path: reason` and left out.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import operator
import os
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, overload

from . import content, urls
from .config import Config
from .files import read_bytes
from .inputs import Row, content_files
from .state import State
from .tags import KINDS, slugify, unique_slugs


@dataclass(eq=False, slots=True)
class Article:
    file: str  # path relative to content/
    path: str  # the file, for the body
    title: str
    date: dt.date
    slug: str
    digest: str  # sha256 of the file: what the article page depends on
    dateline: str | None
    location: tuple[str | None, str | None]  # (city, country)
    source: str | None
    via: str | None
    tags: tuple[str, ...]
    kinds: tuple[str, ...]  # for each tag, the field it came from (places, topics …) or ""
    summary: str
    url: str  # output path
    tag_refs: tuple[Tag, ...] = ()  # after the alias table
    card: str = ""  # what any page can see of it: its file's digest (all it says), its URL, its tags' names and slugs
    views: dict[str, Any] = field(default_factory=dict)  # what pages make of it once (an entry), a body being rendered

    def __repr__(self) -> str:
        """What an article page's fingerprint sees of it: its file's digest and its URL."""
        return f"Article({self.digest!r}, {self.url!r})"

    @property
    def body(self) -> str:
        """The Markdown body, read when a page needs it (not kept for 100,000 articles, but for as
        long as a renderer keeps it in `views`)."""
        kept = self.views.get("body")
        if kept is not None:
            return kept
        text = read_bytes(self.path).decode("utf-8")
        return content.body_of(text.replace("\r\n", "\n").replace("\r", "\n"))  # as open() reads it


# What an article file says, as read_record makes it and the state keeps it: the Article fields
# from title to url, with the date as its ordinal. Only strings, numbers, None and tuples, as the
# state keeps them with marshal: for 100,000 articles that loads several times quicker than dicts
# and dates (and marshal quicker than pickle).
Record = tuple[Any, ...]


def article(file: str, path: str, record: Record, days: dict[int, dt.date]) -> Article:
    """The Article of a record; `days` shares one date object among the articles of a day."""
    title, day, *rest = record
    date = days.get(day)
    if date is None:
        date = days[day] = dt.date.fromordinal(day)
    return Article(file, path, title, date, *rest)


class View(Sequence[Article]):
    """Some of the site's articles (a tag's, or all of them), by position, oldest first; slices
    are lists, their articles made in one go."""

    def __init__(self, articles: Articles, positions: Sequence[int]) -> None:
        self._articles = articles
        self._positions = positions

    def __len__(self) -> int:
        return len(self._positions)

    @property
    def positions(self) -> Sequence[int]:
        """The articles' positions in the site's order."""
        return self._positions

    @overload
    def __getitem__(self, i: int) -> Article: ...
    @overload
    def __getitem__(self, i: slice) -> list[Article]: ...
    def __getitem__(self, i: int | slice) -> Article | list[Article]:
        if isinstance(i, slice):
            return self._articles.take(self._positions[i])
        return self._articles.one(self._positions[i])

    def __iter__(self) -> Iterator[Article]:
        return iter(self._articles.take(self._positions))


class Articles(View):
    """The site's articles, oldest first. A site loaded whole has made them all; a site made from
    its outline (outline.py) makes each from its record when a page first asks for it."""

    def __init__(self, made: list[Article | None], make: Callable[[list[int]], list[Article]] | None = None) -> None:
        super().__init__(self, range(len(made)))
        self._made = made
        self._make = make

    def one(self, p: int) -> Article:
        a = self._made[p]
        return a if a is not None else self.take([p])[0]

    def take(self, positions: Sequence[int]) -> list[Article]:
        made = self._made
        missing = [p for p in positions if made[p] is None]
        if missing:
            assert self._make is not None
            for p, a in zip(missing, self._make(missing), strict=True):
                made[p] = a
        return [made[p] for p in positions]  # type: ignore[misc]

    def view(self, positions: Sequence[int]) -> View:
        return View(self, positions)

    def made(self) -> list[Article]:
        """The articles made so far."""
        return [a for a in self._made if a is not None]


@dataclass(eq=False)
class Tag:
    name: str
    slug: str
    articles: Sequence[Article] = field(default_factory=list)  # oldest first
    kind: str = ""  # places, organisations, topics, source, or "" (a tag named only in `tags`)

    @property
    def url(self) -> str:
        return urls.tag(self.slug)

    def __repr__(self) -> str:
        return f"Tag({self.name!r}, {self.slug!r})"


@dataclass
class Site:
    config: Config
    articles: Articles  # oldest first
    tags: list[Tag]  # by name
    problems: list[str]  # "path: reason" for content files left out
    ordinals: list[int]  # of the articles' dates
    days: dict[dt.date, range] = field(default_factory=dict)  # in date order: its articles' positions
    months: dict[tuple[int, int], list[dt.date]] = field(default_factory=dict)  # (year, month) → its days
    years: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # year → its months
    spans: dict[tuple[int, int], range] = field(default_factory=dict)  # (year, month) → its articles' positions
    slug_of: Callable[[int], str] | None = None  # an article's slug by position, known without making it

    def __post_init__(self) -> None:
        ordinals, i = self.ordinals, 0
        while i < len(ordinals):
            j = bisect.bisect_right(ordinals, ordinals[i], i)
            d = dt.date.fromordinal(ordinals[i])
            self.days[d] = range(i, j)
            ym = (d.year, d.month)
            self.months.setdefault(ym, []).append(d)
            self.spans[ym] = range(self.spans[ym].start if ym in self.spans else i, j)
            i = j
        for y, m in self.months:
            self.years.setdefault(y, []).append((y, m))

    def links(self, positions: range) -> Iterator[tuple[str, dt.date]]:
        """(URL, date) of these articles: from their dates and slugs, where the slugs are known."""
        slug_of = self.slug_of
        if slug_of is None:
            return ((a.url, a.date) for a in self.articles.take(positions))
        return ((urls.article(d, slug_of(p)), d) for p, d in zip(positions, self._dates(positions), strict=True))

    def _dates(self, positions: range) -> Iterator[dt.date]:
        """The dates of the articles at these positions (in order), one date object a day."""
        last, day = -1, dt.date.min
        for p in positions:
            if self.ordinals[p] != last:
                last = self.ordinals[p]
                day = dt.date.fromordinal(last)
            yield day

    def month_count(self, ym: tuple[int, int]) -> int:
        return len(self.spans[ym])

    def year_span(self, y: int) -> range:
        months = self.years[y]
        return range(self.spans[months[0]].start, self.spans[months[-1]].stop)


@dataclass
class Whole:
    """A site read whole, and what its outline (outline.py) keeps besides."""

    site: Site
    bad: dict[str, str]  # path relative to content/ → its problem, for files that cannot be read
    duplicates: bool  # some articles left out for the date and slug of another
    tag_counts: dict[str, TagCounts]  # by tag key


def read_site(
    content_dir: Path,
    config: Config,
    state: State | None = None,
    files: Sequence[Row] | None = None,
    records: dict[str, Any] | None = None,
) -> Whole:
    """Read content/; with a state, a file unchanged since the last read is not parsed again.
    `files` is content_files(content_dir) and `records` state.content(), when the caller has them:
    `records` is emptied once the articles are made (they hold what it held; a cold build of
    100,000 articles would otherwise keep 60 MB of it through rendering)."""
    cached = records if records is not None else state.content() if state else {}
    days: dict[int, dt.date] = {}
    problems: dict[str, str] = {}
    bad: dict[str, str] = {}
    articles: list[Article] = []
    seen: dict[str, str] = {}
    files = content_files(content_dir) if files is None else files
    root = f"{content_dir}{os.sep}"
    unread = [(rel, mtime, size) for rel, mtime, size in files if cached.get(rel, (None, None))[:2] != (mtime, size)]
    fresh = [(*row, *read) for row, read in zip(unread, read_records(content_dir, unread), strict=True)]
    read = {rel: record for rel, _, _, record, _ in fresh}
    for rel, _, _ in files:
        path = root + rel
        record = read[rel] if rel in read else cached[rel][2]
        if isinstance(record, str):  # what is wrong with the file
            problems[rel] = bad[rel] = f"{path}: {record}"
            continue
        a = article(rel, path, record, days)
        if a.url in seen:
            problems[rel] = f"{path}: same date and slug as {seen[a.url]}; left out"
            continue
        seen[a.url] = str(path)
        articles.append(a)
    if state:
        state.save_content(fresh, cached.keys() - {rel for rel, _, _ in files})
    cached.clear()
    articles.sort(key=operator.attrgetter("date", "slug"))
    tags, counts = _index_tags(articles, config)
    ordinals = [a.date.toordinal() for a in articles]
    site = Site(config, Articles(articles), tags, list(problems.values()), ordinals)  # type: ignore[arg-type]
    return Whole(site, bad, len(problems) > len(bad), counts)


READ_PARALLEL_MIN = 500  # files to read before worker processes pay for themselves


class Records:
    """Records of content/ files for a site made from its outline: from `cached` (what the import
    read, state.content()) or the state, or read now (and kept in the state) if not current."""

    def __init__(self, content_dir: Path, state: State, cached: dict[str, Any] | None) -> None:
        self.content_dir = content_dir
        self.state = state
        self.cached = cached

    def _rows(self, files: list[str]) -> dict[str, tuple[int, int, Any, str | None]]:
        if self.cached is not None:
            return {rel: self.cached[rel] for rel in files if rel in self.cached}
        return self.state.records(files)

    def read(self, rows: list[tuple[str, int, int]]) -> dict[str, Record | str]:
        """The records (or problems) of the files listed, read again unless current."""
        known = self._rows([rel for rel, _, _ in rows])
        out = {rel: known[rel][2] for rel, mtime, size in rows if rel in known and known[rel][:2] == (mtime, size)}
        unread = [row for row in rows if row[0] not in out]
        fresh = [(*row, *read) for row, read in zip(unread, read_records(self.content_dir, unread), strict=True)]
        self.state.save_content(fresh, ())
        out.update((rel, record) for rel, _, _, record, _ in fresh)
        if self.cached is not None:
            self.cached.update((rel, (mtime, size, record, seed)) for rel, mtime, size, record, seed in fresh)
        return out

    def forget(self, files: list[str]) -> None:
        """Files no longer there."""
        self.state.save_content((), files)

    def load(self, files: list[str]) -> dict[str, Record | str]:
        """The records of files listed; one the state lacks (it keeps only what it has read) is
        read now."""
        out = {rel: row[2] for rel, row in self._rows(files).items()}
        missing = [rel for rel in files if rel not in out]
        if missing:
            rows = []
            for rel in missing:
                try:
                    st = os.stat(self.content_dir / rel)
                    rows.append((rel, st.st_mtime_ns, st.st_size))
                except OSError as e:
                    out[rel] = f"cannot be read ({e.strerror or e})"
            out.update(self.read(rows))
        return out


def read_records(content_dir: Path, files: list[tuple[str, int, int]]) -> list[tuple[Record | str, str | None]]:
    """read_record of each (path relative to content_dir, …), in worker processes when there are
    many (a build with no state reads every article)."""
    from .workers import map_forked

    return map_forked(read_record, [content_dir / rel for rel, _, _ in files], READ_PARALLEL_MIN, "reading")


def read_record(path: Path) -> tuple[Record | str, str | None]:
    """What an article file says (or what is wrong with it), and its seed: "file\0sha256" for an
    imported article, "" for one from no seed, None if not known."""
    try:
        data = read_bytes(path)
        fm, _ = content.parse(data.decode("utf-8"))
        return _record(fm, path.stem, hashlib.sha256(data).hexdigest()), _seed(fm.get("seed"))
    except UnicodeDecodeError:
        return "not UTF-8 text", None
    except (ValueError, OSError) as e:
        return str(e), None


def _record(fm: dict[str, Any], stem: str, digest: str) -> Record:
    title = fm.get("title")
    if title is not None and not isinstance(title, str):
        raise ValueError(f"title {title!r} is not text (put it in quotes)")
    if not isinstance(title, str) or not title.strip():
        raise ValueError("no title in the front matter")
    date = _date(fm.get("date"))
    slug = slugify(stem)
    location = fm.get("location") if isinstance(fm.get("location"), dict) else {}
    tags = _tag_list(fm.get("tags"))
    kinds = {name.casefold(): kind for kind in reversed(KINDS) for name in _tag_list(fm.get(kind))}
    return (
        title.strip(),
        date.toordinal(),
        slug,
        digest,
        _text(fm.get("dateline")),
        (_text(location.get("city")), _text(location.get("country"))),
        _text(fm.get("source")),
        _text(fm.get("via")),
        tuple(tags),
        tuple(kinds.get(t.casefold(), "") for t in tags),
        _text(fm.get("summary")) or "",
        urls.article(date, slug),
    )


def _seed(seed: Any) -> str:
    if isinstance(seed, dict) and isinstance(seed.get("file"), str):
        return f"{seed['file']}\0{seed.get('sha256', '')}"
    return ""


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip()).date()
        except ValueError:
            raise ValueError(f"date {value!r} is not an ISO 8601 date (YYYY-MM-DD)") from None
    raise ValueError("no date in the front matter" if value is None else f"date {value!r} is not a date")


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    return str(value).strip() or None


def _tag_list(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    out: list[str] = []
    for v in value:
        name = _text(v)
        if name and name.casefold() not in {t.casefold() for t in out}:
            out.append(" ".join(name.split()))
    return out


# How often each spelling names a tag, and each field gives it (places, topics …): the tag's name
# is its most used spelling, its kind its most used field.
TagCounts = tuple[dict[str, int], dict[str, int]]


def resolve_tags(
    tags: tuple[str, ...], kinds: tuple[str, ...], config: Config, resolved: dict[str, tuple[str, str] | None]
) -> list[tuple[str, str, str]]:
    """(key, name, kind) of each of an article's tags (as written, with the field each came from)
    after the alias table, hidden ones left out and one per key (case-insensitive name);
    `resolved` keeps what config.tag_name said."""
    out: list[tuple[str, str, str]] = []
    keys: set[str] = set()
    for written, kind in zip(tags, kinds, strict=True):
        r = resolved.get(written, False)
        if r is False:
            name = config.tag_name(written)
            r = resolved[written] = None if name is None else (name.casefold(), name)
        if r is None or r[0] in keys:
            continue
        keys.add(r[0])
        out.append((r[0], r[1], kind))
    return out


def set_card(a: Article, tags: list[Tag]) -> None:
    """An article's tag_refs and its card: what any page can see of it."""
    a.tag_refs = tuple(tags)
    a.card = f"{a.digest}\0{a.url}\0{chr(1).join([f'{t.name}{chr(2)}{t.slug}' for t in tags])}\n"


def display_name(spellings: dict[str, int]) -> str:
    """A tag's name: its most used spelling (ties: the first in code order)."""
    return min((-n, name) for name, n in spellings.items())[1]


def _index_tags(articles: list[Article], config: Config) -> tuple[list[Tag], dict[str, TagCounts]]:
    """One tag per name (case-insensitive, after the alias table); slugs unique, collisions
    settled in order of first use so that an existing tag keeps its URL when a new one collides.
    Sets each article's tag_refs and card."""
    resolved: dict[str, tuple[str, str] | None] = {}  # as written → (case-folded key, name), None if hidden
    counts: dict[str, TagCounts] = {}  # in order of first use
    members: dict[str, list[Article]] = defaultdict(list)
    keys_of: list[list[str]] = []
    for a in articles:  # oldest first
        keys: list[str] = []
        for key, name, kind in resolve_tags(a.tags, a.kinds, config, resolved):
            keys.append(key)
            spellings, kinds = counts.get(key) or counts.setdefault(key, ({}, {}))
            spellings[name] = spellings.get(name, 0) + 1
            kinds[kind] = kinds.get(kind, 0) + 1
            members[key].append(a)
        keys_of.append(keys)
    names = {key: display_name(spellings) for key, (spellings, _) in counts.items()}
    slugs = unique_slugs(names.values())
    tags = {key: Tag(name, slugs[name], members[key], kind_of(counts[key][1])) for key, name in names.items()}
    for a, keys in zip(articles, keys_of, strict=True):
        set_card(a, [tags[key] for key in keys])
    return sorted(tags.values(), key=lambda t: (t.name.casefold(), t.slug)), counts


def kind_of(counts: dict[str, int]) -> str:
    """The kind most articles give a tag; ties go to the earlier of KINDS."""
    order = {k: i for i, k in enumerate(KINDS)}
    return min(counts.items(), key=lambda kv: (-kv[1], order.get(kv[0], len(order))))[0]
