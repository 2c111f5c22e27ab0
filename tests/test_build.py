"""Build: content/ → output/ with article, tag, date and home pages; relative links; determinism."""

from __future__ import annotations

import gc
import os
import posixpath
import re
import shutil
import sys
from pathlib import Path

import pytest

from newsarchive.cli import main

from .conftest import REPO, SiteDir

ARTICLE = "2020/12/15/kazakhstan-uzbekistan-developing-co-op-in-space-field/index.html"


def hrefs(html: str) -> list[str]:
    """Every link a reader can follow or a page loads (the canonical URL is absolute by design)."""
    return re.findall(r'(?:href|src)="([^"]*)"', re.sub(r'<link rel="canonical"[^>]*>', "", html))


def test_original_seed_end_to_end(original: SiteDir) -> None:
    assert original.run() == 0
    page = original.page(ARTICLE)
    assert "<h1>Kazakhstan, Uzbekistan developing co-op in space field</h1>" in page
    assert '<span class="dateline">BAKU, Azerbaijan, Dec. 15</span>' in page
    body = page.split('<div class="body">')[1].split("</div>")[0]
    assert body.count("<p>") == 10
    seed_text = (REPO / "seeds/000_ad940214b716725d.txt").read_text()
    for paragraph in [p for p in seed_text.split("\n\n")[3:] if p.strip()]:
        assert f"<p>{paragraph.strip()}</p>".replace('"', "&quot;") in page.replace('"', "&quot;")
    assert '<a rel="tag" href="../../../../tags/kazakhstan/index.html">Kazakhstan</a>' in page
    assert '<a rel="tag" href="../../../../tags/uzbekistan/index.html">Uzbekistan</a>' in page
    assert "Source: <span" in page and ">Trend<" in page and ">Kazinform<" in page
    link = "../{}kazakhstan-uzbekistan-developing-co-op-in-space-field/index.html"
    for listing, prefix in [
        ("tags/kazakhstan/index.html", "../../2020/12/15/"),
        ("tags/uzbekistan/index.html", "../../2020/12/15/"),
        ("2020/index.html", "12/15/"),
        ("2020/12/index.html", "15/"),
        ("2020/12/15/index.html", ""),
    ]:
        html = original.page(listing)
        assert f'href="{link.format(prefix)[3:]}"' in html, listing
    assert "15 December 2020" in original.page("2020/12/15/index.html")
    assert "December 2020" in original.page("2020/12/index.html")
    home = original.page("index.html")
    assert 'href="2020/12/15/kazakhstan-uzbekistan-developing-co-op-in-space-field/index.html"' in home
    assert 'href="tags/index.html"' in home and 'href="2020/index.html"' in home


def test_every_link_is_relative_and_resolves(original: SiteDir) -> None:
    original.run()
    pages = sorted(set(original.output.rglob("*.html")) - {original.output / "404.html"})
    assert len(pages) >= 10
    for page in pages:
        rel = page.relative_to(original.output).as_posix()
        for href in hrefs(page.read_text(encoding="utf-8")):
            if href.startswith("#"):
                continue
            assert not href.startswith(("/", "http:", "https:", "//")), (rel, href)
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), href.split("#")[0]))
            assert (original.output / target).is_file(), (rel, href)


def test_second_build_changes_no_byte(original: SiteDir, capsys: pytest.CaptureFixture[str]) -> None:
    original.run()
    first = original.snapshot()
    capsys.readouterr()
    assert original.run() == 0
    assert original.snapshot() == first
    assert "pages 0 written" in capsys.readouterr().out


def test_a_run_does_not_collect_cycles_and_the_preview_still_does_after(original: SiteDir) -> None:
    """A run pauses the cycle collector (it would scan the run's long-lived objects for little)
    and turns it back on at its end: a preview rebuilds again and again in one process."""
    assert gc.isenabled()
    collections: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        frame = sys._getframe(1)
        while frame and frame.f_code.co_name != "_import_and_build":
            frame = frame.f_back
        if phase == "start" and frame:  # a collection in the import or the build
            collections.append(info["generation"])

    gc.callbacks.append(count)
    try:
        assert original.run("--quiet") == 0
    finally:
        gc.callbacks.remove(count)
    assert (original.output / ARTICLE).is_file()
    assert collections == [] and gc.isenabled()


def test_same_inputs_give_byte_identical_output(tmp_path: Path) -> None:
    outputs = []
    for name in ("one", "two"):
        s = SiteDir(tmp_path / name)
        shutil.copy(REPO / "seeds/000_ad940214b716725d.txt", s.seeds)
        for i in range(5):
            s.seed(f"s{i}.txt", f" date 2021-0{i + 1}-0{i + 1} Uzbek story {i}\n\nTASHKENT, May 1\n\nText {i}.\n")
        s.run()
        outputs.append({k: v for k, v in s.snapshot().items() if k.startswith("output/")})
    assert outputs[0] == outputs[1]


def test_articles_no_longer_in_content_are_removed(original: SiteDir) -> None:
    original.seed("b.txt", " date 2021-01-05 Japan story\n\nTOKYO, Jan. 5\n\nJapan said so.\n")
    original.run()
    assert (original.output / "tags/japan/index.html").exists()
    (original.seeds / "b.txt").unlink()
    next(original.content.glob("2021/01/05/*.md")).unlink()
    original.run("build")
    assert not (original.output / "tags/japan").exists()
    assert not (original.output / "2021").exists()
    assert (original.output / ARTICLE).exists()


def test_hand_written_article_builds_and_may_use_html(site: SiteDir) -> None:
    page = site.content / "notes" / "editors-note.md"
    page.parent.mkdir(parents=True)
    page.write_text("---\ntitle: Editor's note\ndate: 2022-01-01\ntags: [Archive]\n---\n\nWe <em>kept</em> it.\n")
    assert site.run("build") == 0
    html = site.page("2022/01/01/editors-note/index.html")
    assert "<em>kept</em>" in html and "Editor&#39;s note" in html
    assert "Archive" in site.page("tags/archive/index.html")


def test_bad_content_file_is_reported_and_the_rest_builds(original: SiteDir, capsys) -> None:
    original.run("import")
    bad = original.content / "2020/01/01/broken.md"
    bad.parent.mkdir(parents=True)
    bad.write_text("---\ntitle: [unclosed\n---\nx\n")
    nodate = original.content / "2020/01/01/nodate.md"
    nodate.write_text("---\ntitle: No date\n---\nx\n")
    assert original.run("build") == 1
    err = capsys.readouterr().err
    assert f"{bad}: front matter is not valid YAML" in err
    assert f"{nodate}: no date in the front matter" in err
    assert (original.output / ARTICLE).exists()


def test_date_pages_link_up_and_across(site: SiteDir) -> None:
    for i, day in enumerate(["2019-12-31", "2020-01-01", "2020-01-01", "2020-03-02"]):
        site.seed(f"{i}.txt", f" date {day} Story {i} about Kazakhstan\n\nASTANA, Jan. 1\n\nText {i}.\n")
    site.run()
    day = site.page("2020/01/01/index.html")
    assert 'rel="up" href="../index.html">↑ January 2020' in day
    assert 'rel="prev" href="../../../2019/12/31/index.html">← 31 December 2019' in day
    assert 'rel="next" href="../../03/02/index.html">2 March 2020 →' in day
    assert day.count('class="headline"') == 2
    month = site.page("2020/01/index.html")
    assert 'rel="up" href="../index.html">↑ 2020' in month
    assert 'rel="prev" href="../../2019/12/index.html">' in month and 'rel="next" href="../03/index.html">' in month
    year = site.page("2020/index.html")
    assert 'rel="prev" href="../2019/index.html">← 2019' in year and 'rel="next"' not in year
    assert year.count("Story ") == 3
    archive = site.page("archive/index.html")
    assert archive.index("2020") < archive.index("2019")


def test_tag_pages_paginate_from_the_oldest(site: SiteDir) -> None:
    (site.root / "site.toml").write_text("per_page = 2\n")
    for i in range(5):
        site.seed(f"{i}.txt", f" date 2020-01-0{i + 1} Kazakhstan story {i}\n\nASTANA, Jan. {i + 1}\n\nText.\n")
    site.run()
    tag = site.output / "tags/kazakhstan"
    assert sorted(p.relative_to(tag).as_posix() for p in tag.rglob("index.html")) == [
        "index.html", "page/1/index.html", "page/2/index.html", "page/3/index.html",
    ]  # fmt: skip
    titles = lambda rel: re.findall(r"Kazakhstan story (\d)", (tag / rel).read_text())  # noqa: E731
    assert titles("index.html") == ["4", "3"]
    assert titles("page/1/index.html") == ["1", "0"]
    before = {p: p.read_bytes() for p in tag.rglob("*.html")}
    site.seed("5.txt", " date 2020-01-06 Kazakhstan story 5\n\nASTANA, Jan. 6\n\nText.\n")
    site.run()
    changed = {p.relative_to(tag).as_posix() for p in tag.rglob("*.html") if before.get(p) != p.read_bytes()}
    assert changed == {"index.html", "page/3/index.html"}
    assert titles("page/3/index.html") == ["5", "4"]


def test_site_toml_settings_and_errors(original: SiteDir, capsys: pytest.CaptureFixture[str]) -> None:
    (original.root / "site.toml").write_text('title = "Steppe Wire"\nlanguage = "en-GB"\n')
    original.run()
    home = original.page("index.html")
    assert '<html lang="en-GB">' in home and "<title>Steppe Wire</title>" in home
    (original.root / "site.toml").write_text("per_page = 0\n")
    assert original.run() == 2
    assert "'per_page' must be at least 1" in capsys.readouterr().err
    (original.root / "site.toml").write_text("colour = 'red'\n")
    assert original.run() == 2
    assert "unknown key 'colour'" in capsys.readouterr().err
    missing = original.root.parent / "no-such-site"
    assert main(["--site", str(missing)]) == 2  # a mistyped --site builds nothing anywhere
    assert f"{missing}: no such site folder" in capsys.readouterr().err
    assert not missing.exists()


def test_a_broken_layout_is_named_with_its_line(original: SiteDir, capsys: pytest.CaptureFixture[str]) -> None:
    (original.root / "layouts").mkdir()
    (original.root / "layouts/day.html").write_text('{% extends "base.html" %}\n{% block main %}{{ oops(\n')
    assert original.run() == 2
    err = capsys.readouterr().err
    assert "day.html: line 2:" in err and "Traceback" not in err


def test_site_layouts_override_the_built_in_ones(original: SiteDir) -> None:
    (original.root / "layouts").mkdir()
    layout = '{% extends "base.html" %}{% block main %}<p>my day</p>{% endblock %}'
    (original.root / "layouts/day.html").write_text(layout)
    original.run()
    assert "<p>my day</p>" in original.page("2020/12/15/index.html")
    assert "<p>my day</p>" not in original.page(ARTICLE)


def test_tag_list_is_grouped_by_kind(original: SiteDir) -> None:
    original.run()
    page = original.page("tags/index.html")
    headings = re.findall(r'<h2 id="group-\d">(.*?)</h2>', page)
    assert headings == ["Places", "Organisations", "Topics", "Sources"]
    sections = dict(zip(headings, page.split('<h2 id="group-')[1:], strict=True))
    assert ">Kazakhstan<" in sections["Places"] and ">Uzbekistan<" in sections["Places"]
    assert ">Kazsat<" in sections["Organisations"]
    assert ">space<" in sections["Topics"]
    assert ">Trend<" in sections["Sources"]


def test_site_toml_tag_aliases_rename_merge_and_hide(original: SiteDir) -> None:
    original.seed("b.txt", " date 2021-01-05 Kazakhstan story\n\nASTANA, Jan. 5\n\nKazakhstan and Kazsat said.\n")
    (original.root / "site.toml").write_text(
        '[tags]\naliases = { "kazsat" = "KazSat satellite", "Uzbekistan" = "Central Asia", '
        '"Kazakhstan" = "Central Asia" }\nhide = ["Trend"]\n'
    )
    original.run()
    assert not (original.output / "tags/trend").exists()
    assert not (original.output / "tags/kazakhstan").exists()
    central = original.page("tags/central-asia/index.html")
    assert central.count('class="headline"') == 2  # merged, and the article that had both appears once
    assert "KazSat satellite" in original.page(ARTICLE)
    assert ">Trend</a>" not in original.page(ARTICLE)
    (original.root / "site.toml").write_text("[tags]\nrename = {}\n")
    assert original.run() == 2


def test_a_build_leaves_its_site_model_collectable(original: SiteDir) -> None:
    """The build freezes its site model against garbage collection while it runs; a long-running
    preview builds again and again, so each build must thaw what it froze, or its sites pile up."""
    import gc
    import weakref

    from newsarchive import site as site_module

    made: list[weakref.ref[object]] = []
    read = site_module.read_site

    def watched(*args: object, **kwargs: object) -> site_module.Whole:
        result = read(*args, **kwargs)  # type: ignore[arg-type]
        made.extend(weakref.ref(t) for t in result.site.tags)
        return result

    site_module.read_site = watched  # type: ignore[assignment]
    try:
        assert original.run() == 0
    finally:
        site_module.read_site = read  # type: ignore[assignment]
    assert made and gc.get_freeze_count() == 0
    gc.collect()
    assert all(ref() is None for ref in made)  # tags and articles refer to each other: only the collector frees them


def test_a_layout_change_does_not_run_markdown_again(site: SiteDir) -> None:
    """Python-Markdown's HTML of a body that is not plain prose is kept by a hash of the text: a
    layout change renders the page again from what was kept. (The kept HTML is altered here, so
    that the page shows which one it was made from.)"""
    article = site.content / "2024/05/06/lists.md"
    article.parent.mkdir(parents=True)
    article.write_text("---\ntitle: Lists\ndate: 2024-05-06\n---\n\n- one\n- two\n", encoding="utf-8")
    assert site.run() == 0
    page = "2024/05/06/lists/index.html"
    assert "<li>one</li>" in site.page(page)
    [kept] = (site.root / ".cache/markdown").rglob("*.html")
    assert kept.read_text(encoding="utf-8") == "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"
    kept.write_text("<ul>\n<li>kept</li>\n</ul>", encoding="utf-8")
    (site.root / "layouts").mkdir()
    layout = (REPO / "layouts/article.html").read_text(encoding="utf-8")
    (site.root / "layouts/article.html").write_text(layout.replace("</article>", "</article><!-- v2 -->"))
    assert site.run() == 0
    assert "<!-- v2 -->" in site.page(page) and "<li>kept</li>" in site.page(page)


def test_many_article_files_are_read_in_workers_as_one_by_one(tmp_path: Path) -> None:
    """Past READ_PARALLEL_MIN files the records are read in forked workers: the same records, in order."""
    from newsarchive import site as site_module

    files = []
    for i in range(site_module.READ_PARALLEL_MIN + 20):
        rel = f"2024/01/{i % 28 + 1:02d}/story-{i}.md"
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        title = f"Story {i}" if i % 97 else ""  # some without a title: a problem, reported in its place
        path.write_text(f"---\ntitle: {title}\ndate: 2024-01-{i % 28 + 1:02d}\ntags: [T{i % 7}]\n---\n\nBody {i}.\n")
        files.append((rel, 0, 0))
    assert site_module.read_records(tmp_path, files) == [site_module.read_record(tmp_path / rel) for rel, _, _ in files]
    assert sum(isinstance(record, str) for record, _ in site_module.read_records(tmp_path, files)) == 6


def test_the_two_listings_are_made_at_once_and_alike(tmp_path: Path) -> None:
    """The import lists seeds/ in a forked child while it lists content/: the child's listing is the
    one made here, and a child that fails leaves the work to the parent."""
    from newsarchive import workers
    from newsarchive.importer import seed_files

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in ("a.txt", "b.txt", "\udce9t\udce9.txt"):  # a name that is not UTF-8 crosses too
        (seeds / name).write_text("x")
    here = os.getpid()
    (found, child), parent = workers.alongside(lambda: (seed_files([seeds, tmp_path / "x"]), os.getpid()), os.getpid)
    assert found == seed_files([seeds, tmp_path / "x"])
    assert found[1] == [f"{tmp_path / 'x'}: no such file or folder"] and len(found[0]) == 3
    assert parent == here and (child != here or workers.count() == 1)
    # Fails in the child only: computed here instead.
    assert workers.alongside(lambda: 1 if os.getpid() == here else 1 // 0, lambda: 2) == (1, 2)


def test_the_config_digested_is_the_same_in_every_process(tmp_path: Path) -> None:
    """Digests and fingerprints include the config: a set of hidden tags must not print in an order
    that changes with each process's string hashing, or no two runs would agree on any digest."""
    import subprocess
    import sys

    (tmp_path / "site.toml").write_text('[tags]\nhide = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"]\n')
    path = str(tmp_path / "site.toml")
    code = f"from pathlib import Path; from newsarchive import config; print(repr(config.load_config(Path({path!r}))))"
    seen = set()
    for seed in range(6):
        env = {"PYTHONHASHSEED": str(seed)}
        seen.add(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env).stdout)
    assert len(seen) == 1 and "alpha" in seen.pop()
