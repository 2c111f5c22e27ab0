"""Publishing: feeds, sitemap, robots.txt, 404, canonical and link-preview metadata, pretty links, check."""

from __future__ import annotations

import json
import re
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsarchive import pages, search
from newsarchive.render import entry_id

from .conftest import SiteDir
from .test_build import ARTICLE

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def add_stories(site: SiteDir, n: int) -> None:
    for i in range(n):
        text = f" date 2021-02-{i + 1:02d} Kazakh story {i}\n\nASTANA, Feb. {i + 1}\n\nKazakhstan said {i}.\n"
        site.seed(f"k{i}.txt", text)


def test_atom_feeds_are_valid_and_dated_by_their_newest_entry(original: SiteDir) -> None:
    (original.root / "site.toml").write_text('base_url = "https://example.org/archive/"\nfeed_entries = 3\n')
    add_stories(original, 4)
    original.run()
    feed = feedparser.parse((original.output / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert [e.title for e in feed.entries] == ["Kazakh story 3", "Kazakh story 2", "Kazakh story 1"]
    assert feed.feed.updated == "2021-02-04T00:00:00Z"
    assert feed.entries[0].link == "https://example.org/archive/2021/02/04/kazakh-story-3/index.html"
    tag_feed = feedparser.parse((original.output / "tags/kazakhstan/feed.xml").read_bytes())
    assert not tag_feed.bozo and len(tag_feed.entries) == 3
    assert tag_feed.feed.title.startswith("Kazakhstan")
    home = original.page("index.html")
    assert '<link rel="alternate" type="application/atom+xml" title="News Archive" href="feed.xml">' in home
    assert 'href="feed.xml"' in original.page("tags/kazakhstan/index.html")


@given(st.dates(), st.text(min_size=1, max_size=40))
def test_a_feed_entry_id_is_the_version_5_uuid_of_its_date_and_slug(date, slug) -> None:
    expected = uuid.uuid5(uuid.NAMESPACE_URL, f"newsarchive:{date.isoformat()}/{slug}")
    assert entry_id(date, slug) == expected.urn


def test_feed_entry_ids_do_not_depend_on_where_the_site_is_published(original: SiteDir) -> None:
    ids = []
    for base in ("https://example.org/", "https://mirror.example.net/news/"):
        original.run("--base-url", base)
        ids.append([e.id for e in feedparser.parse(str(original.output / "feed.xml")).entries])
    assert ids[0] == ids[1] and ids[0][0].startswith("urn:uuid:")


def _sitemap_locs(output: Path, base: str) -> dict[str, list[str]]:
    """The URLs of each sitemap the index sitemap.xml lists, by sitemap file."""
    root = ET.parse(output / "sitemap.xml").getroot()
    assert root.tag == f"{SM}sitemapindex"
    parts = [e.text.removeprefix(base) for e in root.iter(f"{SM}loc")]
    return {p: [e.text for e in ET.parse(output / p).getroot().iter(f"{SM}loc")] for p in parts}


def test_sitemap_lists_every_page_and_robots_points_to_it(original: SiteDir) -> None:
    base = "https://example.org/archive/"
    original.run("--base-url", base)
    found = _sitemap_locs(original.output, base)
    assert list(found) == ["sitemap-2020.xml", "sitemap-pages.xml"]  # dated pages by year, then the rest
    assert all(loc.startswith(f"{base}2020/") for loc in found["sitemap-2020.xml"])
    html = {p.relative_to(original.output).as_posix() for p in original.output.rglob("*.html")} - {"404.html"}
    assert sorted(loc for locs in found.values() for loc in locs) == sorted(f"{base}{p}" for p in html)
    assert f"Sitemap: {base}sitemap.xml" in original.page("robots.txt")


def test_sitemap_urls_are_escaped_and_articles_dated(original: SiteDir) -> None:
    base = "https://example.org/a&b'c/"
    original.run("--base-url", base)
    found = _sitemap_locs(original.output, base)  # parses as XML only if '&' is escaped
    assert found["sitemap-2020.xml"] and all(loc.startswith(f"{base}2020/") for loc in found["sitemap-2020.xml"])
    urls = ET.parse(original.output / "sitemap-2020.xml").getroot().findall(f"{SM}url")
    dated = {u.findtext(f"{SM}loc"): u.findtext(f"{SM}lastmod") for u in urls}
    articles = [loc for loc in dated if loc.count("/") == base.count("/") + 4]  # 2020/MM/DD/slug/index.html
    assert articles and all(dated[loc] == loc.removeprefix(f"{base}")[:10].replace("/", "-") for loc in articles)


def test_sitemaps_are_split_past_the_limit(original: SiteDir, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "SITEMAP_MAX", 3)
    original.run("--base-url", "https://example.org/")
    found = _sitemap_locs(original.output, "https://example.org/")
    n = len(list(original.output.rglob("*.html"))) - 1  # every page but 404.html
    assert sum(len(locs) for locs in found.values()) == n
    assert all(len(locs) <= 3 for locs in found.values())
    assert {"sitemap-2020.xml", "sitemap-2020-2.xml", "sitemap-pages.xml", "sitemap-pages-2.xml"} <= set(found)


def test_a_year_split_by_month_has_a_sitemap_per_month(site: SiteDir, monkeypatch: pytest.MonkeyPatch) -> None:
    """A big year (its search split by month) lists each month's pages in the month's sitemap,
    so that a new article rewrites its month's sitemap, not one of the year's every article."""
    monkeypatch.setattr(search, "SHARD_MAX", 2)
    monkeypatch.setattr(pages, "SITEMAP_MAX", 3)
    for i, day in enumerate(["2019-03-01", "2019-03-02", "2019-03-03", "2019-05-01", "2020-01-01"]):
        site.seed(f"s{i}.txt", f" date {day} Story number {i}\n\nStory number {i}\n\nText {i}.\n")
    base = "https://example.org/"
    assert site.run("--base-url", base, "--quiet") == 0
    found = _sitemap_locs(site.output, base)
    dated = [name for name in found if name.startswith("sitemap-20")]
    assert dated == [
        "sitemap-2019.xml",  # the year's page
        "sitemap-2019-03.xml",  # March: 3 articles, 3 days and the month, split past 3 URLs
        "sitemap-2019-03-2.xml",
        "sitemap-2019-03-3.xml",
        "sitemap-2019-05.xml",
        "sitemap-2020.xml",  # a small year: its page, article, month and day
        "sitemap-2020-2.xml",
    ]
    assert found["sitemap-2019.xml"] == [f"{base}2019/index.html"]
    march = found["sitemap-2019-03.xml"] + found["sitemap-2019-03-2.xml"] + found["sitemap-2019-03-3.xml"]
    assert len(march) == 7 and all(loc.startswith(f"{base}2019/03/") for loc in march)
    html = {p.relative_to(site.output).as_posix() for p in site.output.rglob("*.html")} - {"404.html"}
    assert sorted(loc for locs in found.values() for loc in locs) == sorted(f"{base}{p}" for p in html)


def test_canonical_open_graph_and_json_ld(original: SiteDir) -> None:
    original.run("--base-url", "https://example.org/archive/")
    page = original.page(ARTICLE)
    url = f"https://example.org/archive/{ARTICLE}"
    assert f'<link rel="canonical" href="{url}">' in page
    assert f'<meta property="og:url" content="{url}">' in page
    assert '<meta property="og:type" content="article">' in page
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1))
    assert ld["@type"] == "NewsArticle"
    assert ld["headline"] == "Kazakhstan, Uzbekistan developing co-op in space field"
    assert ld["datePublished"] == "2020-12-15"
    assert ld["dateline"] == "BAKU, Azerbaijan, Dec. 15"
    assert ld["locationCreated"]["name"] == "Baku, Azerbaijan"
    assert ld["sourceOrganization"]["name"] == "Trend"
    assert ld["publisher"]["name"] == "News Archive"


def test_json_ld_cannot_be_broken_out_of(site: SiteDir) -> None:
    site.seed("x.txt", " date 2021-01-01 Bad </script><script>alert(1)</script> title\n\nText & more.\n")
    site.run()
    [page] = site.output.glob("2021/01/01/*/index.html")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page.read_text()).group(1)
    assert "<" not in block and json.loads(block)["headline"].startswith("Bad </script>")


def test_404_links_absolutely_under_base_url(original: SiteDir) -> None:
    original.run("--base-url", "https://example.org/archive/")
    page = original.page("404.html")
    assert 'href="https://example.org/archive/assets/style.css"' in page
    assert 'href="https://example.org/archive/tags/index.html"' in page
    assert not re.search(r'href="(?!https://example.org/archive/|#)', page)


def test_pretty_urls_link_to_folders(original: SiteDir) -> None:
    (original.root / "site.toml").write_text('base_url = "https://example.org/"\npretty_urls = true\n')
    original.run()
    page = original.page(ARTICLE)
    assert 'href="../../../../tags/kazakhstan/"' in page and "index.html" not in re.sub(r"\.css|feed", "", page)
    assert f'<link rel="canonical" href="https://example.org/{ARTICLE.removesuffix("index.html")}">' in page
    assert original.run("check") == 0


def test_check_passes_on_a_built_site(original: SiteDir, capsys: pytest.CaptureFixture[str]) -> None:
    add_stories(original, 3)
    original.run()
    capsys.readouterr()
    assert original.run("check") == 0
    assert re.search(r"checked \d+ pages and \d+ links: 0 problems", capsys.readouterr().out)


def test_check_names_each_problem(original: SiteDir, capsys: pytest.CaptureFixture[str]) -> None:
    original.run()
    day = original.output / "2020/12/15/index.html"
    html = day.read_text()
    html = html.replace("</main>", '<a href="../nowhere/index.html">x</a><a href="/abs/index.html">y</a></main>')
    html = html.replace("</head>", '<script src="https://cdn.example.com/x.js"></script></head>')
    day.write_text(html)
    (original.output / "assets/style.css").unlink()
    orphan = original.output / "orphan/index.html"
    orphan.parent.mkdir()
    orphan.write_text("<p>alone</p>")
    bad = original.content / "2020/01/01/bad.md"
    bad.parent.mkdir(parents=True)
    bad.write_text("---\ntitle: x\ndate: 2020-02-30\n---\n")
    capsys.readouterr()
    assert original.run("check") == 1
    out = capsys.readouterr().out
    assert f"{day}: broken link '../nowhere/index.html'" in out
    assert f"{day}: root-relative link '/abs/index.html'" in out
    assert f"{day}: asset from another host 'https://cdn.example.com/x.js'" in out
    assert f"{day}: missing asset '../../../assets/style.css'" in out
    assert f"{orphan}: not reachable from the home page" in out
    assert f"{bad}: " in out
