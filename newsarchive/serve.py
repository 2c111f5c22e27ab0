"""`python build.py serve`: a preview on 127.0.0.1 that rebuilds on change and reloads the page.

The server serves output/ as a static host would, and adds to each HTML page it
sends (not to the files) a small script that asks the server every second which
build it has, and reloads the page when a new build is done. Changes under
seeds/, content/, layouts/, assets/ and site.toml start a new import and build.

The watcher says which paths changed, so a rebuild lists only those again (Known), not the
200,000 files of seeds/ and content/ of a 100,000-article archive. A watcher can miss a
change (its queue overflows; a file changes while a folder is being watched; a link's target
changes, and only the target is named): so once the
changes stop for a moment, a rebuild that lists everything checks the last ones, and
rebuilds only what they missed, if anything.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .inputs import Row, content_files_since, txt_files_since

if TYPE_CHECKING:
    from .importer import ImportReport

CHECK_AFTER_MS = 2000  # quiet time after a rebuild from the watcher's paths before the check that lists all

RELOAD_JS = b"""(function () {
  var seen = null;
  function ask() {
    fetch("/__newsarchive/build", {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (v) {
      if (seen !== null && v !== seen) { location.reload(); }
      seen = v;
    }).catch(function () {}).finally(function () { setTimeout(ask, 1000); });
  }
  ask();
})();
"""
_TAG = b'<script src="/__newsarchive/reload.js"></script>'


@dataclass
class Known:
    """What a preview knows between rebuilds: the listings of seeds/ and content/ as its last
    import left them, and whether that run changed anything."""

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


class Preview:
    """The build number the pages poll, bumped after each rebuild."""

    def __init__(self) -> None:
        self.build = 0

    def handler(self, root: Path) -> type[http.server.SimpleHTTPRequestHandler]:
        preview = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args: object, **kwargs: object) -> None:
                super().__init__(*args, directory=str(root), **kwargs)  # type: ignore[arg-type]

            def log_message(self, format: str, *args: object) -> None:  # quiet: the builds speak
                pass

            def do_GET(self) -> None:  # noqa: N802 (the http.server name)
                path = self.path.split("?")[0]
                if path == "/__newsarchive/build":
                    return self._send(str(preview.build).encode(), "text/plain")
                if path == "/__newsarchive/reload.js":
                    return self._send(RELOAD_JS, "text/javascript")
                file = Path(self.translate_path(path))
                if file.is_dir():
                    file = file / "index.html"
                if file.suffix == ".html" and file.is_file():
                    html = file.read_bytes()
                    return self._send(html.replace(b"</body>", _TAG + b"</body>", 1), "text/html; charset=utf-8")
                return super().do_GET()

            def _send(self, body: bytes, kind: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

        return Handler


def serve(site_dir: Path, output: Path, rebuild: Callable[[set[str] | None], bool], port: int) -> int:
    """Build, serve output/ on 127.0.0.1:port, and rebuild on every change until Ctrl-C.
    rebuild(told) imports and builds, told the paths changed (None: all may have), and says
    whether it changed anything."""
    import watchfiles

    from .importer import ready

    preview = Preview()
    rebuild(None)
    ready()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), preview.handler(output))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving {output} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)", flush=True)
    watched = [p for p in (site_dir / n for n in ("seeds", "content", "layouts", "assets", "site.toml")) if p.exists()]
    relevant = functools.partial(_relevant, output)
    unchecked = False
    try:
        for changes in watchfiles.watch(
            *watched, watch_filter=relevant, debounce=300, rust_timeout=CHECK_AFTER_MS, yield_on_timeout=True
        ):
            if changes:
                rebuild({path for _, path in changes})
                preview.build += 1
                unchecked = True
            elif unchecked:  # quiet for a moment: check, by a rebuild that lists everything
                unchecked = False
                if _check(rebuild):
                    preview.build += 1
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    print("stopped", file=sys.stderr)
    return 0


def _check(rebuild: Callable[[set[str] | None], bool]) -> bool:
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
