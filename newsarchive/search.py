"""Offline search: Site → the search page and its index, sharded by period.

The index is plain data in JavaScript files (`search/2020.js`), so that the
search page can load it with <script> tags: from file:// nothing else can
(fetch, ES modules and WebAssembly are blocked there). Each shard holds per
article its URL (relative to the site root), title, date, dateline, tags,
summary and the body's other distinct terms (not the body itself), newest first.
A year is one shard; a year with more than SHARD_MAX articles is split by
month, and such a month into numbered parts. The page's script
(assets/search.js) indexes the shards with MiniSearch as it loads them, newest
first (small ones together, about LOAD_BATCH articles at a time), and loads
older ones only when a query needs them.

The same Site gives the same bytes: documents, terms and JSON keys are in a
fixed order, and a shard's URL carries a digest of what it was made from
(`?v=…`), so a host's cache never serves a stale shard.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from .pages import MONTHS, Page
from .site import Article, Site

PAGE = "search/index.html"
SHARD_DIR = "search"
SHARD_MAX = 1000  # articles in one shard before a year is split by month, and a month into parts
LOAD_BATCH = 1000  # the script loads shards, newest first, about this many articles at a time
FIELDS = ("url", "title", "date", "dateline", "tags", "summary", "terms")  # order of a document's values
# Left out of the index and ignored in queries (the script gets this list from the page).
STOPWORDS = tuple(
    sorted(
        "a an and are as at be but by for from had has have he her his in is it its not of on or s said "
        "she that the their they this to was were which will with".split()
    )
)

SHARD = "@search-shard"  # the "layout" of a shard: written by shard_js, not by a template


@dataclass(frozen=True)
class Shard:
    id: str  # "2020", "2020-12" or "2020-12.2"
    label: str  # "2020", "December 2020", "December 2020, part 2"
    year: int
    positions: range  # of its articles in the site's, newest first


@dataclass(frozen=True, repr=False)
class Doc:
    """An article as the index holds it; its body terms are looked up by `digest`."""

    digest: str
    url: str
    title: str
    date: str
    dateline: str
    tags: tuple[str, ...]
    summary: str

    def __repr__(self) -> str:  # plain: fingerprints repr every doc of a shard
        fields = (self.digest, self.url, self.title, self.date, self.dateline, self.tags, self.summary)
        return f"Doc{fields!r}"


def shard_pages(site: Site, shards: list[Shard]) -> list[Page]:
    """The pages of these shards (a year's, or a month's when the year is split)."""
    out: list[Page] = []
    for shard in shards:
        docs = tuple(
            Doc(
                a.digest,
                a.url,
                a.title,
                a.date.isoformat(),
                a.dateline or "",
                tuple(t.name for t in a.tag_refs),
                a.summary,
            )  # fmt: skip
            for a in site.articles.take(shard.positions)
        )
        out.append(Page(shard_path(shard.id), SHARD, {"id": shard.id, "label": shard.label, "docs": docs}))
    return out


def shard_path(shard_id: str) -> str:
    return f"{SHARD_DIR}/{shard_id}.js"


def search_page(site: Site, versions: dict[int, str]) -> Page:
    """The search page; `versions` has a digest per year that changes whenever its shards do, for
    their URLs (`?v=…`), so that a host's cache never serves an old shard."""
    entries = [
        {
            "id": shard.id,
            "label": shard.label,
            "src": f"{shard_path(shard.id)}?v={versions[shard.year]}",
            "count": len(shard.positions),
            "first": _iso(site.ordinals[shard.positions[-1]]),
            "last": _iso(site.ordinals[shard.positions[0]]),
        }
        for shard in shards(site)
    ]
    manifest = {
        "fields": list(FIELDS),
        "stopwords": list(STOPWORDS),
        "count": len(site.articles),
        "batch": LOAD_BATCH,
        "shards": entries,  # newest first
    }
    root = posixpath.relpath(".", posixpath.dirname(PAGE)) + "/"
    return Page(PAGE, "search.html", {"manifest": manifest, "root": root, "count": len(site.articles)})


def shards(site: Site) -> list[Shard]:
    """The index's shards, newest first."""
    return [shard for y in reversed(site.years) for shard in year_shards(site, y)]


def split_by_month(site: Site, y: int) -> bool:
    """Whether a year is big enough to be split into a shard (or more) per month."""
    return len(site.year_span(y)) > SHARD_MAX


def year_shards(site: Site, y: int) -> list[Shard]:
    """A year's shards, newest first: the year, or its months if it is big, or parts of a big month."""
    if not split_by_month(site, y):
        return [Shard(str(y), str(y), y, site.year_span(y)[::-1])]
    return [shard for ym in reversed(site.years[y]) for shard in month_shards(site, ym)]


def month_shards(site: Site, ym: tuple[int, int]) -> list[Shard]:
    """A month's shards in a year split by month, newest first: the month, or its parts if it is big
    (numbered from the oldest, so that new articles leave the older parts as they are)."""
    month = site.spans[ym]
    sid, label = f"{ym[0]:04d}-{ym[1]:02d}", _month_label(ym)
    if len(month) <= SHARD_MAX:
        return [Shard(sid, label, ym[0], month[::-1])]
    parts = [month[i : i + SHARD_MAX] for i in range(0, len(month), SHARD_MAX)]
    return [Shard(f"{sid}.{n}", f"{label}, part {n}", ym[0], parts[n - 1][::-1]) for n in range(len(parts), 0, -1)]


def shard_js(data: dict[str, Any], body_terms: dict[str, str]) -> bytes:
    """A shard as a script that files its documents under its id in `self.newsarchiveShards`."""
    docs = [document(doc, body_terms[doc.digest]) for doc in data["docs"]]
    text = json.dumps({"docs": docs}, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    n = len(docs)
    head = f"/* newsarchive search index: {data['label']}, {n} article{'' if n == 1 else 's'} */\n"
    return f'{head}(self.newsarchiveShards = self.newsarchiveShards || {{}})["{data["id"]}"] = {text};\n'.encode()


def document(doc: Doc, body: str) -> list[Any]:
    """One article's values, in the order of FIELDS; `body` is body_terms() of the article."""
    return [doc.url, doc.title, doc.date, doc.dateline, list(doc.tags), doc.summary, body]


def body_terms(a: Article, body_html: str | None = None) -> str:
    """The distinct terms of an article's body (its HTML, when the caller has it) that its title
    and summary do not already hold, space-separated: the script indexes the summary and these
    terms together as the body. What the build state caches, by the digest of the article's file
    (which holds all three)."""
    body = _plain(body_html) if body_html is not None else text(a.body)
    return " ".join(sorted(_terms(body) - _terms(a.title) - _terms(a.summary)))


def text(markdown_text: str) -> str:
    """A Markdown body as plain text: rendered, then tags and entities undone."""
    from .render import markdown_html

    return _plain(markdown_html(markdown_text))


def _plain(markup: str) -> str:
    return html.unescape(_TAG.sub(" ", _SCRIPT_STYLE.sub(" ", markup)))


def terms(text: str) -> list[str]:
    """The distinct terms of a text, sorted, as the script's MiniSearch will see them."""
    return sorted(_terms(text))


def _terms(text: str) -> set[str]:
    text = normalize(text)
    if text.isascii():  # separators become spaces by a table of bytes: faster than a pattern
        words = set(text.encode("ascii").translate(_ASCII_SPACES).decode("ascii").split(" "))
    else:  # one character class at a time
        words = set(_ASCII_SEPARATORS.split(text.translate(_SEPARATORS)))
    words.discard("")
    return words - _STOPWORDS


def normalize(text: str) -> str:
    """Lower case without accents (combining marks, /\\p{M}/u, dropped): what search.js's processTerm does."""
    text = text.lower()
    if text.isascii():
        return text
    return unicodedata.normalize("NFD", text).translate(_MARKS)


class _Separators(dict[int, str | None]):
    """A str.translate table: search.js splits on /[\\n\\r\\p{Z}\\p{P}\\p{S}]+/u, so those become spaces."""

    def __missing__(self, c: int) -> str | None:
        self[c] = value = " " if unicodedata.category(chr(c))[0] in "ZPS" else chr(c)
        return value


class _Marks(dict[int, str | None]):
    """A str.translate table that drops combining marks."""

    def __missing__(self, c: int) -> str | None:
        self[c] = value = None if unicodedata.category(chr(c))[0] == "M" else chr(c)
        return value


_STOPWORDS = frozenset(STOPWORDS)
_SEPARATORS = _Separators()
_MARKS = _Marks()
_ASCII_SEPARATORS = re.compile(r"[\n\r !-/:-@\[-`{-~]+")  # the same class, within ASCII: faster
_ASCII_SPACES = bytes(32 if _ASCII_SEPARATORS.fullmatch(chr(c)) else c for c in range(256))  # bytes.translate
_SCRIPT_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def _iso(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


def _month_label(ym: tuple[int, int]) -> str:
    return f"{MONTHS[ym[1] - 1]} {ym[0]}"
