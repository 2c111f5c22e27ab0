"""content/ → Site: articles in date order, indexed by tag and by day.

The build trusts content/: hand-written and hand-edited articles are first
class. A file that cannot be read is reported as `path: reason` and left out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import content, urls
from .config import Config
from .inputs import content_files
from .state import State
from .tags import KINDS, slugify, unique_slugs


@dataclass(eq=False)
class Article:
    file: str  # path relative to content/
    title: str
    date: dt.date
    slug: str
    digest: str  # sha256 of the file: what the article page depends on
    path: str  # the file, for the body
    dateline: str | None = None
    location: dict[str, str] = field(default_factory=dict)
    source: str | None = None
    via: str | None = None
    tags: list[str] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)  # case-folded tag name → the field it came from
    summary: str = ""
    url: str = ""  # output path
    seed: tuple[str, str] | None = None  # (seed file, its sha256) for imported articles
    tag_refs: list[Tag] = field(default_factory=list)  # after the alias table

    @property
    def sort_key(self) -> tuple[dt.date, str]:
        return (self.date, self.slug)

    def __repr__(self) -> str:
        """What an article page's fingerprint sees of it: its file's digest and its URL."""
        return f"Article({self.digest!r}, {self.url!r})"

    @property
    def body(self) -> str:
        """The Markdown body, read when a page needs it (not kept for 100,000 articles)."""
        return content.body_of(Path(self.path).read_text(encoding="utf-8"))


@dataclass(eq=False)
class Tag:
    name: str
    slug: str
    articles: list[Article] = field(default_factory=list)  # oldest first
    kind: str = ""  # places, organisations, topics, source, or "" (a tag named only in `tags`)

    @property
    def url(self) -> str:
        return urls.tag(self.slug)

    def __repr__(self) -> str:
        return f"Tag({self.name!r}, {self.slug!r})"


@dataclass
class Site:
    config: Config
    articles: list[Article]  # oldest first
    tags: list[Tag]  # by name
    problems: list[str]  # "path: reason" for content files left out
    days: dict[dt.date, list[Article]] = field(default_factory=dict)  # in date order
    months: dict[tuple[int, int], list[dt.date]] = field(default_factory=dict)  # (year, month) → its days
    years: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # year → its months

    def __post_init__(self) -> None:
        days: dict[dt.date, list[Article]] = defaultdict(list)
        for a in self.articles:
            days[a.date].append(a)
        self.days = dict(days)
        for d in self.days:
            self.months.setdefault((d.year, d.month), []).append(d)
        for y, m in self.months:
            self.years.setdefault(y, []).append((y, m))

    def month_count(self, ym: tuple[int, int]) -> int:
        return sum(len(self.days[d]) for d in self.months[ym])


def load_site(
    content_dir: Path, config: Config, state: State | None = None, files: list[tuple[str, int, int]] | None = None
) -> Site:
    """Read content/; with a state, a file unchanged since the last read is not parsed again.
    `files` is content_files(content_dir), when the caller has it already."""
    cached = state.content() if state else {}
    fresh: list[tuple[str, int, int, dict[str, Any]]] = []
    problems: list[str] = []
    articles: list[Article] = []
    seen: dict[str, str] = {}
    files = content_files(content_dir) if files is None else files
    root = f"{content_dir}{os.sep}"
    for rel, mtime, size in files:
        path = root + rel
        hit = cached.get(rel)
        if hit and hit[:2] == (mtime, size):
            record = hit[2]
        else:
            record = read_record(Path(path))
            fresh.append((rel, mtime, size, record))
        if "problem" in record:
            problems.append(f"{path}: {record['problem']}")
            continue
        article = Article(file=rel, path=path, **record)
        if article.url in seen:
            problems.append(f"{path}: same date and slug as {seen[article.url]}; left out")
            continue
        seen[article.url] = str(path)
        articles.append(article)
    if state:
        state.save_content(fresh, cached.keys() - {rel for rel, _, _ in files})
    articles.sort(key=lambda a: a.sort_key)
    return Site(config, articles, _index_tags(articles, config), problems)


def read_record(path: Path) -> dict[str, Any]:
    """What an article file says, as plain data (cached in the state), or {"problem": reason}."""
    try:
        data = path.read_bytes()
        fm, _ = content.parse(data.decode("utf-8"))
        return _record(fm, path.stem, hashlib.sha256(data).hexdigest())
    except UnicodeDecodeError:
        return {"problem": "not UTF-8 text"}
    except (ValueError, OSError) as e:
        return {"problem": str(e)}


def _record(fm: dict[str, Any], stem: str, digest: str) -> dict[str, Any]:
    title = fm.get("title")
    if title is not None and not isinstance(title, str):
        raise ValueError(f"title {title!r} is not text (put it in quotes)")
    if not isinstance(title, str) or not title.strip():
        raise ValueError("no title in the front matter")
    date = _date(fm.get("date"))
    slug = slugify(stem)
    location = fm.get("location") if isinstance(fm.get("location"), dict) else {}
    seed = fm.get("seed")
    return {
        "title": title.strip(),
        "date": date,
        "slug": slug,
        "digest": digest,
        "dateline": _text(fm.get("dateline")),
        "location": {k: str(v) for k, v in location.items() if k in ("city", "country") and v},
        "source": _text(fm.get("source")),
        "via": _text(fm.get("via")),
        "tags": _tag_list(fm.get("tags")),
        "kinds": {name.casefold(): kind for kind in reversed(KINDS) for name in _tag_list(fm.get(kind))},
        "summary": _text(fm.get("summary")) or "",
        "url": urls.article(date, slug),
        "seed": (seed["file"], str(seed.get("sha256", "")))
        if isinstance(seed, dict) and isinstance(seed.get("file"), str)
        else None,
    }


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


def _index_tags(articles: list[Article], config: Config) -> list[Tag]:
    """One tag per name (case-insensitive, after the alias table); slugs unique, collisions
    settled in order of first use so that an existing tag keeps its URL when a new one collides."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    members: dict[str, list[Article]] = defaultdict(list)
    for a in articles:  # oldest first
        names: list[str] = []
        seen: set[str] = set()
        for written in a.tags:
            name = config.tag_name(written)
            if name is None or (key := name.casefold()) in seen:
                continue
            names.append(name)
            seen.add(key)
            spellings[key][name] += 1
            kinds[key][a.kinds.get(written.casefold(), "")] += 1
            members[key].append(a)
        a.tag_refs = names  # type: ignore[assignment] # names for now, Tags below
    display = {key: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for key, c in spellings.items()}
    slugs = unique_slugs(display.values())
    tags = {key: Tag(name, slugs[name], members[key], _kind(kinds[key])) for key, name in display.items()}
    for a in articles:
        a.tag_refs = [tags[name.casefold()] for name in a.tag_refs]  # type: ignore[union-attr]
    return sorted(tags.values(), key=lambda t: (t.name.casefold(), t.slug))


def _kind(counts: Counter[str]) -> str:
    """The kind most articles give a tag; ties go to the earlier of KINDS."""
    order = {k: i for i, k in enumerate(KINDS)}
    return min(counts.items(), key=lambda kv: (-kv[1], order.get(kv[0], len(order))))[0]
