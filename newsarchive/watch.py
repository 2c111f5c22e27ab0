"""`python build.py watch`: rebuild on every change, until Ctrl-C (and the loop `serve` uses).

Changes under seeds/, content/, layouts/, assets/ and site.toml start a new import and build
of output/, the same files a one-off run makes. A newsroom that publishes as seeds arrive runs
this, and copies output/ to its host after each summary line.

The watcher says which paths changed, so a rebuild lists only those again (Known), not the
200,000 files of seeds/ and content/ of a 100,000-article archive, and the run does not start
Python again. A watcher can miss a change (its queue overflows; a file changes while a folder
is being watched; a link's target changes, and only the target is named): so once the changes
stop for a moment (and once the watcher has begun, for what changed during the first build), a
rebuild that lists everything checks the last ones, and rebuilds only what they missed, if
anything.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .inputs import Row, content_files_since, txt_files_since

if TYPE_CHECKING:
    from .importer import ImportReport

CHECK_AFTER_MS = 2000  # quiet time after a rebuild from the watcher's paths before the check that lists all
WATCHED = ("seeds", "content", "layouts", "assets", "site.toml")

Rebuild = Callable[[set[str] | None], bool]  # import and build, told the paths changed (None: any may have)


@dataclass
class Known:
    """What a watching run knows between rebuilds: the listings of seeds/ and content/ as its
    last import left them, and whether that run changed anything."""

    seeds: Sequence[Row] | None = None
    content: Sequence[Row] | None = None
    changed: bool = False

    def listings(
        self, inbox: Path, content_dir: Path, told: set[str] | None
    ) -> tuple[Sequence[Row], Sequence[Row]] | None:
        """The listings now, from the last ones and the paths told changed since; None: list them.
        They are handed out once: a run that fails before keep() leaves the next to list them."""
        seeds, content, self.seeds, self.content = self.seeds, self.content, None, None
        if told is None or seeds is None or content is None:
            return None
        return txt_files_since(seeds, str(inbox), told), content_files_since(content, content_dir, told)

    def keep(self, report: ImportReport | None) -> None:
        """Keep the listings of an import of the inbox (None: of other seeds, which say nothing of it)."""
        self.seeds, self.content = (report.seeds, report.listing) if report else (None, None)


def run(
    site_dir: Path,
    output: Path,
    rebuild: Rebuild,
    start: Callable[[], str] | None = None,
    rebuilt: Callable[[], None] = lambda: None,
) -> int:
    """Build, then rebuild on every change until Ctrl-C. rebuild(told) imports and builds, told the
    paths changed (None: all may have), and says whether it changed anything. `start`, once built,
    starts what else runs alongside (serve's server) and says what to print; `rebuilt` see _watch()."""
    from .importer import ready

    say = _Say(rebuild)
    say(None, always=True)
    ready()
    print(start() if start else f"watching {site_dir} for changes, building {output} (Ctrl-C to stop)", flush=True)
    try:
        _watch(site_dir, output, say, rebuilt)
    except KeyboardInterrupt:
        pass
    print("stopped", file=sys.stderr)
    return 0


def _watch(site_dir: Path, output: Path, rebuild: Rebuild, rebuilt: Callable[[], None]) -> None:
    """Rebuild on every change under the site's inputs, for ever; `rebuilt` is called after each
    rebuild that changed something."""
    import watchfiles

    watched = [p for p in (site_dir / n for n in WATCHED) if p.exists()]
    relevant = functools.partial(_relevant, output)
    unchecked = True  # what changed before the watcher began (during the first build) is found by a check
    for changes in watchfiles.watch(
        *watched, watch_filter=relevant, debounce=300, rust_timeout=CHECK_AFTER_MS, yield_on_timeout=True
    ):
        if changes:
            told = {path for _, path in changes}
            unchecked = True
        elif unchecked:  # quiet for a moment: check, by a rebuild that lists everything
            told, unchecked = None, False
        else:
            continue
        if rebuild(told):
            rebuilt()


class _Say:
    """Runs rebuilds, and shows what one says when it changed something or its problems are not
    those shown last: else it would only repeat them (the watcher tells back the article files
    an import writes, and a check mostly finds nothing). Problems go to stderr, summaries to stdout.
    The first build (`always`) speaks as it goes: it may wait for another run, and say so."""

    def __init__(self, rebuild: Rebuild) -> None:
        self.rebuild = rebuild
        self.problems = ""

    def __call__(self, told: set[str] | None, always: bool = False) -> bool:
        out = _Tee(sys.stdout) if always else io.StringIO()
        err = _Tee(sys.stderr) if always else out
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            changed = self.rebuild(told)
        lines = (out.getvalue() + (err.getvalue() if err is not out else "")).splitlines(keepends=True)
        problems = "".join(line for line in lines if not _SUMMARY.match(line))
        if not always and (changed or problems != self.problems):
            print(problems, end="", file=sys.stderr, flush=True)
            print("".join(line for line in lines if _SUMMARY.match(line)), end="", flush=True)
        self.problems = problems
        return changed


class _Tee(io.StringIO):
    """Keeps what is written, and passes it on at once."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(text)
        self.stream.flush()
        return super().write(text)


_SUMMARY = re.compile(r"imported \d+, .* in [\d.]+ s$")


def _relevant(output: Path, change: object, path: str) -> bool:
    """Changes that matter: not temporary files, not the output or the cache."""
    name = Path(path).name
    return not (name.startswith(".") or name.endswith("~") or path.startswith(str(output)) or "/.cache/" in path)
