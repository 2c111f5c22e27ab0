"""The preview server: serves the site, rebuilds on change, tells open pages to reload."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from .conftest import ORIGINAL_SEED, REPO


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read().decode()


def wait_for(check, seconds: float = 30.0):  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    while True:
        try:
            value = check()
            if value:
                return value
        except OSError:
            pass
        if time.monotonic() > end:
            raise AssertionError("timed out")
        time.sleep(0.2)


@contextlib.contextmanager
def serving(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A site of the original seed, previewed: (its folder, the server's URL), once it serves."""
    site = tmp_path / "site"
    (site / "seeds").mkdir(parents=True)
    shutil.copy(ORIGINAL_SEED, site / "seeds")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "--site", str(site), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: get(base + "index.html"))
        yield site, base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


NEW_SEED = " date 2021-05-05 Kyrgyz lake story\n\nBISHKEK, May 5\n\nText.\n"


def test_serve_rebuilds_on_a_new_seed_and_pages_learn_of_it(tmp_path: Path) -> None:
    with serving(tmp_path) as (site, base):
        home = get(base + "index.html")
        assert "Kazakhstan, Uzbekistan developing co-op in space field" in home
        assert '<script src="/__newsarchive/reload.js"></script></body>' in home  # added by the server only
        assert "reload.js" not in (site / "output/index.html").read_text()
        assert "location.reload" in get(base + "__newsarchive/reload.js")
        build = get(base + "__newsarchive/build")
        (site / "seeds" / "new.txt").write_text(NEW_SEED)
        wait_for(lambda: get(base + "__newsarchive/build") != build)
        assert "Kyrgyz lake story" in get(base + "index.html")


def test_serve_rebuilds_from_the_paths_told_then_checks_for_what_the_watcher_missed(tmp_path: Path) -> None:
    with serving(tmp_path) as (site, base):
        [article] = (site / "content").rglob("*.md")
        # A change no watcher sees: the article edited through a hard link in a folder not watched.
        (tmp_path / "elsewhere").mkdir()
        unseen = tmp_path / "elsewhere" / "article.md"
        os.link(article, unseen)
        build = get(base + "__newsarchive/build")
        (site / "seeds" / "first.txt").write_text(NEW_SEED.replace("Kyrgyz", "Tajik"))
        wait_for(lambda: get(base + "__newsarchive/build") != build)  # rebuilt: the watcher is watching
        build = get(base + "__newsarchive/build")
        (site / "seeds" / "new.txt").write_text(NEW_SEED)
        text = unseen.read_text()
        unseen.write_text(text.replace("title: Kazakhstan, Uzbekistan", "title: Edited unseen, Kazakhstan, Uzbekistan"))
        wait_for(lambda: get(base + "__newsarchive/build") != build)
        home = get(base + "index.html")
        assert "Kyrgyz lake story" in home  # the path told: rebuilt at once
        assert "Edited unseen" not in home  # only the paths told were looked at
        wait_for(lambda: "Edited unseen" in get(base + "index.html"), seconds=20)  # found by the check
