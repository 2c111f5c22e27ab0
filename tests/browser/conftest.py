"""Real-browser fixtures: Debian's chromium driven by Playwright, one browser per session.

A test site is built once per module from the shipped seed plus small fixture
seeds, into `<tmp>/www/archive/`, and served over HTTP from `<tmp>/www/`, so
the site lives at a sub-path (`http://127.0.0.1:PORT/archive/`).
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Playwright, sync_playwright

from newsarchive import search

from ..conftest import ORIGINAL_SEED, REPO, SiteDir

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# What a strict host would send: only the site's own files, no inline script, no eval.
CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
SCREENSHOTS = Path(os.environ.get("NEWSARCHIVE_SCREENSHOTS", REPO / "tests" / "screenshots-out"))

ORIGINAL_TITLE = "Kazakhstan, Uzbekistan developing co-op in space field"
ORIGINAL_URL = "2020/12/15/kazakhstan-uzbekistan-developing-co-op-in-space-field/index.html"
HOSTILE_TITLE = '<img src=x onerror="window.__xss=1"> Tashkent markets reopen'
HARVEST = 25  # articles of 2021 that mention the harvest: more than one screen of results


def _seed(date: str, title: str, dateline: str, *paragraphs: str) -> str:
    return f" date {date} {title}\n\n{title}\n\n{dateline}\n\n" + "\n\n".join(paragraphs) + "\n"


FIXTURE_SEEDS = {
    "f1.txt": _seed(
        "2019-06-10",
        "Kazsat operator reports a record year",
        "ASTANA, Kazakhstan, June 10",
        "The operator of the Kazsat satellites said revenue from broadcasting grew, Trend reports.",
        "Kazakhstan plans a further satellite in cooperation with Uzbekistan.",
    ),
    "f2.txt": _seed(
        "2020-11-03",
        "Uzbekistan opens a rail link to Kazakhstan",
        "TASHKENT, Uzbekistan, Nov. 3",
        "A new rail link between Uzbekistan and Kazakhstan opened on Tuesday, Trend reports.",
        "Freight trains will run daily from next month.",
    ),
    "f3.txt": _seed(
        "2021-02-01",
        HOSTILE_TITLE,
        "TASHKENT, Uzbekistan, Feb. 1",
        "Markets in Tashkent reopened <script>window.__xss=2</script> and traders returned, Trend reports.",
        "Prices of bread & flour rose by 3% <b>overnight</b>.",
    ),
    **{
        f"h{i:02d}.txt": _seed(
            f"2021-{9 + i // 10:02d}-{1 + i % 10:02d}",
            f"Harvest report number {i + 1} from the Fergana valley",
            f"FERGANA, Uzbekistan, {('Sept.', 'Oct.', 'Nov.')[i // 10]} {1 + i % 10}",
            f"Farmers in Uzbekistan brought in the harvest of cotton, day {i + 1} of the season, Trend reports.",
        )
        for i in range(HARVEST)
    },
}


class Built:
    """A built test site: its output folder and the URLs to reach it from disk and over HTTP."""

    def __init__(self, site: SiteDir, output: Path) -> None:
        self.site = site
        self.output = output
        self.http_base = ""  # set by the `http_base` fixture

    @property
    def file_base(self) -> str:
        return self.output.as_uri() + "/"

    def file_url(self, rel: str = "index.html") -> str:
        return self.file_base + rel


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("browser")
    site = SiteDir(root / "site")
    shutil.copy(ORIGINAL_SEED, site.seeds / ORIGINAL_SEED.name)
    for name, text in FIXTURE_SEEDS.items():
        site.seed(name, text)
    output = root / "www" / "archive"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(search, "LOAD_BATCH", 1)  # one shard (year) at a time, as a big archive's shards load
        assert site.run("-q", "--output", str(output)) == 0
    return Built(site, output)


class _Handler(SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


@pytest.fixture(scope="module")
def http_base(built: Built) -> Iterator[str]:
    """The site over HTTP at a sub-path: the parent of archive/ is served, on a free port of 127.0.0.1."""
    handler = functools.partial(_Handler, directory=str(built.output.parent))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/{built.output.name}/"
    built.http_base = base
    yield base
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)", pytrace=False)
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


class Watched:
    """A page with the problems seen on it: console errors, uncaught errors, requests to other places."""

    def __init__(self, context: BrowserContext, allowed: tuple[str, ...]) -> None:
        self.context = context
        self.page = context.new_page()
        self.problems: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.problems.append(f"error: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.allowed = allowed

    def _console(self, message: ConsoleMessage) -> None:
        where = message.location.get("url", "")
        # Browsers ask a host for /favicon.ico at its root, whatever the site's sub-path: not the site's doing.
        if message.type == "error" and not where.endswith("/favicon.ico"):
            self.problems.append(f"console: {message.text} ({where})")

    def check(self) -> None:
        elsewhere = [u for u in self.requests if not u.startswith(self.allowed)]
        assert not elsewhere, f"requests to other places: {elsewhere}"
        assert not self.problems, self.problems


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    """A fresh desktop-sized page that fails the test on console errors or requests off the site."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    w = Watched(context, ("file://", "http://127.0.0.1:"))
    yield w
    context.close()
    w.check()


_shots: list[Path] = []


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """Where the screenshots go (NEWSARCHIVE_SCREENSHOTS, or tests/screenshots-out/); reported at the end."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    _shots.append(SCREENSHOTS)
    return SCREENSHOTS


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for folder in _shots:
        terminalreporter.write_line(f"browser screenshots: {folder}")
