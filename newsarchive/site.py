"""content/ → Site: articles in date order, indexed by tag and by day.

The build trusts content/: hand-written and hand-edited articles are first
class. A file that cannot be read is reported as `path: reason` and left out.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import content, urls
from .config import Config
from .tags import KINDS, slugify, unique_slugs


@dataclass(eq=False)
class Article:
    file: str  # path relative to content/
    title: str
    date: dt.date
    slug: str
    body: str  # Markdown
    dateline: str | None = None
    location: dict[str, str] = field(default_factory=dict)
    source: str | None = None
    via: str | None = None
    tags: list[str] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)  # case-folded tag name → the field it came from
    summary: str = ""
    url: str = ""  # output path
    tag_refs: list[Tag] = field(default_factory=list)

    @property
    def sort_key(self) -> tuple[dt.date, str]:
        return (self.date, self.slug)


@dataclass(eq=False)
class Tag:
    name: str
    slug: str
    articles: list[Article] = field(default_factory=list)  # oldest first
    kind: str = ""  # places, organisations, topics, source, or "" (a tag named only in `tags`)

    @property
    def url(self) -> str:
        return urls.tag(self.slug)


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


def load_site(content_dir: Path, config: Config) -> Site:
    problems: list[str] = []
    articles: list[Article] = []
    seen: dict[str, str] = {}
    for path in sorted(content_dir.rglob("*.md")):
        rel = path.relative_to(content_dir).as_posix()
        try:
            article = read_article(path, rel)
        except ValueError as e:
            problems.append(f"{path}: {e}")
            continue
        if article.url in seen:
            problems.append(f"{path}: same date and slug as {seen[article.url]}; left out")
            continue
        seen[article.url] = str(path)
        articles.append(article)
    articles.sort(key=lambda a: a.sort_key)
    return Site(config, articles, _index_tags(articles, config), problems)


def read_article(path: Path, rel: str) -> Article:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    fm, body = content.parse(text)
    title = fm.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ValueError("no title in the front matter")
    date = _date(fm.get("date"))
    slug = slugify(path.stem)
    location = fm.get("location") if isinstance(fm.get("location"), dict) else {}
    return Article(
        file=rel,
        title=title.strip(),
        date=date,
        slug=slug,
        body=body,
        dateline=_text(fm.get("dateline")),
        location={k: str(v) for k, v in location.items() if k in ("city", "country") and v},
        source=_text(fm.get("source")),
        via=_text(fm.get("via")),
        tags=_tag_list(fm.get("tags")),
        kinds={name.casefold(): kind for kind in reversed(KINDS) for name in _tag_list(fm.get(kind))},
        summary=_text(fm.get("summary")) or "",
        url=urls.article(date, slug),
    )


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
        names = []
        for written in a.tags:
            name = config.tag_name(written)
            if name is None or name.casefold() in {n.casefold() for n in names}:
                continue
            names.append(name)
            key = name.casefold()
            spellings[key][name] += 1
            kinds[key][a.kinds.get(written.casefold(), "")] += 1
            members[key].append(a)
        a.tags = names
    display = {key: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for key, c in spellings.items()}
    slugs = unique_slugs(display.values())
    tags = {key: Tag(name, slugs[name], members[key], _kind(kinds[key])) for key, name in display.items()}
    for a in articles:
        a.tag_refs = [tags[name.casefold()] for name in a.tags]
    return sorted(tags.values(), key=lambda t: (t.name.casefold(), t.slug))


def _kind(counts: Counter[str]) -> str:
    """The kind most articles give a tag; ties go to the earlier of KINDS."""
    order = {k: i for i, k in enumerate(KINDS)}
    return min(counts.items(), key=lambda kv: (-kv[1], order.get(kv[0], len(order))))[0]
