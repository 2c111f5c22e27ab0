"""`python build.py serve`: a preview on 127.0.0.1 that rebuilds on change and reloads the page.

The server serves output/ as a static host would, and adds to each HTML page it
sends (not to the files) a small script that asks the server every second which
build it has, and reloads the page when a new build is done. Changes under
seeds/, content/, layouts/, assets/ and site.toml start a new import and build.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from collections.abc import Callable
from pathlib import Path

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


def serve(site_dir: Path, output: Path, rebuild: Callable[[], object], port: int) -> int:
    """Build, serve output/ on 127.0.0.1:port, and rebuild on every change until Ctrl-C."""
    import watchfiles

    preview = Preview()
    rebuild()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), preview.handler(output))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving {output} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)", flush=True)
    watched = [p for p in (site_dir / n for n in ("seeds", "content", "layouts", "assets", "site.toml")) if p.exists()]
    try:
        for _ in watchfiles.watch(*watched, watch_filter=functools.partial(_relevant, output), debounce=300):
            rebuild()
            preview.build += 1
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    print("stopped", file=sys.stderr)
    return 0


def _relevant(output: Path, change: object, path: str) -> bool:
    """Changes that matter: not temporary files, not the output or the cache."""
    name = Path(path).name
    return not (name.startswith(".") or name.endswith("~") or path.startswith(str(output)) or "/.cache/" in path)
