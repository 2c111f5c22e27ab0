"""Build: content/ → Site → pages → output/, redoing only what changed.

Each output file has a fingerprint of everything that made it: the data its
layout receives (pages.py gives layouts immutable views, so that is all they
can see), the layout chain and the config. A page whose fingerprint matches
the last build's and whose file is still there is not rendered again; files
no longer planned are removed. --force renders everything and gives the same
bytes.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .config import Config
from .output import Output, WriteReport
from .pages import Page, plan
from .render import BUILTIN, Renderer
from .site import Site, load_site
from .state import State

PARALLEL_MIN = 400  # pages to render before worker processes pay for themselves


def build(site_dir: Path, config: Config, output_dir: Path, force: bool = False) -> tuple[Site, WriteReport]:
    state = State(site_dir / ".cache" / "state.sqlite")
    try:
        return _build(site_dir, config, output_dir, force, state)
    finally:
        state.close()


def _build(site_dir: Path, config: Config, output_dir: Path, force: bool, state: State) -> tuple[Site, WriteReport]:
    site = load_site(site_dir / "content", config, state)
    renderer = Renderer(site_dir, config)
    out = Output(output_dir)
    before = {} if force else state.outputs()

    fingerprints: dict[str, str] = {}
    todo: list[Page] = []
    for page in plan(site):
        fp = renderer.fingerprint(page)
        if page.path in fingerprints:
            raise ValueError(f"two pages want the same output file: {page.path!r}")
        fingerprints[page.path] = fp
        if before.get(page.path) == fp and out.exists(page.path):
            out.report.unchanged += 1
        else:
            todo.append(page)
    for rel, path in sorted(assets(site_dir).items()):
        data = path.read_bytes()
        out.write(f"assets/{rel}", data)
        fingerprints[f"assets/{rel}"] = renderer.digest(data)

    out.report.add(_render_all(renderer, todo, output_dir))
    gone = before.keys() - fingerprints.keys()
    out.remove(gone)
    if force or not before:  # no record of what an earlier build made: sweep the folder
        out.remove_stale(set(fingerprints))
    changed = {p: fp for p, fp in fingerprints.items() if before.get(p) != fp}
    state.save_outputs(changed, gone)
    return site, out.report


# Worker processes are forked with the renderer and the pages in memory; each renders a share.
_job: tuple[Renderer, list[Page], Path] | None = None


def _render_all(renderer: Renderer, pages: list[Page], output_dir: Path) -> WriteReport:
    global _job
    workers = min(os.cpu_count() or 1, 8)
    if len(pages) < PARALLEL_MIN or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return _render_share(renderer, pages, output_dir)
    _job = (renderer, pages, output_dir)
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            reports = list(pool.map(_render_slice, range(workers), [workers] * workers))
    finally:
        _job = None
    total = WriteReport()
    for r in reports:
        total.add(r)
    return total


def _render_slice(index: int, count: int) -> WriteReport:
    assert _job is not None
    renderer, pages, output_dir = _job
    return _render_share(renderer, pages[index::count], output_dir)


def _render_share(renderer: Renderer, pages: list[Page], output_dir: Path) -> WriteReport:
    """Render and write pages one at a time: nothing rendered is kept in memory."""
    out = Output(output_dir)
    for page in pages:
        out.write(page.path, renderer.render(page))
    return out.report


def assets(site_dir: Path) -> dict[str, Path]:
    """Asset files by path under assets/: the site's own over the built-in ones."""
    found: dict[str, Path] = {}
    for root in (BUILTIN / "assets", site_dir / "assets"):
        if root.is_dir():
            for f in root.rglob("*"):
                if f.is_file() and not f.name.startswith("."):
                    found[f.relative_to(root).as_posix()] = f
    return found
