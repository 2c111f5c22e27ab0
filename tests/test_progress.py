"""Progress bars: on a terminal, a long import, read and render each show one on standard error;
with -q, or when standard error is not a terminal, none shows."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys

from .conftest import REPO, SiteDir

BARS = ("importing [", "reading [", "rendering [")


def stderr_of(site: SiteDir, *args: str, terminal: bool) -> str:
    """What `build.py --site SITE ARGS` writes on standard error: a pseudo-terminal, or a pipe."""
    command = [sys.executable, str(REPO / "build.py"), "--site", str(site.root), *args]
    if not terminal:
        return subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).stderr
    reader, writer = pty.openpty()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=writer)
    os.close(writer)
    chunks = []
    while True:
        try:
            chunk = os.read(reader, 1 << 16)
        except OSError:  # EIO: every process that held the terminal has ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(reader)
    assert process.wait() == 0
    return b"".join(chunks).decode("utf-8", "replace")


def start_afresh(site: SiteDir, keep_content: bool = False) -> None:
    for folder in (site.output, site.root / ".cache", *(() if keep_content else (site.content,))):
        shutil.rmtree(folder, ignore_errors=True)


def test_long_runs_show_progress_on_a_terminal_only(site: SiteDir) -> None:
    for i in range(250):  # bars show from 200 items on
        text = f" date 2021-03-04 Story {i}\n\nStory {i}\n\nASTANA, Kazakhstan, March 4\n\nText {i}.\n"
        site.seed(f"{i:03d}.txt", text)

    err = stderr_of(site, terminal=True)
    assert "\rimporting [" in err and "\rrendering [" in err, err
    assert err.count("\r\x1b[K") == 3 and err.endswith("\r\x1b[K")  # each bar cleared when done

    start_afresh(site, keep_content=True)  # no state: every article file is read again
    assert "reading [" in stderr_of(site, "build", terminal=True)

    start_afresh(site)
    assert not any(bar in stderr_of(site, "-q", terminal=True) for bar in BARS)  # quiet
    start_afresh(site)
    assert not any(bar in stderr_of(site, terminal=False) for bar in BARS)  # a pipe, a log file
