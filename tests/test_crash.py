"""Crash safety: `python build.py` killed with SIGKILL at random moments, over and over.

A site of 2,000 synthetic articles is built once; then each run changes
something (seeds edited, moved to another day, added, deleted; an article
edited by hand; a layout; site.toml), starts `python build.py`, kills it after a
random delay, and checks that
- every file in content/ and output/ is whole: the version from before the run
  or the one the finished run makes, never a truncated one, and none is lost;
- the next run finishes and leaves no temporary file.
A layout change is killed while article pages are being written, then undone
before any run finishes: the pages the killed run wrote for it must not be
taken for current. Then, and after the last run, the output is compared with a
clean build of the same content (--force, in another folder).
"""

from __future__ import annotations

import datetime as dt
import difflib
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import frontmatter
import pytest

from newsarchive import content
from newsarchive.cli import main
from newsarchive.config import BUILTIN
from newsarchive.files import is_temporary
from newsarchive.lock import Busy, site_lock

from .conftest import REPO
from .synthetic import seed_text, write_seeds

ARTICLES = 2000
RUNS = 20
LAYOUT = (BUILTIN / "layouts" / "article.html").read_text(encoding="utf-8")
LAYOUT_B = LAYOUT.replace('<div class="body">', '<div class="body" data-variant="b">')

Tree = dict[str, bytes]


def snapshot(site: Path) -> Tree:
    """Every file under content/ and output/, by path relative to the site."""
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for d in (site / "content", site / "output")
        if d.exists()
        for p in d.rglob("*")
        if p.is_file()
    }


def whole(rel: str, data: bytes, hand_edited: set[str]) -> str | None:
    """Why a file looks cut short or broken, or None if it is whole."""
    name = rel.rsplit("/", 1)[-1]
    if rel.startswith("output/assets/"):
        src = BUILTIN / "assets" / rel.removeprefix("output/assets/")
        return None if data == src.read_bytes() else "not the asset's bytes"
    if name.endswith(".html"):
        return None if data.endswith(b"</html>\n") else "HTML not ending in </html>"
    if name.endswith(".xml"):
        try:
            ET.fromstring(data)
        except ET.ParseError as e:
            return f"XML does not parse: {e}"
        return None
    if name.endswith(".js"):
        return None if data.endswith(b"};\n") else "search shard cut short"
    if name.endswith(".md"):
        post = frontmatter.loads(data.decode("utf-8"))
        if not {"title", "date", "seed"} <= post.metadata.keys():
            return "front matter incomplete"
        text = data.decode("utf-8")
        intact = rel in hand_edited or not content.edited_by_hand(text)  # the digest covers the whole file
        return None if text.endswith("\n") and intact else "article cut short"
    if name.endswith(".txt"):
        return None if data.endswith(b"\n") else "text cut short"
    return "unexpected file"


def temporary(rel: str) -> bool:
    return is_temporary(rel.rsplit("/", 1)[-1])


def check_whole(tree: Tree, hand_edited: set[str]) -> None:
    problems = [
        f"{rel}: {why}" for rel, data in tree.items() if not temporary(rel) and (why := whole(rel, data, hand_edited))
    ]
    assert not problems, problems[:10]


class Site:
    """The site under test and the changes made to it."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root = root
        self.rng = rng
        self.seeds = root / "seeds"
        self.next = ARTICLES
        self.hand_edited: set[str] = set()

    def run(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "--site", str(self.root), "-q"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def finish(self) -> None:
        proc = self.run()
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()

    def wait_for_rendering(self, proc: subprocess.Popen[bytes]) -> None:
        """Until the first article page (the oldest; rendered first) has the article layout now in place."""
        variant = (self.root / "layouts" / "article.html").exists()
        first = min((self.root / "output").glob("[0-9]*/*/*/*/index.html"))
        while proc.poll() is None and ('data-variant="b"' in first.read_text(encoding="utf-8")) != variant:
            time.sleep(0.01)

    def seed_files(self, k: int) -> list[Path]:
        return self.rng.sample(sorted(self.seeds.glob("*.txt")), k)

    # The changes
    def edit(self) -> None:
        for path in self.seed_files(30):
            day = re.match(r" date (\S+)", path.read_text(encoding="utf-8")).group(1)  # type: ignore[union-attr]
            path.write_text(seed_text(self.rng, dt.date.fromisoformat(day), int(path.stem[1:])), encoding="utf-8")

    def move(self) -> None:
        for path in self.seed_files(10):
            day = dt.date(self.rng.randint(2018, 2021), self.rng.randint(1, 12), self.rng.randint(1, 28))
            path.write_text(seed_text(self.rng, day, int(path.stem[1:])), encoding="utf-8")

    def add(self) -> None:
        write_seeds(self.seeds, 40, self.rng, start=self.next)
        self.next += 40

    def delete(self) -> None:
        for md in self.rng.sample(sorted((self.root / "content").rglob("*.md")), 5):
            found = content.seed_of(md)
            if found:
                (self.seeds / found[0]).unlink(missing_ok=True)
            md.unlink()

    def hand_edit(self) -> None:
        for md in self.rng.sample(sorted((self.root / "content").rglob("*.md")), 3):
            md.write_text(md.read_text(encoding="utf-8") + "\nAdded by an editor.\n", encoding="utf-8")
            self.hand_edited.add(md.relative_to(self.root).as_posix())

    def layout(self) -> None:
        """Switch article.html between the built-in layout and a variant of it."""
        path = self.root / "layouts" / "article.html"
        if path.exists():
            path.unlink()
        else:
            path.parent.mkdir(exist_ok=True)
            path.write_text(LAYOUT_B, encoding="utf-8")

    def config(self) -> None:
        path = self.root / "site.toml"
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        path.write_text("" if "per_page" in text else "per_page = 7\n", encoding="utf-8")


def clean_build(site: Path, where: Path) -> Tree:
    """The output of a copy of the site's content, layouts and config, built from nothing with --force."""
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir()
    for name in ("content", "layouts", "site.toml"):
        src = site / name
        if src.is_dir():
            shutil.copytree(src, where / name)
        elif src.exists():
            shutil.copy(src, where / name)
    assert main(["--site", str(where), "-q", "--force", "build"]) == 0
    return {k.removeprefix("output/"): v for k, v in snapshot(where).items() if k.startswith("output/")}


def snapshot_when_unlocked(site: Path, seconds: float = 30.0) -> Tree:
    """A snapshot taken under the build lock: once any worker the killed build had forked is gone too."""
    end = time.monotonic() + seconds
    while True:
        try:
            with site_lock(site / ".cache", wait=False):
                return snapshot(site)
        except Busy:
            assert time.monotonic() < end, "the killed build's lock is still held"
            time.sleep(0.05)


def output_of(tree: Tree) -> Tree:
    return {k.removeprefix("output/"): v for k, v in tree.items() if k.startswith("output/")}


def shown(rel: str, got: Tree, want: Tree) -> str:
    """How a file differs from a clean build's, for the failure message."""
    a, b = (t.get(rel, b"").decode("utf-8", "replace").splitlines() for t in (got, want))
    return "\n" + "\n".join(list(difflib.unified_diff(a, b, "built", "clean", lineterm=""))[:40])


def differences(a: Tree, b: Tree) -> list[str]:
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_and_corrupts_nothing(tmp_path: Path) -> None:
    rng = random.Random(6)
    root = tmp_path / "site"
    write_seeds(root / "seeds", ARTICLES, rng)
    site = Site(root, rng)
    site.finish()
    changes: dict[str, Callable[[], None]] = {
        "edit": site.edit,
        "move": site.move,
        "add": site.add,
        "delete": site.delete,
        "hand_edit": site.hand_edit,
        "layout": site.layout,
        "config": site.config,
    }
    took = dict.fromkeys(changes, 3.0)  # how long a run takes after each kind of change (the last that ended)
    killed_at: list[str] = []
    after: Tree = {}
    # Every kind of change, about as often as the others, in a random order.
    schedule = [kind for _ in range(RUNS) for kind in rng.sample(sorted(changes), len(changes))][:RUNS]
    for run, kind in enumerate(schedule):
        changes[kind]()
        before = after if after and kind not in ("delete", "hand_edit") else snapshot(root)  # those change content/
        after = {}
        started = time.monotonic()
        proc = site.run()
        if kind == "layout":  # kill it while it writes article pages, some with the new layout, some not yet
            site.wait_for_rendering(proc)
            delay = rng.uniform(0.0, 0.3) * took[kind]  # it has begun: less of the run is left
        else:
            delay = rng.uniform(0.0, 0.7) * took[kind]  # mostly before it ends: a killed run is the point
        try:
            proc.wait(timeout=delay)  # it may finish first: then the next run of its kind is killed sooner
            took[kind] = time.monotonic() - started
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        killed_at.append(f"{kind}:{'killed' if proc.returncode == -signal.SIGKILL else 'finished'}")
        killed = snapshot_when_unlocked(root)
        check_whole(killed, site.hand_edited)
        if kind == "layout":
            # Undone before any run finished: pages the killed run wrote for the change must be made again.
            site.layout()
            site.finish()
            got, want = output_of(snapshot(root)), clean_build(root, tmp_path / "clean")
            diff = differences(got, want)
            where = f"run {run} ({kind}, undone), after {killed_at}"
            assert not diff, f"{where}: differs from a clean build: {diff[:10]}{shown(diff[0], got, want)}"
            continue
        site.finish()
        after = snapshot(root)
        left = [rel for rel in after if temporary(rel)]
        assert not left, f"run {run} ({kind}): temporary files left: {left[:5]}"
        neither = [r for r, data in killed.items() if data not in (before.get(r), after.get(r)) and not temporary(r)]
        assert not neither, f"run {run} ({kind}): neither the old nor the new version: {neither[:5]}"
        lost = [rel for rel in before.keys() & after.keys() if rel not in killed]
        assert not lost, f"run {run} ({kind}): missing after the kill: {lost[:5]}"
        if run == RUNS - 1:
            got, want = output_of(after), clean_build(root, tmp_path / "clean")
            diff = differences(got, want)
            where = f"run {run} ({kind}), after {killed_at}"
            assert not diff, f"{where}: differs from a clean build: {diff[:10]}{shown(diff[0], got, want)}"
    assert sum(k.endswith("killed") for k in killed_at) >= RUNS // 3, killed_at
