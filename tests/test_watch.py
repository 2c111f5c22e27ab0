"""`build.py watch`: builds, rebuilds output/ on each change, stops on Ctrl-C; what it leaves is
what a clean build makes; it says what each rebuild changed, and a problem once it appears, not
again for every rebuild that changes nothing."""

from __future__ import annotations

import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from .conftest import ORIGINAL_SEED, REPO
from .test_serve import NEW_SEED, wait_for


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_watch_rebuilds_on_each_change_and_leaves_a_clean_builds_output(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "seeds").mkdir(parents=True)
    shutil.copy(ORIGINAL_SEED, site / "seeds")
    proc = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "--site", str(site), "watch"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert proc.stdout is not None
    out = proc.stdout
    reader = threading.Thread(target=lambda: [lines.put(line) for line in out], daemon=True)
    reader.start()
    said: list[str] = []

    def next_line_with(text: str) -> str:
        while True:
            try:
                said.append(lines.get(timeout=30))
            except queue.Empty:
                raise AssertionError(f"no line with {text!r} after {said}") from None
            if text in said[-1]:
                return said[-1]

    try:
        next_line_with("watching")
        assert said[0].startswith("imported 1, ")  # the first build, before watching
        (site / "seeds" / "new.txt").write_text(NEW_SEED)
        assert next_line_with("imported 1, unchanged 1").rstrip().endswith(" s")
        wait_for(lambda: "Kyrgyz lake story" in (site / "output/index.html").read_text())
        article = next((site / "content").rglob("*kyrgyz*.md"))
        article.write_text(article.read_text().replace("Text.", "Text, edited by hand."))
        wait_for(lambda: "edited by hand" in "".join(p.read_text() for p in (site / "output").rglob("*.html")))
        article.write_bytes(article.read_bytes())  # a change that changes nothing: said nothing of
        time.sleep(1.5)  # (past the watcher's wait for more changes, and the rebuild)
        (site / "seeds" / "bad.txt").write_text("no date here\n")
        next_line_with("bad.txt: no date line")
        (site / "seeds" / "new.txt").unlink()  # an article taken out (its seed too, or it comes back)
        article.unlink()
        wait_for(lambda: "Kyrgyz lake story" not in (site / "output/index.html").read_text())
    finally:
        proc.send_signal(signal.SIGINT)  # Ctrl-C
        assert proc.wait(timeout=30) == 0
    reader.join(timeout=30)
    said += list(lines.queue)
    assert "stopped" in said[-1]
    summaries = [line for line in said if line.startswith("imported ")]
    nothing_done = re.compile(r"pages 0 written, [\d,]+ unchanged, 0 removed")
    assert summaries and not [line for line in summaries if nothing_done.search(line) and "skipped 0 " in line]
    watched = tree(site / "output")
    clean = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--site", str(site), "--output", str(tmp_path / "clean"), "--quiet"],
        capture_output=True,
        text=True,
    )
    assert clean.returncode == 1 and "bad.txt: no date line" in clean.stderr  # skipped, as in the watch
    assert watched == tree(tmp_path / "clean")
