"""What a build or import stopped half-way leaves, and how the next run puts it right.

A layout that fails on one page stops a build after some pages are written,
as a kill would; the disk state a kill leaves at other moments is made here
file by file. tests/test_crash.py kills real builds at random moments.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsarchive import content
from newsarchive.config import BUILTIN
from newsarchive.files import is_temporary, write_atomic
from newsarchive.state import State

from .conftest import SiteDir
from .test_incremental import article, clean_build, tree

LAYOUT = (BUILTIN / "layouts" / "article.html").read_text(encoding="utf-8")
# Renders the first articles in a new way, then fails: the build stops with some pages written.
FAILING = LAYOUT.replace(
    '<div class="body">', '<div class="body" data-v="b">{% if article.slug == "s3" %}{{ nope }}{% endif %}'
)


def five_articles(site: SiteDir) -> None:
    site.content.mkdir()
    for i in range(5):
        (site.content / f"s{i}.md").write_text(article(f"Story {i}", f"2020-01-0{i + 1}", "Japan", f"Text {i}."))


def test_pages_written_by_a_stopped_build_are_not_taken_for_current(site: SiteDir, tmp_path: Path) -> None:
    five_articles(site)
    assert site.run("-q", "build") == 0
    (site.root / "layouts").mkdir()
    (site.root / "layouts" / "article.html").write_text(FAILING)
    assert site.run("-q", "build") == 2  # stopped at s3
    assert 'data-v="b"' in site.page("2020/01/01/s0/index.html")
    (site.root / "layouts" / "article.html").unlink()  # back to the inputs of the first build
    assert site.run("-q", "build") == 0
    assert 'data-v="b"' not in site.page("2020/01/01/s0/index.html")
    assert tree(site.output) == clean_build(site, tmp_path / "clean")


def test_the_pages_of_a_tag_that_went_while_a_build_was_stopped_are_removed(site: SiteDir, tmp_path: Path) -> None:
    five_articles(site)
    assert site.run("-q", "build") == 0
    (site.content / "s9.md").write_text(article("Story 9", "2020-01-09", "Austria", "Text 9."))  # a new tag
    (site.root / "layouts").mkdir()
    tag_layout = (BUILTIN / "layouts" / "tag.html").read_text(encoding="utf-8")
    failing = tag_layout.replace(
        "{% block main %}", '{% block main %}{% if tag.name == "Japan" %}{{ nope }}{% endif %}'
    )
    (site.root / "layouts" / "tag.html").write_text(failing)
    assert site.run("-q", "build") == 2  # stopped at Japan's pages, after Austria's
    assert (site.output / "tags" / "austria" / "index.html").exists()
    (site.content / "s9.md").unlink()  # the tag goes before a build finishes
    (site.root / "layouts" / "tag.html").unlink()
    assert site.run("-q", "build") == 0
    assert not (site.output / "tags" / "austria").exists()
    assert tree(site.output) == clean_build(site, tmp_path / "clean")


def test_temporary_files_never_count_and_are_swept(site: SiteDir, tmp_path: Path) -> None:
    five_articles(site)
    assert site.run("-q", "build") == 0
    (site.root / "layouts").mkdir()
    (site.root / "layouts" / "article.html").write_text(FAILING)
    assert site.run("-q", "build") == 2
    # What a build killed while writing leaves: temporary files beside their targets.
    left = [site.output / "2020/01/01/s0/.index.html.0123abcd.tmp", site.output / ".feed.xml.deadbeef.tmp"]
    for path in left:
        path.write_bytes(b"<!DOCTYPE html><html><head><title>half")
    (site.root / "layouts" / "article.html").unlink()
    assert site.run("-q", "build") == 0
    assert not any(p.exists() for p in left)
    assert tree(site.output) == clean_build(site, tmp_path / "clean")


def test_write_atomic_names_its_temporary_file_for_the_target(tmp_path: Path) -> None:
    target = tmp_path / "a" / "index.html"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two" and [p.name for p in target.parent.iterdir()] == ["index.html"]
    assert is_temporary(".index.html.0123abcd.tmp") and is_temporary(f".{'x' * 100}.ffffffff.tmp")
    assert not is_temporary("index.html") and not is_temporary(".index.html.swp") and not is_temporary("a.tmp")
    write_atomic(tmp_path / ("y" * 250), b"a long name")  # the temporary name stays under the 255-byte limit


def test_a_reader_of_a_page_or_article_keeps_the_whole_old_version(site: SiteDir) -> None:
    """Files are replaced by a rename, never rewritten in place: one opened before a run still reads whole."""
    site.seed("a.txt", SEED.format(day="2021-03-04"))
    assert site.run("-q") == 0
    [md] = site.articles()
    page, article = (site.output / "index.html").open("rb"), md.open("rb")
    old_page, old_article = (site.output / "index.html").read_bytes(), md.read_bytes()
    with page, article:
        site.seed("a.txt", SEED.format(day="2021-03-04").replace("Text.", "Other text."))
        site.seed("b.txt", SEED.format(day="2021-03-06").replace("railway", "road"))
        assert site.run("-q") == 0
        assert (site.output / "index.html").read_bytes() != old_page and md.read_bytes() != old_article
        assert page.read() == old_page and article.read() == old_article


SEED = " date {day} Kazakhstan opens a new railway\n\nKazakhstan opens a new railway\n\nASTANA, March 4\n\nText.\n"


def test_an_import_stopped_during_a_move_is_finished_by_the_next(site: SiteDir) -> None:
    site.seed("a.txt", SEED.format(day="2021-03-04"))
    assert site.run("-q", "import") == 0
    [old] = site.articles()
    old_text = old.read_bytes()
    site.seed("a.txt", SEED.format(day="2021-03-05"))  # a new date: the article moves to another day's folder
    assert site.run("-q", "import") == 0
    [new] = site.articles()
    assert new.parent.name == "05" and not (site.root / ".cache" / "import-moves").exists()
    # The state a kill between writing the new file and deleting the old one leaves: both, and the note.
    old.write_bytes(old_text)
    journal = site.root / ".cache" / "import-moves"
    rel = [p.relative_to(site.content).as_posix() for p in (old, new)]
    journal.write_text(json.dumps(rel) + "\n" + '["2021/03/04/cut-short', encoding="utf-8")
    assert site.run("-q", "import") == 0
    assert site.articles() == [new] and not journal.exists()
    assert content.seed_of(new) is not None


def test_temporary_files_in_content_are_not_articles_and_import_removes_them(
    site: SiteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    site.seed("a.txt", SEED.format(day="2021-03-04"))
    assert site.run("-q", "import") == 0
    [md] = site.articles()
    half = md.parent / f".{md.name}.0123abcd.tmp"
    half.write_text(md.read_text(encoding="utf-8")[:50])
    capsys.readouterr()
    assert site.run("-q", "build") == 0  # not read as an article, not reported as a bad one
    assert "articles 1;" in capsys.readouterr().out
    with_state = State(site.root / ".cache" / "state.sqlite")
    with_state.put("importing", "1")  # as an import killed while writing leaves it
    with_state.close()
    assert site.run("-q", "import") == 0
    assert not half.exists()
