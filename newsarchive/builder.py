"""Build: content/ → Site → pages → output/, redoing only what changed.

Pages come in groups (pages.groups): a month's (its articles, days and month page),
a year's (its page, search shards and sitemap), a tag's (its index and feed), each
numbered tag page, and the site-wide ones. A group whose inputs digest matches the
last build's is not planned at all. When the site comes from the last build's outline
(outline.py), a group the change cannot have touched keeps its digest unread.
Within a group that is planned, each output file has a fingerprint of everything
that made it: the data its layout receives (pages.py gives layouts immutable
views, so that is all they can see), the layout chain and the config; a page
whose fingerprint matches the last build's and whose file is still there is not
rendered again. Files no longer planned are removed. --force renders everything
and gives the same bytes.

A build killed at any moment leaves every output file whole (files.py) and a
state that promises nothing it has not done: before the first page is written,
the digests of the groups being redone are forgotten and the pages about to be
written are put on record without a fingerprint; fingerprints and digests are
saved only after the last page, the digests in one transaction with the outline.
So the next build renders again, or removes, whatever may be half done, and
removes the temporary files the killed one left.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import BUILTIN, Config
from .files import remove_temporary
from .inputs import Row, content_files, listing_digest
from .output import Output, WriteReport
from .progress import Progress
from .state import State

if TYPE_CHECKING:  # the rest is imported only when there is something to build
    from .outline import Dirty, Outline
    from .pages import Page
    from .render import Renderer
    from .site import Site, Whole

CODE = Path(__file__).resolve().parent  # a new version of the code may make other output

PARALLEL_MIN = 400  # pages to render before worker processes pay for themselves
BATCH = 5000  # pages planned before they are rendered and let go (whole groups: a batch may hold more)


@dataclass
class BuildResult:
    articles: int
    problems: list[str] = field(default_factory=list)  # "path: reason" for content files left out
    report: WriteReport = field(default_factory=WriteReport)
    read: int = 0  # articles made from their records (all of them, unless the site came from its outline)


def build(
    site_dir: Path,
    config: Config,
    output_dir: Path,
    force: bool = False,
    files: Sequence[Row] | None = None,
    records: dict[str, Any] | None = None,
) -> BuildResult:
    """Build output_dir; `files` is content_files() of the site's content/ and `records` the state's
    content(), when the caller has them."""
    state = State(site_dir / ".cache" / "state.sqlite")
    try:
        files = content_files(site_dir / "content") if files is None else files
        inputs = _inputs_digest(site_dir, config, output_dir, files)
        last = state.get("last_build")
        if not force and last and state.get("inputs") == inputs and (output_dir / "index.html").is_file():
            done = json.loads(last)  # nothing that makes the site changed since the last build
            return BuildResult(done["articles"], done["problems"], WriteReport(unchanged=done["outputs"]))
        interrupted = state.get("building")  # the output folder of a build that did not finish
        if interrupted and Path(interrupted).is_dir():
            remove_temporary(Path(interrupted))
        state.put("inputs", None)  # an interrupted build must not look finished
        state.put("building", str(output_dir.resolve()))
        result = _build(site_dir, config, output_dir, force, state, files, records)
        summary = {"articles": result.articles, "problems": result.problems, "outputs": state.count_outputs()}
        state.put("last_build", json.dumps(summary))
        state.put("inputs", inputs)
        state.put("building", None)
        return result
    finally:
        state.close()


def _inputs_digest(site_dir: Path, config: Config, output_dir: Path, files: Sequence[Row]) -> str:
    """A digest of everything a build reads, by size and mtime: content, layouts, assets, config, code."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{config!r}\0{output_dir.resolve()}\0".encode("utf-8", "surrogateescape"))
    h.update(listing_digest(files))
    for root in (BUILTIN / "layouts", site_dir / "layouts", BUILTIN / "assets", site_dir / "assets", CODE):
        for dirpath, _, filenames in sorted(os.walk(root)):
            if os.path.basename(dirpath) == "__pycache__":  # compiled code: the source says it all
                continue
            for name in sorted(filenames):
                st = os.stat(os.path.join(dirpath, name))
                h.update(f"{dirpath}/{name}\0{st.st_mtime_ns}\0{st.st_size}\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def _build(
    site_dir: Path,
    config: Config,
    output_dir: Path,
    force: bool,
    state: State,
    files: Sequence[Row],
    records: dict[str, Any] | None,
) -> BuildResult:
    from .render import Renderer

    renderer = Renderer(site_dir, config, site_dir / ".cache")
    base = renderer.base()
    site, dirty, outline = _site(site_dir, config, state, files, records, base, force)
    try:
        return _build_site(site, site_dir, renderer, base, output_dir, force, state, dirty, outline)
    finally:
        gc.unfreeze()  # a long-running preview (serve) must be able to collect this site when the next is built


def _site(
    site_dir: Path,
    config: Config,
    state: State,
    files: Sequence[Row],
    records: dict[str, Any] | None,
    base: str,
    force: bool,
) -> tuple[Site, Dirty | None, Outline | None]:
    """The site: made from the last build's outline where it can follow what changed (and what
    the change can have touched), else read whole; and its outline."""
    from .outline import Outline
    from .site import Records

    content_dir = site_dir / "content"
    root = f"{content_dir}{os.sep}"
    made_for = f"{base}\0{root}"
    kept = None if force else state.blob("outline")
    outline = Outline.load(kept, made_for) if kept else None
    if outline:
        change = outline.apply(root, files, config, Records(content_dir, state, records))
        if change:
            return *change, outline
    whole = _load_frozen(site_dir, config, state, files, records)
    return whole.site, None, Outline.of(whole, made_for, files)


def _load_frozen(
    site_dir: Path, config: Config, state: State, files: Sequence[Row], records: dict[str, Any] | None
) -> Whole:
    """The site model, which lives as long as the build: collecting garbage while it is made finds
    none, and frozen it is not scanned again (nor copied into the render workers' memory by scans)."""
    from .site import read_site

    enabled = gc.isenabled()
    gc.disable()
    try:
        return read_site(site_dir / "content", config, state, files, records)
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _build_site(
    site: Site,
    site_dir: Path,
    renderer: Renderer,
    base: str,
    output_dir: Path,
    force: bool,
    state: State,
    dirty: Dirty | None,
    outline: Outline | None,
) -> BuildResult:
    from .pages import groups

    saved = json.loads(state.get("layouts") or "[null, {}]")
    if saved[0] == base:  # the same layouts as last time: their chains need not be parsed again
        renderer.layouts.update(saved[1])
    empty = _empty(output_dir)  # then there is nothing to sweep, nor a file to compare with
    out = Output(output_dir, fresh=empty)
    root = str(output_dir.resolve())
    if force or state.get("output") != root:  # fingerprints are of files in one output folder
        state.forget_outputs()
        state.put("output", root)
    known = state.groups()  # key → (digest, outputs)
    site_groups = groups(site, base, {key: digest for key, (digest, _) in known.items()}, dirty)
    skipped = {g.key for g in site_groups if g.inputs and g.key in known and known[g.key][0] == g.inputs}
    keys = {g.key for g in site_groups}
    gone_groups = known.keys() - keys
    # The fingerprints of the outputs of every group not skipped (nothing they see changed), and
    # of groups no longer there.
    before = state.outputs((keys - skipped) | gone_groups)  # path → (fingerprint, group)
    fingerprints: dict[str, tuple[str, str]] = {}  # path → (fingerprint, group), of the groups planned
    # A build killed from here on must not leave a group looking current that it had begun to redo
    # (or to remove: one that came back as it was would be skipped, its files gone); and every group
    # whose outputs go on record has a row, for a later build to find them by.
    state.redo_groups((keys - skipped) | gone_groups)
    for rel, path in sorted(assets(site_dir).items()):
        data = path.read_bytes()
        out.write(f"assets/{rel}", data)
        fingerprints[f"assets/{rel}"] = (renderer.digest(data), "assets")

    dropped: set[str] = set()
    batch: list[Page] = []

    def render_batch() -> None:
        """Render the pages planned so far, then let them go: memory holds one batch, not the site.
        The search shards come last: the workers that render article pages also find the body terms
        the shards need (each body is read where it is rendered), and the rest come from the state."""
        from . import search

        # Until the pages are written, no record may say that what their files hold is current; and
        # every file about to be written is on record (with no fingerprint), so that a build killed
        # half-way leaves none the next build would not know to redo or remove.
        paths = {page.path for page in batch}
        state.save_outputs({path: ("", fingerprints[path][1]) for path in paths}, [])
        dropped.update(paths)
        shards = [page for page in batch if page.layout == search.SHARD]
        wanted = {doc.digest for page in shards for doc in page.data["docs"]}
        known = state.search_terms(wanted) if wanted else {}
        renderer.terms_wanted = wanted - known.keys()
        unprinted = {page.path for page in batch if not fingerprints[page.path][0]}
        pages = [page for page in batch if page.layout != search.SHARD]
        report, fresh, prints = _render_all(renderer, pages, out, unprinted)
        fresh |= _search_terms(site, renderer.terms_wanted - fresh.keys())  # of articles whose pages stay as they are
        state.save_search_terms(fresh)
        renderer.search_terms = known | fresh
        out.report.add(report)
        shard_report, _, shard_prints = _render_all(renderer, shards, out, unprinted)
        out.report.add(shard_report)
        for path, fp in (prints | shard_prints).items():
            fingerprints[path] = (fp, fingerprints[path][1])
        renderer.search_terms = {}
        batch.clear()

    for group in site_groups:
        if group.key in skipped:
            out.report.unchanged += known[group.key][1]
            continue
        for page in group.make():
            if page.path in fingerprints:
                raise ValueError(f"two pages want the same output file: {page.path!r}")
            if page.path not in before:  # a new page: its fingerprint is taken where it is rendered
                fingerprints[page.path] = ("", group.key)
                batch.append(page)
                continue
            fp = renderer.fingerprint(page)
            fingerprints[page.path] = (fp, group.key)
            if before[page.path][0] == fp and out.exists(page.path):
                out.report.unchanged += 1
            else:
                batch.append(page)
        if len(batch) >= BATCH:
            render_batch()
    if batch:
        render_batch()
    gone = before.keys() - fingerprints.keys()
    out.remove(gone)
    if (force or not known) and not empty:  # no record of what an earlier build made: sweep the folder
        out.remove_stale(set(fingerprints))
    changed = {p: fg for p, fg in fingerprints.items() if p in dropped or before.get(p) != fg}
    state.save_outputs(changed, gone)
    made = Counter(group for _, group in fingerprints.values())
    digests = {g.key: (g.inputs, made[g.key]) for g in site_groups if g.inputs and g.key not in skipped}
    state.save_groups(digests, gone_groups, state.write_blob("outline", outline.dump()) if outline else None)
    state.put("layouts", json.dumps([base, renderer.layouts], sort_keys=True))
    return BuildResult(len(site.articles), site.problems, out.report, len(site.articles.made()))


def _search_terms(site: Site, digests: set[str]) -> dict[str, str]:
    """The body terms of the articles with these digests."""
    from . import search

    return {a.digest: search.body_terms(a) for a in site.articles.made() if a.digest in digests} if digests else {}


# Worker processes are forked with the renderer and the pages in memory; each renders a share.
_job: tuple[Renderer, list[Page], Output, set[str]] | None = None

# What rendering pages gives back: the files written; the body terms found (article digest → terms);
# and the fingerprints of the pages that had none yet (path → fingerprint), taken in parallel too.
Rendered = tuple[WriteReport, dict[str, str], dict[str, str]]


def _render_all(renderer: Renderer, pages: list[Page], output: Output, unprinted: set[str]) -> Rendered:
    """Render and write pages, in workers when there are many; `output` says where (each worker
    writes through an Output of its own, and the reports are added up)."""
    from . import workers

    global _job
    n = workers.count()
    if len(pages) < PARALLEL_MIN or n < 2:
        return _render_share(renderer, pages, output, unprinted)
    renderer.prepare({page.layout for page in pages})  # once here, not once in each worker
    _job = (renderer, pages, output, unprinted)
    try:
        with workers.pool(n) as pool:
            results = list(pool.map(_render_slice, range(n), [n] * n))
    finally:
        _job = None
    total, terms, prints = WriteReport(), {}, {}
    for report, found, printed in results:
        total.add(report)
        terms |= found
        prints |= printed
    return total, terms, prints


def _render_slice(index: int, count: int) -> Rendered:
    assert _job is not None
    renderer, pages, output, unprinted = _job
    share = pages[index::count]
    # The first worker shows the progress of all: the shares are of one size.
    bar = Progress("rendering", len(pages), count)
    bar.on &= index == 0
    return _render_share(renderer, share, output, unprinted, bar)


def _render_share(
    renderer: Renderer, pages: list[Page], output: Output, unprinted: set[str], bar: Progress | None = None
) -> Rendered:
    """Render and write pages one at a time: nothing rendered is kept in memory. With each article
    page whose body terms the search shards want, find those; and fingerprint the unprinted."""
    from . import search

    bar = bar or Progress("rendering", len(pages))
    out = output.another()
    terms = {}
    prints = {page.path: renderer.fingerprint(page) for page in pages if page.path in unprinted}
    for page in pages:
        article = page.data.get("article") if page.layout == "article.html" else None
        if article is not None and article.digest in renderer.terms_wanted:
            article.views["body"] = body = article.body  # read and converted once, for the page and the terms
            out.write(page.path, renderer.render(page))
            terms[article.digest] = search.body_terms(article, renderer.html_of(body))
            del article.views["body"]
        else:
            out.write(page.path, renderer.render(page))
        bar.advance()
    bar.close()
    return out.report, terms, prints


def _empty(folder: Path) -> bool:
    if not folder.is_dir():
        return True
    with os.scandir(folder) as entries:
        return next(entries, None) is None


def assets(site_dir: Path) -> dict[str, Path]:
    """Asset files by path under assets/: the site's own over the built-in ones."""
    found: dict[str, Path] = {}
    for root in (BUILTIN / "assets", site_dir / "assets"):
        if root.is_dir():
            for f in root.rglob("*"):
                if f.is_file() and not f.name.startswith("."):
                    found[f.relative_to(root).as_posix()] = f
    return found
