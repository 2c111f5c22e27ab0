"""`python build.py watch`: rebuild on every change, until Ctrl-C (and the loop `serve` uses).

Changes under seeds/, content/, layouts/, assets/ and site.toml start a new import and build
of output/, the same files a one-off run makes. A newsroom that publishes as seeds arrive runs
this, and copies output/ to its host after each summary line.

The watcher says which paths changed, so a rebuild lists only those again (Known), not the
200,000 files of seeds/ and content/ of a 100,000-article archive, and the run does not start
Python again. A watcher can miss a change (its queue overflows; a file changes while a folder
is being watched; a link's target changes, and only the target is named): so once the changes
stop for a moment, a rebuild that lists everything checks the last ones, and rebuilds only
what they missed, if anything.
"""

from __future__ import annotations

import contextlib
import functools
import io
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

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
    starts what else runs alongside (serve's server) and says what to print; `rebuilt` see watch()."""
    from .importer import ready

    rebuild(None)
    ready()
    print(start() if start else f"watching {site_dir} for changes, building {output} (Ctrl-C to stop)", flush=True)
    try:
        watch(site_dir, output, rebuild, rebuilt)
    except KeyboardInterrupt:
        pass
    print("stopped", file=sys.stderr)
    return 0


def watch(site_dir: Path, output: Path, rebuild: Rebuild, rebuilt: Callable[[], None] = lambda: None) -> None:
    """Rebuild on every change under the site's inputs, for ever; `rebuilt` is called after each
    rebuild, and after each check that changed something."""
    import watchfiles

    watched = [p for p in (site_dir / n for n in WATCHED) if p.exists()]
    relevant = functools.partial(_relevant, output)
    unchecked = True  # what changed before the watcher began (during the first build) is found by a check
    for changes in watchfiles.watch(
        *watched, watch_filter=relevant, debounce=300, rust_timeout=CHECK_AFTER_MS, yield_on_timeout=True
    ):
        if changes:
            rebuild({path for _, path in changes})
            rebuilt()
            unchecked = True
        elif unchecked:  # quiet for a moment: check, by a rebuild that lists everything
            unchecked = False
            if _check(rebuild):
                rebuilt()


def _check(rebuild: Rebuild) -> bool:
    """A rebuild that lists everything; what it prints is shown only if it changed something
    (else it would repeat the last rebuild's problems)."""
    said = io.StringIO()
    with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
        changed = rebuild(None)
    if changed:
        print(said.getvalue(), end="", flush=True)
    return changed


def _relevant(output: Path, change: object, path: str) -> bool:
    """Changes that matter: not temporary files, not the output or the cache."""
    name = Path(path).name
    return not (name.startswith(".") or name.endswith("~") or path.startswith(str(output)) or "/.cache/" in path)
