"""Search index: shards as script files, their documents and terms, the search page, determinism."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil

import pytest
from markdown import markdown

from newsarchive import search, urls
from newsarchive.config import Config
from newsarchive.site import Article, Site

from .conftest import SiteDir

ARTICLE = "2020/12/15/kazakhstan-uzbekistan-developing-co-op-in-space-field/index.html"
SHARD = re.compile(
    r"^/\* newsarchive search index: [^\n]*\*/\n"
    r'\(self\.newsarchiveShards = self\.newsarchiveShards \|\| \{\}\)\["([\w.-]+)"\] = (.*);\n$',
    re.S,
)


def load_shard(data: bytes) -> tuple[str, list[dict[str, object]]]:
    """A shard file's id and its documents as dicts by field name."""
    m = SHARD.match(data.decode("utf-8"))
    assert m, data[:200]
    return m.group(1), [dict(zip(search.FIELDS, d, strict=True)) for d in json.loads(m.group(2))["docs"]]


def manifest(html: str) -> dict[str, object]:
    m = re.search(r'<script type="application/json" id="search-data">(.*?)</script>', html, re.S)
    assert m
    return json.loads(m.group(1))


def article(date: str, slug: str, title: str = "A title", body: str = "Some text.\n", summary: str = "") -> Article:
    d = dt.date.fromisoformat(date)
    return Article(
        file=f"{slug}.md", title=title, date=d, slug=slug, body=body, summary=summary, url=urls.article(d, slug)
    )


def test_original_seed_is_indexed(original: SiteDir) -> None:
    assert original.run() == 0
    shard_id, docs = load_shard((original.output / "search/2020.js").read_bytes())
    assert shard_id == "2020" and len(docs) == 1
    doc = docs[0]
    assert doc["url"] == ARTICLE  # relative to the site root
    assert doc["title"] == "Kazakhstan, Uzbekistan developing co-op in space field"
    assert doc["date"] == "2020-12-15" and doc["dateline"] == "BAKU, Azerbaijan, Dec. 15"
    assert doc["tags"] == ["Kazakhstan", "Uzbekistan", "Trend"]
    assert str(doc["summary"]).startswith("A delegation of the Agency of Space Research")
    terms = str(doc["terms"]).split()
    assert "kazsat" in terms and "kazcosmos" in terms  # from the body only
    assert terms == sorted(set(terms))
    assert "the" not in terms and "delegation" not in terms  # stop words; words the summary holds
    body = (original.content / "2020/12/15/kazakhstan-uzbekistan-developing-co-op-in-space-field.md").read_text()
    assert len(str(doc["terms"])) < len(body) / 3


def test_search_page_lists_the_shards(original: SiteDir) -> None:
    original.run()
    page = original.page(search.PAGE)
    data = manifest(page)
    assert data["count"] == 1 and data["fields"] == list(search.FIELDS)
    assert data["stopwords"] == list(search.STOPWORDS)
    [entry] = data["shards"]  # type: ignore[misc]
    path, version = entry["src"].split("?v=")
    shard = (original.output / path).read_bytes()
    assert version == hashlib.sha256(shard).hexdigest()[:12]
    assert entry["id"] == entry["label"] == "2020" and entry["count"] == 1
    assert entry["first"] == entry["last"] == "2020-12-15"
    assert 'data-root="../"' in page
    assert '<script defer src="../assets/vendor/minisearch/minisearch-7.2.0.umd.js"></script>' in page
    assert '<script defer src="../assets/search.js"></script>' in page
    assert (original.output / "assets/vendor/minisearch/LICENSE.txt").is_file()
    assert re.search(r"<script>|\son\w+=", page) is None  # no inline script or handler: works under script-src 'self'
    for rel in ("index.html", ARTICLE, "tags/index.html"):
        depth = rel.count("/")
        assert f'<a href="{"../" * depth}search/index.html">Search</a>' in original.page(rel)
    assert 'action="search/index.html"' in original.page("index.html")


def test_shards_by_year_then_month_then_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "SHARD_MAX", 3)
    articles = [article("2019-05-01", "old")]
    articles += [article(f"2020-0{m}-0{d}", f"a{m}{d}") for m, d in [(1, 1), (1, 2), (3, 1), (3, 2), (3, 3), (3, 4)]]
    articles += [article("2021-02-02", "n1"), article("2021-02-03", "n2")]
    site = Site(Config(), articles, [], [])
    shards = search.shards(site)
    assert [(s.id, s.label, [a.slug for a in s.articles]) for s in shards] == [
        ("2021", "2021", ["n2", "n1"]),
        ("2020-03.2", "March 2020, part 2", ["a34"]),  # parts count from the month's oldest: old parts keep their bytes
        ("2020-03.1", "March 2020, part 1", ["a33", "a32", "a31"]),
        ("2020-01", "January 2020", ["a12", "a11"]),
        ("2019", "2019", ["old"]),
    ]


def test_same_site_gives_the_same_bytes() -> None:
    def build() -> dict[str, bytes]:
        site = Site(Config(), [article("2020-01-01", "b", body="Zebra apple.\n"), article("2020-01-01", "a")], [], [])
        render = lambda page: json.dumps(page.data["manifest"], sort_keys=True).encode()  # noqa: E731
        return {path: make() for path, make in search.files(site, render, lambda md: md)}

    first = build()
    assert list(first) == ["search/2020.js", search.PAGE]
    assert build() == first


def test_terms_split_like_minisearch() -> None:
    assert search.terms("Kazakhstan's co-op,  U.S.\u00a0deal: 3.5 mln (tonnes)!") == [
        "3",
        "5",
        "co",
        "deal",
        "kazakhstan",
        "mln",
        "op",
        "tonnes",
        "u",
    ]
    assert search.terms("Zürich São Paulo ÉCOLE") == ["ecole", "paulo", "sao", "zurich"]
    assert search.terms("US$5 <SRD> a+b=c") == ["5", "b", "c", "srd", "us"]
    assert search.terms("The and of a") == []


def test_body_text_is_plain_text() -> None:
    md = "Tariffs \\*rose\\* by 5&amp;6 &lt;SRD> in \\[Baku\\](x)\n\n<b>bold</b> <script>hidden()</script>\n"
    a = article("2020-01-01", "x", title="T", body=md)
    words = search.terms(search.text(a, markdown))
    assert words == ["5", "6", "baku", "bold", "rose", "srd", "tariffs", "x"]


def test_script_data_is_safe_javascript() -> None:
    hostile = article("2020-01-01", "x", title='</script><script>alert("x")</script>\u2028line', summary="a\u2029b")
    data = search.shard_js(search.Shard("2020", "2020", [hostile]), lambda md: md).decode()
    assert "\u2028" not in data and "\u2029" not in data and "\\u2028" in data
    _, [doc] = load_shard(data.encode())
    assert doc["title"] == '</script><script>alert("x")</script>\u2028line'


def test_no_articles_gives_an_empty_search(site: SiteDir) -> None:
    assert site.run("build") == 0
    assert manifest(site.page(search.PAGE))["shards"] == []


def test_search_files_are_removed_with_their_year(original: SiteDir) -> None:
    original.seed("old.txt", " date 2019-01-02 Old story\n\nOld story\n\nBAKU, Jan. 2\n\nText.\n")
    original.run()
    assert (original.output / "search/2019.js").is_file()
    shutil.rmtree(original.content / "2019")
    original.run("build")
    assert not (original.output / "search/2019.js").exists()
    assert [s["id"] for s in manifest(original.page(search.PAGE))["shards"]] == ["2020"]  # type: ignore[index]


def test_ascii_separators_agree_with_the_full_class() -> None:
    ascii_chars = [chr(c) for c in range(128)]
    full = [c for c in ascii_chars if search._separators().fullmatch(c)]
    assert full == [c for c in ascii_chars if search._ASCII_SEPARATORS.fullmatch(c)]
