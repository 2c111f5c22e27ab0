"""Search index: shards as script files, their documents and terms, the search page, determinism."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml

from newsarchive import search
from newsarchive.config import Config
from newsarchive.site import Site, read_site

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


def content_site(root: Path, articles: list[dict[str, str]]) -> Site:
    """A Site loaded from content files written here: front matter from each dict, its `body` as the body."""
    for a in articles:
        fm = {k: v for k, v in a.items() if k != "body"}
        path = root / "content" / a["date"].replace("-", "/") / f"{a['slug']}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        front = yaml.safe_dump({"title": "A title", **fm}, allow_unicode=False, sort_keys=False)
        path.write_text(f"---\n{front}---\n\n{a.get('body', 'Some text.')}\n", encoding="utf-8")
    return read_site(root / "content", Config()).site


def test_original_seed_is_indexed(original: SiteDir) -> None:
    assert original.run() == 0
    shard_id, docs = load_shard((original.output / "search/2020.js").read_bytes())
    assert shard_id == "2020" and len(docs) == 1
    doc = docs[0]
    assert doc["url"] == ARTICLE  # relative to the site root
    assert doc["title"] == "Kazakhstan, Uzbekistan developing co-op in space field"
    assert doc["date"] == "2020-12-15" and doc["dateline"] == "BAKU, Azerbaijan, Dec. 15"
    assert {"Kazakhstan", "Uzbekistan"} <= set(doc["tags"])  # type: ignore[arg-type]
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
    assert (original.output / path).is_file() and re.fullmatch(r"[0-9a-f]{12}", version)
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


def test_shards_by_year_then_month_then_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "SHARD_MAX", 3)
    days = ["2019-05-01", "2020-01-01", "2020-01-02", "2020-03-01", "2020-03-02", "2020-03-03", "2020-03-04"]
    days += ["2021-02-02", "2021-02-03"]
    site = content_site(tmp_path, [{"date": d, "slug": f"s{d}"} for d in days])
    shards = search.shards(site)
    assert [(s.id, s.label, [a.date.isoformat() for a in site.articles.take(s.positions)]) for s in shards] == [
        ("2021", "2021", ["2021-02-03", "2021-02-02"]),
        ("2020-03.2", "March 2020, part 2", ["2020-03-04"]),  # parts count from the month's oldest: old parts stay
        ("2020-03.1", "March 2020, part 1", ["2020-03-03", "2020-03-02", "2020-03-01"]),
        ("2020-01", "January 2020", ["2020-01-02", "2020-01-01"]),
        ("2019", "2019", ["2019-05-01"]),
    ]


def test_same_site_gives_the_same_bytes(tmp_path: Path) -> None:
    def build(root: Path) -> dict[str, bytes]:
        site = SiteDir(root)
        for s in ("b", "a"):
            site.seed(f"{s}.txt", f" date 2020-01-01 Zebra {s}\n\nZebra {s}.\n")
        site.run()
        return {p.name: p.read_bytes() for p in (site.output / "search").iterdir()}

    first = build(tmp_path / "one")
    assert sorted(first) == ["2020.js", "index.html"]
    assert build(tmp_path / "two") == first


def test_a_shard_gets_a_new_version_when_it_changes(original: SiteDir) -> None:
    original.run()
    [before] = manifest(original.page(search.PAGE))["shards"]  # type: ignore[misc]
    original.seed("x.txt", " date 2020-11-01 Another story\n\nBAKU, Nov. 1\n\nText.\n")
    original.run()
    [after] = manifest(original.page(search.PAGE))["shards"]  # type: ignore[misc]
    assert after["src"] != before["src"] and after["count"] == 2


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


def test_body_text_is_plain_text(tmp_path: Path) -> None:
    md = "Tariffs \\*rose\\* by 5&amp;6 &lt;SRD> in \\[Baku\\](x)\n\n<b>bold</b> <script>hidden()</script>"
    [a] = content_site(tmp_path, [{"date": "2020-01-01", "slug": "x", "body": md}]).articles
    words = search.terms(search.text(a.body))
    assert words == ["5", "6", "baku", "bold", "rose", "srd", "tariffs", "x"]


def test_script_data_is_safe_javascript(tmp_path: Path) -> None:
    title = '</script><script>alert("x")</script>\u2028line'
    [hostile] = content_site(
        tmp_path, [{"date": "2020-01-01", "slug": "x", "title": title, "summary": "a\u2029b"}]
    ).articles
    site = content_site(tmp_path / "s", [{"date": "2020-01-01", "slug": "x", "title": title, "summary": "a\u2029b"}])
    [shard] = search.shard_pages(site, search.year_shards(site, 2020))
    data = search.shard_js(shard.data, {hostile.digest: ""}).decode()
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
    full = [c for c in ascii_chars if unicodedata.category(c)[0] in "ZPS" or c in "\n\r"]
    assert full == [c for c in ascii_chars if search._ASCII_SEPARATORS.fullmatch(c)]
    assert full == [c for c in ascii_chars if search._ASCII_SPACES[ord(c)] == ord(" ")]
    assert search.terms("a\tb\x0bc d") == ["a\tb\x0bc", "d"]  # tabs are no separators to search.js
