"""Incremental builds: after any sequence of changes, the output equals a clean build's."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsarchive import search
from newsarchive.cli import main

from .conftest import SiteDir

COUNTRIES = ["Kazakhstan", "Uzbekistan", "Japan", "Brazil", "Kenya"]
DAYS = ["2020-01-01", "2020-01-02", "2020-02-10", "2021-03-05", "2019-12-31", "2022-06-01"]


def article(title: str, day: str, country: str, body: str) -> str:
    return f"---\ntitle: {title}\ndate: {day}\nplaces: [{country}]\ntags: [{country}]\nsummary: {body}\n---\n\n{body}\n"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def clean_build(site: SiteDir, where: Path) -> dict[str, bytes]:
    """The output of a fresh copy of the site, built from nothing."""
    if where.exists():
        shutil.rmtree(where)
    for name in ("content", "layouts", "site.toml"):
        src = site.root / name
        if src.is_dir():
            shutil.copytree(src, where / name)
        elif src.exists():
            shutil.copy(src, where / name)
    (where / "content").mkdir(parents=True, exist_ok=True)
    assert main(["--site", str(where), "-q", "build"]) in (0, 1)
    return tree(where / "output")


TAG_TABLES = [  # merges, renames and hides tags: their names, slugs and pages change across the site
    'aliases = { "Japan" = "Kenya" }',
    'aliases = { "Kazakhstan" = "Republic of Kazakhstan", "Extra 1" = "Extra 2" }',
    'hide = ["Brazil", "Extra 0"]',
    "",
]

ACTIONS = st.one_of(
    st.tuples(st.just("add"), st.integers(0, 30), st.sampled_from(DAYS), st.sampled_from(COUNTRIES)),
    st.tuples(st.just("edit"), st.integers(0, 30), st.sampled_from(["title", "body", "tag", "spelling", "date"])),
    st.tuples(st.just("delete"), st.integers(0, 30)),
    st.tuples(st.just("layout"), st.sampled_from(["day.html", "article.html", "tag.html", "base.html"])),
    st.tuples(st.just("config"), st.integers(1, 3)),
    st.tuples(st.just("tags"), st.sampled_from(TAG_TABLES)),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ACTIONS, min_size=1, max_size=6))
def test_incremental_output_equals_a_clean_build(tmp_path: Path, monkeypatch, actions: list[tuple]) -> None:
    monkeypatch.setattr(search, "SHARD_MAX", 2)  # years split by month, and back, as articles come and go
    root = Path(tempfile.mkdtemp(prefix="run-", dir=tmp_path))  # hypothesis may run one example again
    site = SiteDir(root / "site")
    site.content.mkdir()
    for i in range(4):
        (site.content / f"a{i}.md").write_text(article(f"Story {i}", DAYS[i % 3], COUNTRIES[i % 2], f"Text {i}."))
    assert site.run("-q", "build") == 0
    for step, action in enumerate(actions):
        apply(site, step, action)
        site.run("-q", "build")
        assert tree(site.output) == clean_build(site, root / f"clean-{step}"), action


def apply(site: SiteDir, step: int, action: tuple) -> None:
    files = sorted(site.content.glob("*.md"))
    kind = action[0]
    if kind == "add":
        _, n, day, country = action
        (site.content / f"n{step}.md").write_text(article(f"New {n}", day, country, f"Fresh {n} text."))
    elif kind == "edit" and files:
        _, n, what = action
        path = files[n % len(files)]
        text = path.read_text()
        if what == "title":
            text = text.replace("title: ", f"title: Edited {n} ", 1)
        elif what == "body":
            text += f"\nMore text {n}.\n"
        elif what == "tag":
            text = text.replace("tags: [", f"tags: [Extra {n % 3}, ", 1)
        elif what == "spelling":  # another spelling of a tag: the most used one names it everywhere
            text = text.replace("tags: [", f"tags: [{['KENYA', 'japan', 'EXTRA 1'][n % 3]}, ", 1)
        else:
            text = text.replace("date: 20", "date: 2019-12-31\nold_date: 20", 1)
        path.write_text(text)
    elif kind == "delete" and files:
        files[action[1] % len(files)].unlink()
    elif kind == "layout":
        layouts = site.root / "layouts"
        layouts.mkdir(exist_ok=True)
        from newsarchive.config import BUILTIN

        src = layouts / action[1] if (layouts / action[1]).exists() else BUILTIN / "layouts" / action[1]
        text = src.read_text().replace("</", f"<!-- change {step} --></", 1)
        (layouts / action[1]).write_text(text)
    elif kind == "config":
        (site.root / "site.toml").write_text(f"per_page = {action[1]}\nfeed_entries = {action[1] + 1}\n")
    elif kind == "tags":  # site.toml's [tags] table replaced, its other keys kept
        toml = site.root / "site.toml"
        kept = toml.read_text().partition("[tags]")[0] if toml.exists() else ""
        toml.write_text(f"{kept}[tags]\n{action[1]}\n")


def test_a_growing_or_shrinking_tag_keeps_its_numbered_pages_right(tmp_path: Path) -> None:
    """Numbered tag pages are redone one by one: the last one must learn that a page came after it
    (and forget it when that page goes), though its own articles stay the same."""
    site = SiteDir(tmp_path / "site")
    site.content.mkdir()
    (site.root / "site.toml").write_text("per_page = 2\n")
    for i in range(7):
        (site.content / f"a{i}.md").write_text(article(f"Story {i}", f"2020-01-0{i + 1}", "Japan", f"Text {i}."))
        assert site.run("-q", "build") == 0
        assert tree(site.output) == clean_build(site, tmp_path / f"clean-add-{i}"), i
    for i in reversed(range(7)):
        (site.content / f"a{i}.md").unlink()
        site.run("-q", "build")
        assert tree(site.output) == clean_build(site, tmp_path / f"clean-delete-{i}"), i


def test_a_year_growing_past_one_search_shard_is_indexed_by_month_and_back(tmp_path: Path, monkeypatch) -> None:
    """A year past search.SHARD_MAX gets a shard per month, made by its months' groups: months far
    from the new article, which nothing else about them changed, must make theirs too."""
    monkeypatch.setattr(search, "SHARD_MAX", 5)
    site = SiteDir(tmp_path / "site")
    site.content.mkdir()
    for m in range(1, 10, 2):  # five articles in 2020, two months apart
        (site.content / f"a{m}.md").write_text(article(f"Story {m}", f"2020-{m:02d}-10", "Japan", f"Text {m}."))
    assert site.run("-q", "build") == 0
    assert (site.output / "search" / "2020.js").is_file()
    (site.content / "new.md").write_text(article("New", "2020-12-01", "Kenya", "Fresh."))
    site.run("-q", "build")
    assert tree(site.output) == clean_build(site, tmp_path / "clean-grown")
    assert (site.output / "search" / "2020-01.js").is_file() and not (site.output / "search" / "2020.js").exists()
    (site.content / "new.md").unlink()
    site.run("-q", "build")
    assert tree(site.output) == clean_build(site, tmp_path / "clean-shrunk")


def test_a_tag_spelled_anew_is_renamed_on_every_page_that_shows_it(tmp_path: Path) -> None:
    """A tag is named by its most used spelling: one article's edit can rename it on the pages of
    articles in other months, not next to it, which nothing else about them changed."""
    site = SiteDir(tmp_path / "site")
    site.content.mkdir()
    (site.content / "a.md").write_text(article("Story a", "2020-01-01", "Kenya", "Text a."))
    (site.content / "m.md").write_text(article("Story m", "2021-03-05", "Japan", "Text m."))  # between
    (site.content / "b.md").write_text(article("Story b", "2022-06-01", "Japan", "Text b."))
    assert site.run("-q", "build") == 0
    b = site.content / "b.md"
    b.write_text(b.read_text().replace("tags: [", "tags: [KENYA, "))  # ties with "Kenya", and wins the tie
    assert site.run("-q", "build") == 0
    assert ">KENYA<" in site.page("2020/01/01/a/index.html")
    assert tree(site.output) == clean_build(site, tmp_path / "clean")


def test_a_tag_with_many_pages_links_to_where_each_year_begins(tmp_path: Path) -> None:
    site = SiteDir(tmp_path / "site")
    site.content.mkdir()
    (site.root / "site.toml").write_text("per_page = 1\n")
    for i in range(30):  # 30 pages: past PAGE_LINKS_MAX
        day = f"{2018 + i // 10}-03-{i % 10 + 1:02d}"
        (site.content / f"a{i:02d}.md").write_text(article(f"Story {i}", day, "Japan", f"Text {i}."))
    assert site.run("-q", "build") == 0
    index = lambda: (site.output / "tags/japan/index.html").read_text()  # noqa: E731
    links = lambda: re.findall(r'<a href="page/(\d+)/index.html">(\d+)</a>', index())  # noqa: E731
    assert "Pages by year:" in index()
    assert links() == [("1", "2018"), ("11", "2019"), ("21", "2020")]
    assert "Story 10" in (site.output / "tags/japan/page/11/index.html").read_text()  # 2019's first
    # An article of 2018 moves the later years' first articles a page on: the index says so.
    (site.content / "old.md").write_text(article("Story old", "2018-01-01", "Japan", "Old."))
    assert site.run("-q", "build") == 0
    assert links() == [("1", "2018"), ("12", "2019"), ("22", "2020")]
    assert tree(site.output) == clean_build(site, tmp_path / "clean")
    # One of 2018 goes and one of 2017 comes: the count and the newest articles stay as they were.
    (site.content / "old.md").unlink()
    (site.content / "older.md").write_text(article("Story older", "2017-05-01", "Japan", "Older."))
    assert site.run("-q", "build") == 0
    assert links() == [("1", "2017"), ("2", "2018"), ("12", "2019"), ("22", "2020")]
    assert tree(site.output) == clean_build(site, tmp_path / "clean-2")


def test_an_article_edited_redoes_only_the_tag_page_that_holds_it(tmp_path: Path) -> None:
    """Its tags keep their counts, so the pages after its own hold what they held: they are not
    planned again, and their articles are not read."""
    from newsarchive.builder import build
    from newsarchive.config import load_config

    site = SiteDir(tmp_path / "site")
    site.content.mkdir()
    (site.root / "site.toml").write_text("per_page = 2\nfeed_entries = 2\nhome_entries = 2\n")
    for i in range(60):  # one a month over five years, all tagged Japan: 30 numbered pages
        day = f"{2015 + i // 12}-{i % 12 + 1:02d}-10"
        (site.content / f"a{i:02d}.md").write_text(article(f"Story {i}", day, "Japan", f"Text {i}."))
    config = load_config(site.root / "site.toml")
    assert build(site.root, config, site.output).read == 60
    pages = site.output / "tags/japan/page"
    before = {p: p.read_bytes() for p in pages.rglob("index.html")}
    edited = site.content / "a05.md"
    edited.write_text(edited.read_text().replace("title: Story 5", "title: Story five"))
    result = build(site.root, config, site.output)
    # Its month and neighbours, its year's headlines, its tag page, the newest: not the 50 after it.
    assert result.read < 25, result.read
    assert [p.parent.name for p in before if p.read_bytes() != before[p]] == ["3"]  # a05 is on page 3
    assert tree(site.output) == clean_build(site, tmp_path / "clean")


def test_articles_that_come_in_one_build_are_followed_to_their_pages(tmp_path: Path) -> None:
    """Two go at the start of a tag and two come at its end, in one build: its count stays, and
    the one that came first is moved a page on by the one that came after it, before it."""
    site = SiteDir(tmp_path / "site")
    site.content.mkdir()
    (site.root / "site.toml").write_text("per_page = 1\n")
    for i in range(8):
        (site.content / f"a{i}.md").write_text(article(f"Story {i}", f"2020-01-{2 * i + 1:02d}", "Japan", "Text."))
    assert site.run("-q", "build") == 0
    (site.content / "a0.md").unlink()
    (site.content / "a1.md").unlink()
    (site.content / "n1.md").write_text(article("New one", "2020-01-20", "Japan", "Text."))
    (site.content / "n2.md").write_text(article("New two", "2020-01-14", "Japan", "Text."))  # before a7
    assert site.run("-q", "build") == 0
    assert "New one" in (site.output / "tags/japan/page/8/index.html").read_text()
    assert tree(site.output) == clean_build(site, tmp_path / "clean")
