"""The outline: a build that follows a change from the last build's outline makes the same site
model and the same page-group digests as one that reads content/ whole, and reads few records."""

from __future__ import annotations

import tempfile
from array import array
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsarchive import outline, search
from newsarchive.builder import build
from newsarchive.config import load_config
from newsarchive.inputs import content_files
from newsarchive.outline import Outline
from newsarchive.pages import groups
from newsarchive.render import Renderer
from newsarchive.site import read_site
from newsarchive.state import State

from .conftest import SiteDir
from .test_incremental import ACTIONS, COUNTRIES, DAYS, apply, article, tree


def whole_read(site: SiteDir) -> tuple[Outline | None, dict[str, str], str]:
    """The outline and the group digests of the site read whole, and what they are made for."""
    config = load_config(site.root / "site.toml")
    base = Renderer(site.root, config, site.root / ".cache").base()
    made_for = f"{base}\0{site.content}/"
    whole = read_site(site.content, config)
    digests = {g.key: g.inputs for g in groups(whole.site, base) if g.inputs}
    return Outline.of(whole, made_for, content_files(site.content)), digests, made_for


def kept(site: SiteDir, made_for: str) -> tuple[Outline | None, dict[str, str]]:
    state = State(site.root / ".cache" / "state.sqlite")
    try:
        data = state.blob("outline")
        return (Outline.load(data, made_for) if data else None), {k: d for k, (d, _) in state.groups().items() if d}
    finally:
        state.close()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(ACTIONS, min_size=1, max_size=3), min_size=1, max_size=6))
def test_a_followed_outline_equals_a_whole_read(tmp_path: Path, monkeypatch, runs: list[list[tuple]]) -> None:
    """After each build, of one change or several at once (a tag may then keep its count while its
    articles move: what Dirty's last position is for)."""
    monkeypatch.setattr(search, "SHARD_MAX", 2)  # years split by month, and back, as articles come and go
    root = Path(tempfile.mkdtemp(prefix="run-", dir=tmp_path))
    site = SiteDir(root / "site")
    site.content.mkdir()
    for i in range(8):
        (site.content / f"a{i}.md").write_text(article(f"Story {i}", DAYS[i % 5], COUNTRIES[i % 3], f"Text {i}."))
    (site.root / "site.toml").write_text("per_page = 1\n")
    assert site.run("-q", "build") == 0
    step = 0
    for actions in runs:
        for action in actions:
            step += 1
            apply(site, step, action)
        site.run("-q", "build")
        outline, digests, made_for = whole_read(site)
        followed, known = kept(site, made_for)
        assert known == digests, actions
        if outline is not None:
            assert followed == Outline.load(outline.dump(), made_for), actions


def test_one_new_article_reads_few_records(tmp_path: Path) -> None:
    """Added to 120 articles over many months, one article is read with its neighbours, its month,
    its tags' newest and the home page's: not the others."""
    site = SiteDir(tmp_path / "site")
    site.content.mkdir()
    for i in range(120):
        day = f"20{10 + i // 12}-{i % 12 + 1:02d}-0{i % 7 + 1}"
        (site.content / f"a{i}.md").write_text(article(f"Story {i}", day, COUNTRIES[i % 5], f"Text {i}."))
    config = load_config(site.root / "site.toml")
    assert build(site.root, config, site.output).read == 120
    (site.content / "new.md").write_text(article("New", "2015-06-15", "Japan", "Fresh."))
    result = build(site.root, config, site.output)
    assert result.articles == 121 and 0 < result.read < 60, result.read
    assert result.report.written < 40


def test_a_new_article_in_a_big_year_reads_its_month_not_its_year(tmp_path: Path, monkeypatch) -> None:
    """A year past search.SHARD_MAX is indexed by month: its search shards are its months', and its
    sitemaps are its months', so a new article reads its month only."""
    monkeypatch.setattr(search, "SHARD_MAX", 50)
    site = SiteDir(tmp_path / "site")
    site.content.mkdir()
    for i in range(240):  # 20 a month in 2015
        day = f"2015-{i % 12 + 1:02d}-{i % 20 + 1:02d}"
        (site.content / f"a{i}.md").write_text(article(f"Story {i}", day, COUNTRIES[i % 5], f"Text {i}."))
    (site.root / "site.toml").write_text("per_page = 5\nfeed_entries = 5\nhome_entries = 5\n")
    config = load_config(site.root / "site.toml")
    build(site.root, config, site.output)
    (site.content / "new.md").write_text(article("New", "2015-12-30", "Japan", "Fresh."))
    result = build(site.root, config, site.output)
    # Its month (20), the year page's headlines, its tags' and the home page's newest: not the 241.
    assert result.articles == 241 and result.read < 150, result.read
    assert (site.output / "search" / "2015-12.js").read_text().count('"New"') == 1
    assert "2015/12/30/new/index.html" in (site.output / "sitemap-2015-12.xml").read_text()


def test_records_the_state_lacks_are_read_from_the_files(tmp_path: Path) -> None:
    """The state keeps only what it has read: with its records of content/ gone, a build that
    follows the outline reads the articles it needs from their files."""
    import shutil

    site = SiteDir(tmp_path / "site")
    site.content.mkdir()
    for i in range(120):
        day = f"20{10 + i // 12}-{i % 12 + 1:02d}-0{i % 7 + 1}"
        (site.content / f"a{i}.md").write_text(article(f"Story {i}", day, COUNTRIES[i % 5], f"Text {i}."))
    assert site.run("-q", "build") == 0
    state = State(site.root / ".cache" / "state.sqlite")
    try:
        with state.transaction():
            state.db.execute("DELETE FROM content")
    finally:
        state.close()
    (site.content / "new.md").write_text(article("New", "2015-06-15", "Japan", "Fresh."))
    config = load_config(site.root / "site.toml")
    result = build(site.root, config, site.output)
    assert result.articles == 121 and result.read < 60  # from the outline, not a whole read
    clean = SiteDir(tmp_path / "clean")
    shutil.copytree(site.content, clean.content)
    assert clean.run("-q", "build") == 0
    assert tree(site.output) == tree(clean.output)


@given(st.integers(0, 30), st.data())
def test_positions_move_as_articles_go_and_come(n: int, data) -> None:
    """An article that stays moves from its position as loaded to its position now: _moves says
    how, from the positions that went (as loaded) and came (now)."""
    went = sorted(data.draw(st.sets(st.integers(0, n - 1))) if n else [])
    stayed = [p for p in range(n) if p not in set(went)]
    now = list(stayed)  # the site now: stayers in order, with new articles put in
    for _ in range(data.draw(st.integers(0, 5))):
        now.insert(data.draw(st.integers(0, len(now))), None)
    came = [i for i, p in enumerate(now) if p is None]
    moves = outline._moves(went, came)
    assert [outline._moved(moves, p) for p in stayed] == [i for i, p in enumerate(now) if p is not None]
    some = sorted(data.draw(st.sets(st.sampled_from(stayed))) if stayed else [])
    moved = outline._moved_all(moves, array("i", some).tobytes())
    assert list(moved) == [now.index(p) for p in some]
