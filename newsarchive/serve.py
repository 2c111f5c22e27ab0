"""`python build.py serve`: a preview on 127.0.0.1 that rebuilds on change and reloads the page.

The server serves output/ as a static host would, and adds to each HTML page it
sends (not to the files) a small script that asks the server every second which
build it has, and reloads the page when a new build is done. It rebuilds as
`python build.py watch` does (watch.py).
"""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

from .watch import Rebuild, run

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


def serve(site_dir: Path, output: Path, rebuild: Rebuild, port: int) -> int:
    """Build, serve output/ on 127.0.0.1:port, and rebuild on every change until Ctrl-C (watch.run)."""
    preview = Preview()
    servers: list[http.server.ThreadingHTTPServer] = []

    def start() -> str:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), preview.handler(output))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"serving {output} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)"

    def rebuilt() -> None:
        preview.build += 1

    try:
        return run(site_dir, output, rebuild, start, rebuilt)
    finally:
        for server in servers:
            server.shutdown()
