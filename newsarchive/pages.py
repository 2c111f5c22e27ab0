"""Plan: Site → the pages to write. Each page is an output path, a layout and its data.

Listings are numbered from the oldest article (page 1 holds the oldest), so a
new article changes only the newest numbered page and the index, and an old
page URL keeps its content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from . import urls
from .site import Article, Site, Tag


@dataclass(frozen=True)
class Page:
    path: str  # output path, relative to output/
    layout: str  # template name in layouts/
    data: dict[str, Any]  # everything the layout can see: views below, links, numbers, strings


# Fingerprints repr every page's data: the views below have plain reprs, without the
# recursion guard of dataclasses' own, which costs more than the rest of the fingerprint.


@dataclass(frozen=True, repr=False)
class Link:
    """A link to another page, with its label: what templates receive for navigation."""

    label: str
    path: str

    def __repr__(self) -> str:
        return f"Link({self.label!r}, {self.path!r})"


@dataclass(frozen=True, repr=False)
class TagRef:
    """A tag as other pages show it."""

    name: str
    slug: str
    count: int = 0

    def __repr__(self) -> str:
        return f"TagRef({self.name!r}, {self.slug!r}, {self.count})"

    @property
    def url(self) -> str:
        return urls.tag(self.slug)


@dataclass(frozen=True, repr=False)
class Entry:
    """An article as a listing shows it: listings can see nothing else of it (not its body)."""

    title: str
    date: dt.date
    url: str
    summary: str
    dateline: str | None

    @cached_property
    def _repr(self) -> str:  # fingerprints repr every listing's entries: once per entry is enough
        return f"Entry({self.title!r}, {self.date!r}, {self.url!r}, {self.summary!r}, {self.dateline!r})"

    def __repr__(self) -> str:
        return self._repr


@dataclass(frozen=True, repr=False)
class FeedEntry:
    """An article as a feed shows it."""

    entry: Entry
    slug: str
    source: str | None
    tags: tuple[TagRef, ...]

    def __repr__(self) -> str:
        return f"FeedEntry({self.entry!r}, {self.slug!r}, {self.source!r}, {self.tags!r})"


@dataclass(frozen=True, repr=False)
class MonthEntry:
    """A month as a year page lists it: its link, size and newest headlines."""

    link: Link
    count: int
    newest: tuple[Entry, ...] = ()

    def __repr__(self) -> str:
        return f"MonthEntry({self.link!r}, {self.count}, {self.newest!r})"


YEAR_HEADLINES = 10  # a year page lists each month's newest headlines, the month page the rest
SITEMAP_MAX = 50_000  # URLs in one sitemap file; past that, a sitemap index


def entry(a: Article) -> Entry:
    """The article's Entry, made once."""
    made = a.__dict__.get("_entry")
    if made is None:
        made = a.__dict__["_entry"] = Entry(a.title, a.date, a.url, a.summary, a.dateline)
    return made


def tag_ref(t: Tag, with_count: bool = False) -> TagRef:
    return TagRef(t.name, t.slug, len(t.articles) if with_count else 0)


def plan(site: Site) -> list[Page]:
    from . import search  # search builds on the views here

    pages = [*_articles(site), *_tags(site), *_dates(site), _home(site), *search.pages(site)]
    pages += _feeds(site)
    pages += _sitemaps([p for p in pages if p.layout.endswith(".html")])
    pages += [
        Page(urls.NOT_FOUND, "404.html", {"absolute_links": True}),
        Page(urls.ROBOTS, "robots.txt", {"sitemap": urls.SITEMAP}),
    ]
    return pages


def _articles(site: Site) -> Iterator[Page]:
    items = site.articles
    for i, a in enumerate(items):
        yield Page(
            a.url,
            "article.html",
            {
                "article": a,
                "tags": tuple(tag_ref(t) for t in a.tag_refs),
                "previous": entry(items[i - 1]) if i > 0 else None,
                "next": entry(items[i + 1]) if i + 1 < len(items) else None,
                "day": urls.day(a.date.year, a.date.month, a.date.day),
            },
        )


def _home(site: Site) -> Page:
    latest = [entry(a) for a in site.articles[-site.config.home_entries :][::-1]]
    years = [_year_link(y) for y in reversed(site.years)]
    data = {"articles": latest, "years": years, "tag_count": len(site.tags), "feed": urls.FEED}
    return Page(urls.HOME, "home.html", data)


def _feeds(site: Site) -> Iterator[Page]:
    """Atom feeds of the latest articles: the site's, and each tag's."""
    n = site.config.feed_entries
    yield _feed(urls.FEED, urls.HOME, site.config.title, site.articles[-n:][::-1])
    for tag in site.tags:
        yield _feed(urls.tag_feed(tag.slug), tag.url, f"{tag.name} · {site.config.title}", tag.articles[-n:][::-1])


def _feed(path: str, alternate: str, title: str, articles: list[Article]) -> Page:
    entries = [FeedEntry(entry(a), a.slug, a.source, tuple(tag_ref(t) for t in a.tag_refs)) for a in articles]
    return Page(path, "atom.xml", {"title": title, "alternate": alternate, "entries": entries})


def _sitemaps(html_pages: list[Page]) -> list[Page]:
    """sitemap.xml: an index of one sitemap per year of dated pages (sitemap-2024.xml) and one of
    the rest (sitemap-pages.xml), each split past SITEMAP_MAX URLs (sitemap-2024-2.xml …), so
    that a new article rewrites only its year's sitemap. lastmod only where a date is known."""
    groups: dict[str, list[tuple[str, dt.date | None]]] = {}
    for p in html_pages:
        head = p.path.split("/", 1)[0]
        group = head if len(head) == 4 and head.isdigit() else "pages"
        groups.setdefault(group, []).append((p.path, p.data["article"].date if "article" in p.data else None))
    sitemaps: list[Page] = []
    for group in sorted(groups, key=lambda g: (g == "pages", g)):
        entries = groups[group]
        for n, i in enumerate(range(0, len(entries), SITEMAP_MAX), 1):
            name = f"sitemap-{group}.xml" if n == 1 else f"sitemap-{group}-{n}.xml"
            sitemaps.append(Page(name, "sitemap.xml", {"entries": entries[i : i + SITEMAP_MAX]}))
    index = Page(urls.SITEMAP, "sitemap-index.xml", {"sitemaps": [p.path for p in sitemaps]})
    return [index, *sitemaps]


def _tags(site: Site) -> Iterator[Page]:
    yield Page(urls.TAGS, "tags.html", {"groups": _tag_groups(site.tags)})
    per = site.config.per_page
    for tag in site.tags:
        ref = tag_ref(tag, with_count=True)
        chunks = [tag.articles[i : i + per] for i in range(0, len(tag.articles), per)]
        pages = [Link(str(n), urls.tag(tag.slug, n)) for n in range(1, len(chunks) + 1)] if len(chunks) > 1 else []
        yield _tag_page(ref, urls.tag(tag.slug), tag.articles[-per:][::-1], pages, None)
        for n, chunk in enumerate(chunks, 1) if pages else ():
            # A numbered page shows no count and links only to its neighbours: it stays as it is.
            nav = [pages[n - 2] if n > 1 else None, pages[n] if n < len(pages) else None]
            yield _tag_page(tag_ref(tag), urls.tag(tag.slug, n), chunk[::-1], nav, n)


TAG_GROUPS = (("places", "Places"), ("organisations", "Organisations"), ("topics", "Topics"),
              ("source", "Sources"), ("", "Other tags"))  # fmt: skip


def _tag_groups(tags: list[Tag]) -> list[tuple[str, list[TagRef]]]:
    """The tag list by kind, each group most used first."""
    groups = []
    for kind, heading in TAG_GROUPS:
        members = sorted((t for t in tags if t.kind == kind), key=lambda t: (-len(t.articles), t.name.casefold()))
        if members:
            groups.append((heading, [tag_ref(t, with_count=True) for t in members]))
    return groups


def _tag_page(tag: TagRef, path: str, articles: list[Article], pages: list[Link | None], number: int | None) -> Page:
    data = {
        "tag": tag,
        "articles": [entry(a) for a in articles],
        "pages": pages,
        "number": number,
        "feed": urls.tag_feed(tag.slug),
    }
    return Page(path, "tag.html", data)


def _dates(site: Site) -> Iterator[Page]:
    days, months, years = list(site.days), list(site.months), list(site.years)
    archive = [(_year_link(y), [MonthEntry(_month_link(ym), site.month_count(ym)) for ym in site.years[y]])
               for y in years[::-1]]  # fmt: skip
    yield Page(urls.ARCHIVE, "archive.html", {"years": archive})
    for i, y in enumerate(years):
        months_of_year = []
        for ym in site.years[y]:
            newest = [a for d in reversed(site.months[ym]) for a in reversed(site.days[d])][:YEAR_HEADLINES]
            months_of_year.append(MonthEntry(_month_link(ym), site.month_count(ym), tuple(map(entry, newest))))
        yield Page(
            urls.year(y),
            "year.html",
            {
                "year": y,
                "months": months_of_year,
                "count": sum(site.month_count(ym) for ym in site.years[y]),
                "up": Link("Archive", urls.ARCHIVE),
                "previous": _neighbour(years, i - 1, _year_link),
                "next": _neighbour(years, i + 1, _year_link),
            },
        )
    for i, ym in enumerate(months):
        yield Page(
            urls.month(*ym),
            "month.html",
            {
                "month": _month_link(ym),
                "days": [(_day_link(d), [entry(a) for a in site.days[d]]) for d in site.months[ym]],
                "count": site.month_count(ym),
                "up": _year_link(ym[0]),
                "previous": _neighbour(months, i - 1, _month_link),
                "next": _neighbour(months, i + 1, _month_link),
            },
        )
    for i, d in enumerate(days):
        yield Page(
            urls.day(d.year, d.month, d.day),
            "day.html",
            {
                "day": _day_link(d),
                "articles": [entry(a) for a in site.days[d]],
                "up": _month_link((d.year, d.month)),
                "previous": _neighbour(days, i - 1, _day_link),
                "next": _neighbour(days, i + 1, _day_link),
            },
        )


MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")  # fmt: skip


def long_date(d: dt.date) -> str:
    """15 December 2020 (no locale: the same on every machine)."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _year_link(y: int) -> Link:
    return Link(str(y), urls.year(y))


def _month_link(ym: tuple[int, int]) -> Link:
    return Link(f"{MONTHS[ym[1] - 1]} {ym[0]}", urls.month(*ym))


def _day_link(d: dt.date) -> Link:
    return Link(long_date(d), urls.day(d.year, d.month, d.day))


def _neighbour(items: list[Any], i: int, link: Callable[[Any], Link]) -> Link | None:
    return link(items[i]) if 0 <= i < len(items) else None
