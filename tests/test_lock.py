"""One import or build of a site at a time, between real processes."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .conftest import REPO
from .synthetic import write_seeds
from .test_serve import free_port

# A process that takes the site's lock, says so, and holds it until its stdin closes.
HOLDER = """
import sys
from pathlib import Path
from newsarchive.lock import site_lock
with site_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    sys.stdin.read()
"""


def build_py(site: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "--site", str(site), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def hold(site: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(site / ".cache")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    assert proc.stdout is not None and proc.stdout.readline() == "locked\n"
    return proc


def small_site(tmp_path: Path, seeds: int = 20) -> Path:
    site = tmp_path / "site"
    write_seeds(site / "seeds", seeds, random.Random(3))
    return site


def test_no_wait_stops_at_once_naming_the_other_run(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    holder = hold(site)
    try:
        started = time.monotonic()
        out, err = build_py(site, "--no-wait").communicate(timeout=30)
        assert time.monotonic() - started < 10
        assert f"error: another run (PID {holder.pid}) is importing or building this site" in err
        assert not (site / "content").exists() and not (site / "output").exists()  # nothing written
    finally:
        holder.communicate("")
    proc = build_py(site, "--no-wait")
    proc.communicate(timeout=60)
    assert proc.returncode == 0


def test_a_second_run_waits_for_the_first_then_runs(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    holder = hold(site)
    second = build_py(site)
    try:
        assert second.stderr is not None
        line = second.stderr.readline()
        assert line == f"waiting for another run (PID {holder.pid}) to finish importing or building this site …\n"
        time.sleep(1.0)
        assert second.poll() is None and not (site / "output").exists()  # still waiting, nothing written
    finally:
        holder.communicate("")
    out, _ = second.communicate(timeout=60)
    assert second.returncode == 0
    assert "imported 20," in out and (site / "output" / "index.html").is_file()


def test_two_builds_never_interleave(tmp_path: Path) -> None:
    """Two real runs started together: the second imports nothing, as the first has imported all before it starts."""
    site = small_site(tmp_path, seeds=400)
    first = build_py(site)
    lock = site / ".cache" / "build.lock"
    end = time.monotonic() + 30
    while not (lock.exists() and lock.read_text().strip() == str(first.pid)):  # the first holds the lock
        assert time.monotonic() < end and first.poll() is None
        time.sleep(0.02)
    second = build_py(site)
    out2, err2 = second.communicate(timeout=120)
    out1, _ = first.communicate(timeout=120)
    assert (first.returncode, second.returncode) == (0, 0)
    assert "imported 400, unchanged 0" in out1
    assert f"waiting for another run (PID {first.pid})" in err2
    assert re.search(r"imported 0, unchanged 400, .* pages 0 written", out2), out2


def test_a_killed_holder_leaves_no_lock(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    holder = hold(site)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    proc = build_py(site, "--no-wait")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "imported 20," in out


def test_serve_rebuilds_take_the_lock(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    holder = hold(site)
    port = free_port()
    serve = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "--site", str(site), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert serve.stdout is not None
        assert serve.stdout.readline().startswith(f"waiting for another run (PID {holder.pid})")
        time.sleep(1.0)
        assert not (site / "output").exists()
        holder.communicate("")
        lines = [serve.stdout.readline() for _ in range(2)]  # the build's summary, then the server's line
        assert lines[1].startswith("serving "), lines
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=5) as r:
            assert r.status == 200
    finally:
        holder.kill()
        serve.terminate()
        serve.wait(timeout=10)
