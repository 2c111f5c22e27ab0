"""Import: seeds/ → content/, idempotent, escaping, hand edits kept, bad seeds reported."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsarchive import content

from .conftest import SiteDir

SEED = " date 2021-03-04 {title}\n\n{title}\n\nASTANA, Kazakhstan, March 4\n\n{body}\n"


def seed_text(title: str = "Kazakhstan opens a new railway", body: str = "The line opened on Thursday.") -> str:
    return SEED.format(title=title, body=body)


def test_import_writes_front_mattered_markdown(original: SiteDir) -> None:
    assert original.run("import") == 0
    [path] = original.articles()
    assert path.relative_to(original.content).as_posix() == (
        "2020/12/15/kazakhstan-uzbekistan-developing-co-op-in-space-field.md"
    )
    fm, body = content.parse(path.read_text(encoding="utf-8"))
    assert list(fm) == [
        "title", "date", "dateline", "location", "source", "via", "places", "organisations", "topics", "tags",
        "summary", "seed",
    ]  # fmt: skip
    assert fm["title"] == "Kazakhstan, Uzbekistan developing co-op in space field"
    assert str(fm["date"]) == "2020-12-15"
    assert fm["dateline"] == "BAKU, Azerbaijan, Dec. 15"
    assert fm["location"] == {"city": "Baku", "country": "Azerbaijan"}
    assert (fm["source"], fm["via"]) == ("Trend", "Kazinform")
    assert {"Kazakhstan", "Uzbekistan"} <= set(fm["places"]) and "Azerbaijan" not in fm["places"]
    assert {"Kazakhstan", "Uzbekistan", "Trend"} <= set(fm["tags"])
    assert fm["summary"].startswith("A delegation of the Agency") and len(fm["summary"]) <= 201
    assert fm["seed"]["file"] == "000_ad940214b716725d.txt" and len(fm["seed"]["sha256"]) == 64
    assert body.count("\n\n") == 9  # ten paragraphs


def test_import_is_idempotent(original: SiteDir, capsys: pytest.CaptureFixture[str]) -> None:
    original.run("import")
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in original.articles()}
    capsys.readouterr()
    assert original.run("import") == 0
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in original.articles()} == before
    assert "imported 0, unchanged 1" in capsys.readouterr().out


def test_changed_seed_updates_its_article_in_place(site: SiteDir) -> None:
    site.seed("a.txt", seed_text())
    site.run("import")
    [path] = site.articles()
    site.seed("a.txt", seed_text(title="Kazakhstan opens a new railway line", body="It opened on Friday."))
    assert site.run("import") == 0
    assert site.articles() == [path]  # same slug: the URL stays
    fm, body = content.parse(path.read_text(encoding="utf-8"))
    assert fm["title"] == "Kazakhstan opens a new railway line" and "It opened on Friday." in body


def test_hand_edit_is_kept_and_warned_about(site: SiteDir, capsys: pytest.CaptureFixture[str]) -> None:
    site.seed("a.txt", seed_text())
    site.run("import")
    [path] = site.articles()
    edited = path.read_text(encoding="utf-8").replace("The line opened", "The new line opened")
    path.write_text(edited, encoding="utf-8")
    site.seed("a.txt", seed_text(body="Changed at the source."))
    capsys.readouterr()
    site.run("import")
    assert path.read_text(encoding="utf-8") == edited
    assert f"{path}: edited by hand, kept" in capsys.readouterr().err


def test_same_slug_same_day_gets_distinct_stable_slugs(site: SiteDir) -> None:
    site.seed("a.txt", seed_text(body="First story."))
    site.seed("b.txt", seed_text(body="Second story."))
    site.run("import")
    names = [p.name for p in site.articles()]
    assert names == ["kazakhstan-opens-a-new-railway-2.md", "kazakhstan-opens-a-new-railway.md"]
    site.seed("a.txt", seed_text(body="First story, corrected."))
    site.run("import")
    assert [p.name for p in site.articles()] == names
    assert "corrected" in (site.content / "2021/03/04/kazakhstan-opens-a-new-railway.md").read_text()


def test_seed_whose_date_changed_moves_its_article(site: SiteDir) -> None:
    site.seed("a.txt", seed_text())
    site.run("import")
    site.seed("a.txt", seed_text().replace("2021-03-04", "2021-03-05"))
    site.run("import")
    assert [p.relative_to(site.content).as_posix() for p in site.articles()] == [
        "2021/03/05/kazakhstan-opens-a-new-railway.md"
    ]


def test_bad_seeds_are_reported_and_the_rest_import(site: SiteDir, capsys: pytest.CaptureFixture[str]) -> None:
    site.seed("good.txt", seed_text())
    site.seed("nodate.txt", "Just some text\n\nwith no date line.\n")
    site.seed("feb30.txt", " date 2020-02-30 Title\n\nBody.\n")
    site.seed("empty.txt", "")
    site.seed("binary.txt", b"\x00\x01\x02GIF89a")
    assert site.run() == 1
    err = capsys.readouterr().err
    for name, reason in [
        ("nodate.txt", "no date line"),
        ("feb30.txt", "impossible date '2020-02-30'"),
        ("empty.txt", "empty file"),
        ("binary.txt", "binary data"),
    ]:
        assert re.search(rf"^{re.escape(str(site.seeds / name))}: .*{re.escape(reason)}", err, re.M), name
    assert len(site.articles()) == 1
    assert (site.output / "2021/03/04/kazakhstan-opens-a-new-railway/index.html").exists()


def test_import_of_named_files_and_folders(site: SiteDir, tmp_path) -> None:
    elsewhere = tmp_path / "incoming"
    elsewhere.mkdir()
    (elsewhere / "x.txt").write_text(seed_text(title="Uzbek cotton harvest ends"))
    one = tmp_path / "single.txt"
    one.write_text(seed_text(title="Kyrgyz parliament meets"))
    assert site.run("import", str(elsewhere), str(one)) == 0
    assert [p.stem for p in site.articles()] == ["kyrgyz-parliament-meets", "uzbek-cotton-harvest-ends"]
    assert site.run("import", str(tmp_path / "missing")) == 1


def test_two_seeds_with_one_file_name_the_second_is_reported_on_every_run(
    site: SiteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    """An article names its seed by file name: of seeds/a/x.txt and seeds/b/x.txt, only the first imports."""
    for folder, title in (("a", "Kyrgyz parliament meets"), ("b", "Uzbek cotton harvest ends")):
        (site.seeds / folder).mkdir(parents=True)
        site.seed(f"{folder}/x.txt", seed_text(title=title))
    for _ in range(2):  # the first seed is unchanged the second time: the clash is still reported
        capsys.readouterr()
        assert site.run("import") == 1
        err = capsys.readouterr().err
        assert f"{site.seeds / 'b' / 'x.txt'}: same file name as {site.seeds / 'a' / 'x.txt'}" in err
        assert [p.stem for p in site.articles()] == ["kyrgyz-parliament-meets"]


def test_many_seeds_are_read_in_workers_as_one_by_one(tmp_path) -> None:
    """Past SEEDS_PARALLEL_MIN seeds to read, they are read in forked workers: the same results, in
    order, errors and warnings included."""
    from newsarchive import importer

    jobs = []
    for i in range(importer.SEEDS_PARALLEL_MIN + 20):
        path = tmp_path / f"{i:03d}.txt"
        if i % 31 == 0:
            path.write_text("no date line here\n")  # an error, in its place
        else:  # some with a dateline the gazetteer must place, some with a warning (a first line of text)
            title = f"Story {i}" if i % 5 else f"Story {i}. " + "Word " * 1200
            dateline = "ALMATY, March 4" if i % 3 else "ASTANA, Kazakhstan, March 4"
            path.write_text(seed_text(title=title, body=f"Text {i}.").replace("ASTANA, Kazakhstan, March 4", dateline))
        jobs.append((str(path), None, None))
    jobs.append((jobs[1][0], importer._read_seed(jobs[1])[0], None))  # bytes its article was made from
    assert importer._read_seeds(jobs) == [importer._read_seed(job) for job in jobs]
    reads = importer._read_seeds(jobs)
    assert sum(isinstance(read, str) for read in reads) == 4
    assert any(not isinstance(read, str) and read[1] for read in reads)  # warnings come back too
    assert reads[-1][2] is None


class _Text(HTMLParser):
    """The text of each <p> inside <div class="body">, and every tag seen there."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.in_p = False
        self.paragraphs: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += 1
            self.tags.append(tag)
            if tag == "p":
                self.paragraphs.append("")
                self.in_p = True
        elif tag == "div" and ("class", "body") in attrs:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1
            self.in_p = self.in_p and tag != "p"

    def handle_data(self, data: str) -> None:
        if self.in_p:
            self.paragraphs[-1] += data


VERBATIM = [
    "# not a heading",
    "* not a list",
    "- not a list either",
    "+ nor this",
    "> not a quote",
    "1. not a numbered list",
    "Ticker <SRD> and <BSE.N> stay, as do [x](y), ![img](src) and <http://example.com>.",
    "Stars *like this* and _this_ and `code` and a back\\slash \\* stay.",
    "Entities &amp; and &lt;b&gt; and AT&T show as typed.",
    "<script>alert(1)</script><img src=x onerror=alert(2)>",
    "---",
    "=== ",
    "| a | b |",
]


def test_seed_text_shows_verbatim_on_the_page(site: SiteDir) -> None:
    site.seed("tricky.txt", seed_text(title="Markup <b>in</b> *title*", body="\n\n".join(VERBATIM)))
    assert site.run() == 0
    [page] = site.output.glob("2021/03/04/*/index.html")
    html = page.read_text(encoding="utf-8")
    parser = _Text()
    parser.feed(html)
    assert parser.paragraphs == [v.strip() for v in VERBATIM]
    assert set(parser.tags) == {"p"}  # no headings, lists, quotes, links, images or scripts
    assert "<title>Markup &lt;b&gt;in&lt;/b&gt; *title*" in html


def test_runs_after_the_first_notice_every_change(site: SiteDir, capsys: pytest.CaptureFixture[str]) -> None:
    """The second run decides from sizes and mtimes alone; none of these changes may slip by."""
    site.seed("a.txt", seed_text())
    site.seed("b.txt", seed_text(title="Uzbekistan builds a dam"))
    assert site.run("import") == 0
    assert site.run("import") == 0
    a, b = site.articles()
    capsys.readouterr()

    site.seed("a.txt", seed_text(body="The line opened on Friday, a day late."))  # a seed edited
    assert site.run("import") == 0
    assert "a day late" in a.read_text(encoding="utf-8")

    b.unlink()  # an article deleted: its seed comes back
    assert site.run("import") == 0
    assert len(site.articles()) == 2

    site.seed("bad.txt", "no date line here\n")  # a bad seed is named on every run, not only the first
    for _ in range(2):
        capsys.readouterr()
        assert site.run("import") == 1
        assert "bad.txt: " in capsys.readouterr().err


def test_the_listing_an_import_hands_to_the_build_is_what_is_on_disk(site: SiteDir, tmp_path) -> None:
    from newsarchive.importer import import_seeds
    from newsarchive.inputs import content_files
    from newsarchive.state import State

    state = State(tmp_path / "state.sqlite")
    site.seed("a.txt", seed_text())
    site.seed("b.txt", seed_text(title="Uzbekistan builds a dam"))
    assert list(import_seeds([site.seeds], site.content, state=state).listing) == content_files(site.content)
    site.seed("a.txt", seed_text(body="Changed."))  # rewritten in place
    site.seed("b.txt", seed_text(title="Uzbekistan builds a dam").replace("2021-03-04", "2021-05-06"))  # moved
    site.seed("c.txt", seed_text(title="A third story"))  # new
    report = import_seeds([site.seeds], site.content, state=state)
    assert len(report.imported) == 3
    assert list(report.listing) == content_files(site.content)
    state.close()


def test_what_follows_a_new_seed_is_made_ready_while_content_is_listed(site: SiteDir, tmp_path) -> None:
    """`meanwhile` (the imports a run that reads a seed needs) runs while content/ is listed, and
    only when the seeds are not as the last import saw them: a run with nothing new skips it."""
    from newsarchive.importer import import_seeds
    from newsarchive.state import State

    state = State(tmp_path / "state.sqlite")
    calls: list[int] = []

    def run() -> int:
        report = import_seeds([site.seeds], site.content, state=state, meanwhile=lambda: calls.append(1))
        return len(report.imported)

    site.seed("a.txt", seed_text())
    assert run() == 1 and len(calls) == 1  # no view yet
    assert run() == 0 and len(calls) == 1  # nothing new
    site.seed("b.txt", seed_text(title="Uzbekistan builds a dam"))
    assert run() == 1 and len(calls) == 2
    (site.content / "2021").rename(site.content / "moved")  # content changed, seeds not
    assert run() == 0 and len(calls) == 2
    state.close()


def test_a_run_with_nothing_new_looks_at_no_seed(original: SiteDir) -> None:
    """A run compares its listings with what the last import saw: with nothing new (the same rows,
    in other objects) it looks at no seed; a seed whose bytes change is looked at, alone."""
    import os

    from newsarchive import importer
    from newsarchive.inputs import content_files
    from newsarchive.state import State

    assert original.run("import") == 0
    state = State(original.root / ".cache/state.sqlite")
    try:
        view = importer._View.load(state.blob(importer.VIEW), importer._where(original.content))
        assert view is not None
        files, _ = importer.seed_files([original.seeds])
        fresh = [("".join(list(name)), mtime + 0, size + 0) for name, mtime, size in files]  # equal, not the same
        assert view.changed(fresh, content_files(original.content), original.content, state) == []
        seed = next(original.seeds.glob("*.txt"))
        seed.write_bytes(seed.read_bytes() + b"\nOne more line.\n")
        files, _ = importer.seed_files([original.seeds])
        picked = view.changed(files, content_files(original.content), original.content, state)
        assert [row[0] for row, _, _ in picked or []] == [str(seed)]
        assert os.path.basename(str(seed)) == picked[0][1]
    finally:
        state.close()


def test_listing_digests_depend_on_values_not_objects(original: SiteDir) -> None:
    """The build's digest of a listing must depend on its values only (not on which objects hold
    them, as marshal's bytes do), or every run would redo the build."""
    from newsarchive import importer
    from newsarchive.inputs import content_files, listing_bytes, listing_digest

    assert original.run("import") == 0
    files, _ = importer.seed_files([original.seeds])
    rows = content_files(original.content) + files
    fresh = [("".join(list(name)), mtime + 0, size + 0) for name, mtime, size in rows]  # equal, not the same
    held = [rows, rows]  # noqa: F841 - the same rows, referred to again
    assert listing_bytes(rows) == listing_bytes(fresh)
    assert listing_digest(rows) == listing_digest(fresh) != listing_digest(rows[1:])


IMPORT_ACTIONS = st.one_of(
    st.tuples(st.just("add"), st.integers(0, 6), st.sampled_from(["2021-03-04", "2021-03-05", "2019-01-02"])),
    st.tuples(st.just("reword"), st.integers(0, 20)),  # new bytes: its article is made again
    st.tuples(st.just("touch"), st.integers(0, 20)),  # the same bytes, a new mtime
    st.tuples(st.just("drop seed"), st.integers(0, 20)),
    st.tuples(st.just("drop article"), st.integers(0, 20)),  # imported again from its seed
    st.tuples(st.just("edit article"), st.integers(0, 20)),  # kept, and warned about when its seed changes
    st.tuples(st.just("copy article"), st.integers(0, 20)),  # two articles name one seed: the first is its
    st.just(("bad",)),
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(IMPORT_ACTIONS, min_size=1, max_size=8))
def test_an_import_that_looks_at_few_seeds_does_what_one_that_looks_at_all_does(tmp_path, actions) -> None:
    """Each run looks only at the seeds that changed or whose articles did; after any sequence of
    changes, content/ is what an import with no state (reading every seed) makes of the same files."""
    import os
    import shutil
    import tempfile

    from newsarchive.importer import import_seeds
    from newsarchive.state import State

    root = Path(tempfile.mkdtemp(prefix="run-", dir=tmp_path))
    site = SiteDir(root / "site")
    for i in range(3):
        site.seed(f"s{i}.txt", seed_text(title=f"Story {i} about Kazakhstan"))
    state = State(site.root / ".cache/state.sqlite")
    try:
        import_seeds([site.seeds], site.content, state=state)
        for step, action in enumerate(actions):
            seeds, articles = sorted(site.seeds.glob("*.txt")), site.articles()
            kind, n = action[0], action[1] if len(action) > 1 else 0
            if kind == "add":
                text = seed_text(title=f"New {n} in Japan").replace("2021-03-04", action[2])
                site.seed(f"n{step}.txt", text)
            elif kind == "reword" and seeds:
                path = seeds[n % len(seeds)]
                path.write_text(path.read_text().replace("The line", f"The {step} line", 1))
            elif kind == "touch" and seeds:
                path = seeds[n % len(seeds)]
                os.utime(path, ns=(path.stat().st_mtime_ns + 10**9, path.stat().st_mtime_ns + 10**9))
            elif kind == "drop seed" and seeds:
                seeds[n % len(seeds)].unlink()
            elif kind == "drop article" and articles:
                articles[n % len(articles)].unlink()
            elif kind == "edit article" and articles:
                with articles[n % len(articles)].open("a") as f:
                    f.write(f"\nEdited {step}.\n")
            elif kind == "copy article" and articles:
                path = articles[n % len(articles)]
                shutil.copy(path, path.with_name(f"a-copy-{step}.md"))
            elif kind == "bad":
                site.seed(f"bad{step}.txt", "no date line here\n")
            other = SiteDir(root / f"other-{step}")
            shutil.copytree(site.content, other.content) if site.content.exists() else None
            shutil.rmtree(other.seeds)
            shutil.copytree(site.seeds, other.seeds)
            followed = import_seeds([site.seeds], site.content, state=state)
            whole = import_seeds([other.seeds], other.content)
            assert sorted(e.split(":")[0].rsplit("/")[-1] for e in followed.errors) == sorted(
                e.split(":")[0].rsplit("/")[-1] for e in whole.errors
            ), action
            assert tree(site.content) == tree(other.content), action
    finally:
        state.close()


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.md"))}
