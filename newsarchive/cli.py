"""Commands: `python build.py [import [PATH ...] | build]`."""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from . import progress
from .config import Config, ConfigError, LayoutError, load_config
from .lock import Busy, site_lock
from .state import State

if TYPE_CHECKING:
    from .watch import Known

DESCRIPTION = """\
newsarchive: a static site generator for a news archive.

  python build.py                 import new or changed seeds from seeds/ into content/, then build output/
  python build.py import [PATH …]  import seeds (files, or folders of *.txt); default: seeds/
  python build.py build           build output/ from content/ (hand edits in content/ are kept)
  python build.py check           check content/ and crawl output/: broken links, missing assets,
                                  root-relative links, pages not reachable from the home page
  python build.py watch           build, then rebuild output/ on every change to seeds/, content/,
                                  layouts/, assets/ or site.toml, until Ctrl-C
  python build.py serve           preview on 127.0.0.1:8000; rebuilds and reloads the page on change

A seed that cannot be read is reported as 'path: reason' and skipped; the rest
still import and build. Exit status: 0 all went well, 1 something was skipped
(listed above the summary), 2 the command could not run (bad site.toml, bad arguments,
another run of the site going on with --no-wait).
With --strict, any problem in the import is fatal: nothing is written, exit status 1.
"""


def main(
    argv: list[str] | None = None,
    default_site: Path | None = None,
    known: Known | None = None,
    told: set[str] | None = None,
) -> int:
    """Run the command in argv. A watching run (watch, serve) passes what it knows of the last run
    and the paths its watcher told it changed since (None: look at everything)."""
    parser = argparse.ArgumentParser(
        prog="build.py", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--site",
        type=Path,
        default=default_site or Path.cwd(),
        help="the site folder, holding site.toml, seeds/, content/ (default: %(default)s)",
    )
    parser.add_argument("--output", type=Path, help="where to build (default: SITE/output)")
    parser.add_argument("--base-url", help="the URL the site is published at (overrides site.toml)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems and the summary")
    parser.add_argument("--force", action="store_true", help="render every page, ignoring what the last build made")
    parser.add_argument(
        "--no-wait", action="store_true", help="if another import or build of the site runs, stop (status 2), not wait"
    )
    strict = "any seed skipped or warned about stops the import before anything is written (and the build)"
    parser.add_argument("--strict", action="store_true", help=strict)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    imp = sub.add_parser("import", help="import seeds into content/")
    imp.add_argument("paths", nargs="*", type=Path, help="seed files or folders (default: SITE/seeds)")
    imp.add_argument("--strict", action="store_true", default=argparse.SUPPRESS, help=strict)
    sub.add_parser("build", help="build output/ from content/")
    sub.add_parser("check", help="check content/ and the links of output/")
    sub.add_parser("watch", help="build, then rebuild on every change until Ctrl-C")
    srv = sub.add_parser("serve", help="preview on 127.0.0.1, rebuilding and reloading on every change")
    srv.add_argument("--port", type=int, default=8000, help="the port (default: %(default)s; 0 picks a free one)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    if args.quiet:
        progress.ENABLED = False
    site_dir: Path = args.site
    if not site_dir.is_dir():
        print(f"error: {site_dir}: no such site folder", file=sys.stderr)
        return 2
    try:
        config = load_config(site_dir / "site.toml", base_url=args.base_url)
    except ConfigError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2

    output = args.output or site_dir / "output"
    if args.command == "check":
        return _check(site_dir, config, output)
    if args.command in ("watch", "serve"):
        from .watch import Known, run

        again = ["--site", str(site_dir), "--output", str(output), "--quiet"]
        again += ["--base-url", args.base_url] if args.base_url else []
        known = Known()

        def rebuild(told: set[str] | None) -> bool:  # import and build, reading site.toml afresh
            main(again, known=known, told=told)
            return known.changed

        gc.enable()  # a watching run goes on for hours: it collects between builds (build.py starts without)
        if args.command == "watch":
            return run(site_dir, output, rebuild)
        from .serve import serve

        return serve(site_dir, output, rebuild, args.port)

    try:  # one import or build of a site at a time; a killed one leaves no lock behind
        with site_lock(site_dir / ".cache", wait=not args.no_wait), _collector_paused():
            return _import_and_build(args, site_dir, config, output, started, known, told)
    except Busy as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Run without Python's cycle collector. A run makes many objects that live as long as it does
    (listings, the outline, the site model) and few cycles: each collection scans them all for
    little. At 100,000 articles a +1 spent 0.07 s of its 1.2 s collecting; a cold build of 10,000
    peaks 4 % higher without it. Render workers, which make and drop a page at a time, collect."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import_and_build(
    args: argparse.Namespace,
    site_dir: Path,
    config: Config,
    output: Path,
    started: float,
    known: Known | None = None,
    told: set[str] | None = None,
) -> int:
    failed = False
    if known:
        known.changed = False
    summary: list[str] = []
    listing = records = None  # content/ as the import left it, and its records: the build need not read them again
    if args.command in (None, "import"):
        inbox = site_dir / "seeds"
        from .importer import import_seeds

        paths = getattr(args, "paths", None) or ([inbox] if inbox.exists() else [])
        inbox_only = paths == [inbox]
        listed = known.listings(inbox, site_dir / "content", told) if known and inbox_only else None
        state = State(site_dir / ".cache" / "state.sqlite")
        try:
            report = import_seeds(
                paths, site_dir / "content", state=state, strict=args.strict, listed=listed, meanwhile=_next_modules
            )
        finally:
            state.close()
        if known:
            known.keep(report if inbox_only else None)
        for message in report.warnings:
            print(f"warning: {message}", file=sys.stderr)
        for message in report.errors:
            print(message, file=sys.stderr)
        if args.strict and (report.errors or report.warnings):
            e, w = len(report.errors), len(report.warnings)
            found = f"{e} error{'' if e == 1 else 's'}, {w} warning{'' if w == 1 else 's'}"
            print(f"--strict: nothing imported ({found})", file=sys.stderr)
            return 1
        if not args.quiet:
            for path in report.imported:
                print(f"imported {path}")
        failed |= bool(report.errors)
        if known:
            known.changed |= bool(report.imported)
        summary.append(report.line())
        listing, records = report.listing, report.records
    if args.command in (None, "build"):
        from .builder import build

        try:
            result = build(site_dir, config, output, force=args.force, files=listing, records=records)
        except LayoutError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        for message in result.problems:
            print(message, file=sys.stderr)
        failed |= bool(result.problems)
        if known:
            known.changed |= bool(result.report.written or result.report.removed)
        summary.append(f"articles {result.articles:,}; pages {result.report.line()}")
    print(f"{'; '.join(summary)} in {time.perf_counter() - started:.2f} s")
    return 1 if failed else 0


def _next_modules() -> None:
    """Import what a run that reads a seed goes on to use, while content/ is being listed:
    extraction (for a new seed) and the build (the site, its pages, Jinja). About 0.1 s."""
    from . import builder, extract, outline, pages, render, search, site  # noqa: F401


def _check(site_dir: Path, config: Config, output: Path) -> int:
    from .check import check_output
    from .site import read_site

    problems = read_site(site_dir / "content", config).site.problems
    found, pages, links = check_output(output, config.base_url, config.pretty_urls)
    for message in problems + found:
        print(message)
    print(f"checked {pages} pages and {links} links: {len(problems) + len(found)} problems")
    return 1 if problems or found else 0
