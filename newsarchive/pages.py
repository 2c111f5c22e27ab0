"""Plan: Site → the pages to write. Each page is an output path, a layout and its data.

Listings are numbered from the oldest article (page 1 holds the oldest), so a
new article changes only the newest numbered page and the index, and an old
page URL keeps its content.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from . import urls
from .site import Article, Site, Tag, View

if TYPE_CHECKING:
    from .outline import Dirty


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
SITEMAP_PART = "@sitemap"  # the "layout" of a sitemap file: written by render.sitemap_xml, not by a template


def entry(a: Article) -> Entry:
    """The article's Entry, made once."""
    made = a.views.get("entry")
    if made is None:
        made = a.views["entry"] = Entry(a.title, a.date, a.url, a.summary, a.dateline)
    return made


def tag_ref(t: Tag, with_count: bool = False) -> TagRef:
    return TagRef(t.name, t.slug, len(t.articles) if with_count else 0)


class Group(NamedTuple):
    """Pages that depend on the same slice of the site: a year's, a tag's, or the site-wide ones.

    `inputs` is a digest of everything the group's pages can see (the caller's `base`, for the
    code, layouts and config, included): when it is the same as at the last build, none of the
    group's pages can have changed and the build need not plan them. The site-wide group has
    no digest: it is planned every time.
    """

    key: str
    inputs: str
    make: Callable[[], list[Page]]


def plan(site: Site) -> list[Page]:
    """Every page of the site."""
    return [page for group in groups(site, "") for page in group.make()]


def groups(site: Site, base: str, known: dict[str, str] | None = None, dirty: Dirty | None = None) -> list[Group]:
    """A group per month (its articles, days and month page; in a year split by month, its search
    shards and sitemap too), per year (its page, and unless it is split, its search shard and
    sitemap), per tag (its index and feed), per numbered tag page, and the site-wide one.
    Groups are small so that one new article redoes little: a year's digest is made of its
    months' digests, so each article's card is hashed once for its month.
    With `dirty` (outline.py), a month or tag page it says is unchanged keeps its digest in
    `known` (the last build's): its articles are not read."""
    from . import search

    kept = known if dirty is not None and known else {}
    spans = _spans(site)
    out: list[Group] = []
    versions: dict[int, str] = {}
    for y, months in site.years.items():
        # A big year's search shards are its months' (search.py), made in their groups: a new article
        # then reads its month for them, not its year. Such a month's key says so: when the year
        # becomes big (or small), each month is a new group, its digest not kept.
        split = search.split_by_month(site, y)
        digests = []
        for ym in months:
            key = f"month:{y}-{ym[1]:02d}{'+search' if split else ''}"
            inputs = kept.get(key) if dirty and ym not in dirty.months else None
            digests.append(inputs or _span_inputs(site, f"month {ym}", spans[ym][0], base))
            out.append(Group(key, digests[-1], functools.partial(_month_group, site, ym, spans, split)))
        # Its months' digests hold the year's articles and, in the first and last, its neighbours.
        inputs = _digest([base, f"year {y}, split {split}\n", *digests])
        out.append(Group(f"year:{y}", inputs, functools.partial(_year_pages, site, y, split)))
        versions[y] = inputs[:12]
    for tag in site.tags:
        out += _groups_of_tag(site, tag, base, kept, dirty)
    out.append(Group("site", "", lambda: _site_pages(site, versions)))
    return out


Span = tuple[range, range, range]  # positions of a month's articles, days and itself in the site's lists


def _spans(site: Site) -> dict[tuple[int, int], Span]:
    """For each month, the positions of its articles, days and itself in the site's (sorted) lists."""
    spans: dict[tuple[int, int], Span] = {}
    day = 0
    for i, (ym, days) in enumerate(site.months.items()):
        spans[ym] = (site.spans[ym], range(day, day + len(days)), range(i, i + 1))
        day += len(days)
    return spans


def _digest(parts: list[str]) -> str:
    return hashlib.blake2b("".join(parts).encode(), digest_size=16).hexdigest()


def _span_inputs(site: Site, name: str, arts: range, base: str) -> str:
    """What the pages of a span of articles see: its articles and, across its bounds, the articles
    just before and after (its pages link to them, and their dates give the neighbouring day,
    month and year)."""
    start, stop = max(arts.start - 1, 0), min(arts.stop + 1, len(site.articles))
    cards = [a.card for a in site.articles[start:stop]]  # made in one go
    before = cards[0] if start < arts.start else "-\n"
    after = cards[-1] if stop > arts.stop else "-\n"
    inner = cards[arts.start - start : len(cards) - (stop - arts.stop)]
    return _digest([base, f"{name}\n", before, after, *inner])


def _groups_of_tag(site: Site, tag: Tag, base: str, kept: dict[str, str], dirty: Dirty | None) -> list[Group]:
    """A tag's index and feed, which show its size and newest articles; and each numbered page,
    which shows one slice of its articles and whether there is a next page."""
    per = site.config.per_page
    name = f"{tag.name}\0{tag.slug}\0{tag.kind}\n"
    key = f"tag:{tag.slug}"
    count, numbered = len(tag.articles), _numbered(site, tag)
    folded = tag.name.casefold()
    changed = dirty is None or folded in dirty.tags
    inputs = None if changed else kept.get(key)
    if not inputs:
        newest = tag.articles[-max(per, site.config.feed_entries) :]
        years = f"{_year_starts(site, tag)}\0" if numbered > PAGE_LINKS_MAX else ""
        inputs = _digest([base, f"tag of {count}\0", years, name, *(a.card for a in newest)])
    out = [Group(key, inputs, functools.partial(_tag_pages, site, tag))]
    for n in range(1, numbered + 1) if numbered > 1 else ():
        group = f"{key}:{n}"
        clean = not changed or (dirty is not None and not dirty.tag_page(folded, n, per, count))
        inputs = kept.get(group) if clean else None
        if not inputs:
            chunk = tag.articles[(n - 1) * per : n * per]
            inputs = _digest([base, f"tag page {n}, last {n == numbered}\0", name, *(a.card for a in chunk)])
        out.append(Group(group, inputs, functools.partial(_tag_numbered_page, site, tag, n, numbered)))
    return out


def _month_group(site: Site, ym: tuple[int, int], spans: dict[tuple[int, int], Span], split: bool) -> list[Page]:
    """A month's article pages, day pages and month page; and its search shards, in a split year."""
    from . import search

    arts, day_span, month_span = spans[ym]
    days, months = list(site.days), list(site.months)
    site.articles.take(range(max(arts.start - 1, 0), min(arts.stop + 1, len(site.articles))))  # made in one go
    pages = [_article_page(site.articles, i) for i in arts]
    pages += [_day_page(site, days, i) for i in day_span]
    pages += [_month_page(site, months, i) for i in month_span]
    if not split:
        return pages
    sitemap = _sitemap_parts(_month_name(ym), _dated_html(site, arts, [ym]))
    return pages + search.shard_pages(site, search.month_shards(site, ym)) + sitemap


def _year_pages(site: Site, y: int, split: bool) -> list[Page]:
    """A year's page, and unless it is split by month (as big years are), its search shard and
    sitemap (which lists its articles and its months' and days' pages: from their dates and
    slugs, the articles not read). A split year's sitemap lists its page; each month has its own."""
    from . import search

    if split:
        return [_year_page(site, y), *_sitemap_parts(str(y), [(urls.year(y), None)])]
    html = [(urls.year(y), None), *_dated_html(site, site.year_span(y), site.years[y])]
    shards = search.shard_pages(site, search.year_shards(site, y))
    return [_year_page(site, y), *shards, *_sitemap_parts(str(y), html)]


def _dated_html(site: Site, arts: range, months: list[tuple[int, int]]) -> list[tuple[str, dt.date | None]]:
    """The URLs (and dates) of these articles, and of these months' pages and their days'."""
    html: list[tuple[str, dt.date | None]] = list(site.links(arts))
    html += [(urls.month(*ym), None) for ym in months]
    html += [(urls.day(d.year, d.month, d.day), None) for ym in months for d in site.months[ym]]
    return html


def _month_name(ym: tuple[int, int]) -> str:
    return f"{ym[0]}-{ym[1]:02d}"


def _site_pages(site: Site, versions: dict[int, str]) -> list[Page]:
    from . import search

    pages = [
        Page(urls.TAGS, "tags.html", {"groups": _tag_groups(site.tags)}),
        _archive(site),
        _home(site),
        search.search_page(site, versions),
    ]
    # Every listing page but the years' (in their own sitemaps): the site's and the tags'.
    html = [p.path for p in pages[:1]]
    for tag in site.tags:
        html.append(urls.tag(tag.slug))
        numbered = _numbered(site, tag)
        html += [urls.tag(tag.slug, n) for n in range(1, numbered + 1)] if numbered > 1 else []
    html += [p.path for p in pages[1:]]
    parts = _sitemap_parts("pages", [(path, None) for path in html])
    dated_parts = [
        _part_name(name, n) for name, count in _dated_sitemaps(site) for n in range(1, -(-count // SITEMAP_MAX) + 1)
    ]
    pages.append(Page(urls.FEED, "atom.xml", _feed_data(urls.HOME, site.config.title, site.articles, site)))
    pages.append(Page(urls.SITEMAP, "sitemap-index.xml", {"sitemaps": dated_parts + [p.path for p in parts]}))
    pages += parts
    pages += [
        Page(urls.NOT_FOUND, "404.html", {"absolute_links": True}),
        Page(urls.ROBOTS, "robots.txt", {"sitemap": urls.SITEMAP}),
    ]
    return pages


def _article_page(items: Sequence[Article], i: int) -> Page:
    a = items[i]
    return Page(
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


def _feed_data(alternate: str, title: str, articles: Sequence[Article], site: Site) -> dict[str, Any]:
    """An Atom feed of the newest of `articles` (oldest first)."""
    newest = articles[-site.config.feed_entries :][::-1]
    entries = [FeedEntry(entry(a), a.slug, a.source, tuple(tag_ref(t) for t in a.tag_refs)) for a in newest]
    return {"title": title, "alternate": alternate, "entries": entries}


def _part_name(group: str, n: int) -> str:
    return f"sitemap-{group}.xml" if n == 1 else f"sitemap-{group}-{n}.xml"


def _sitemap_parts(group: str, entries: list[tuple[str, dt.date | None]]) -> list[Page]:
    """A group's sitemap (sitemap-2024.xml, sitemap-pages.xml), split past SITEMAP_MAX URLs."""
    return [
        Page(_part_name(group, n), SITEMAP_PART, {"entries": entries[i : i + SITEMAP_MAX]})
        for n, i in enumerate(range(0, len(entries), SITEMAP_MAX), 1)
    ]


def _dated_sitemaps(site: Site) -> Iterator[tuple[str, int]]:
    """The name of each year's sitemap, and of each month's in a year split by month, and how many
    URLs each lists (before it is split past SITEMAP_MAX)."""
    from . import search

    for y, months in site.years.items():
        if not search.split_by_month(site, y):
            yield str(y), 1 + len(site.year_span(y)) + sum(len(site.months[ym]) + 1 for ym in months)
            continue
        yield str(y), 1
        for ym in months:
            yield _month_name(ym), len(site.spans[ym]) + len(site.months[ym]) + 1


PAGE_LINKS_MAX = 24  # numbered pages a tag's index links to one by one; past that, by year


def _tag_pages(site: Site, tag: Tag) -> list[Page]:
    """A tag's index (its newest articles, links to its numbered pages) and its feed. The index
    of a tag with many pages links to the page where each year begins, not to every page (a tag
    of 40,000 articles has 2,000)."""
    per = site.config.per_page
    numbered = _numbered(site, tag)
    if numbered > PAGE_LINKS_MAX:
        links = [Link(str(year), urls.tag(tag.slug, i // per + 1)) for year, i in _year_starts(site, tag)]
    else:
        links = [Link(str(n), urls.tag(tag.slug, n)) for n in range(1, numbered + 1)] if numbered > 1 else []
    ref = tag_ref(tag, with_count=True)
    feed = _feed_data(tag.url, f"{tag.name} · {site.config.title}", tag.articles, site)
    return [
        _tag_page(ref, urls.tag(tag.slug), tag.articles[-per:][::-1], links, None, numbered > PAGE_LINKS_MAX),
        Page(urls.tag_feed(tag.slug), "atom.xml", feed),
    ]


def _year_starts(site: Site, tag: Tag) -> list[tuple[int, int]]:
    """(year, the index of the tag's first article of that year), for each year it has articles in;
    from the dates by position, the articles not made."""
    arts = tag.articles
    if isinstance(arts, View):
        ordinals = [site.ordinals[p] for p in arts.positions]
    else:
        ordinals = [a.date.toordinal() for a in arts]
    starts = []
    i = 0
    while i < len(ordinals):
        year = dt.date.fromordinal(ordinals[i]).year
        starts.append((year, i))
        i = bisect.bisect_left(ordinals, dt.date(year + 1, 1, 1).toordinal(), i)
    return starts


def _numbered(site: Site, tag: Tag) -> int:
    """How many pages a tag's articles fill (numbered pages exist only when that is more than one)."""
    return -(-len(tag.articles) // site.config.per_page)


def _tag_numbered_page(site: Site, tag: Tag, n: int, numbered: int) -> list[Page]:
    """Page n of a tag's articles, oldest first. It shows no count and links only to its
    neighbours: it stays as it is while newer articles come."""
    per = site.config.per_page
    chunk = tag.articles[(n - 1) * per : n * per]
    nav = [
        Link(str(n - 1), urls.tag(tag.slug, n - 1)) if n > 1 else None,
        Link(str(n + 1), urls.tag(tag.slug, n + 1)) if n < numbered else None,
    ]
    return [_tag_page(tag_ref(tag), urls.tag(tag.slug, n), chunk[::-1], nav, n)]


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


def _tag_page(
    tag: TagRef, path: str, articles: list[Article], pages: list[Link | None], number: int | None, by_year: bool = False
) -> Page:
    data = {
        "tag": tag,
        "articles": [entry(a) for a in articles],
        "pages": pages,
        "by_year": by_year,  # pages are the first page of each year
        "number": number,
        "feed": urls.tag_feed(tag.slug),
    }
    return Page(path, "tag.html", data)


def _archive(site: Site) -> Page:
    archive = [(_year_link(y), [MonthEntry(_month_link(ym), site.month_count(ym)) for ym in site.years[y]])
               for y in reversed(site.years)]  # fmt: skip
    return Page(urls.ARCHIVE, "archive.html", {"years": archive})


def _year_page(site: Site, y: int) -> Page:
    years = list(site.years)
    i = years.index(y)
    months_of_year = []
    for ym in site.years[y]:
        arts = site.spans[ym]
        newest = site.articles[max(arts.start, arts.stop - YEAR_HEADLINES) : arts.stop][::-1]
        months_of_year.append(MonthEntry(_month_link(ym), site.month_count(ym), tuple(map(entry, newest))))
    data = {
        "year": y,
        "months": months_of_year,
        "count": sum(site.month_count(ym) for ym in site.years[y]),
        "up": Link("Archive", urls.ARCHIVE),
        "previous": _neighbour(years, i - 1, _year_link),
        "next": _neighbour(years, i + 1, _year_link),
    }
    return Page(urls.year(y), "year.html", data)


def _month_page(site: Site, months: list[tuple[int, int]], i: int) -> Page:
    ym = months[i]
    data = {
        "month": _month_link(ym),
        "days": [(_day_link(d), [entry(a) for a in site.articles.take(site.days[d])]) for d in site.months[ym]],
        "count": site.month_count(ym),
        "up": _year_link(ym[0]),
        "previous": _neighbour(months, i - 1, _month_link),
        "next": _neighbour(months, i + 1, _month_link),
    }
    return Page(urls.month(*ym), "month.html", data)


def _day_page(site: Site, days: list[dt.date], i: int) -> Page:
    d = days[i]
    data = {
        "day": _day_link(d),
        "articles": [entry(a) for a in site.articles.take(site.days[d])],
        "up": _month_link((d.year, d.month)),
        "previous": _neighbour(days, i - 1, _day_link),
        "next": _neighbour(days, i + 1, _day_link),
    }
    return Page(urls.day(d.year, d.month, d.day), "day.html", data)


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
