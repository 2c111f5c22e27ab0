"""In a real browser: a seed full of XSS payloads, in every field, runs nothing, from disk and over HTTP.

The seed puts payloads in its title, dateline and text, and in the names the
importer turns into tags; a hand-written article puts them in front-matter
fields the seed cannot reach (tags as written, summary, source). Its article
page, its tag pages, the home page and the search page (with a payload typed
in) open with no dialog, no console error, no `window.__xss`, the payloads
shown as text; and the Content-Security-Policy each page carries in a <meta>
(the server here sends none) refuses inline script in both modes.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Dialog, Page, expect

from ..conftest import SiteDir
from .conftest import Watched

TITLE = '</title><script>alert(1)</script> "><svg onload=alert(1)> Kazakhstan <img src=x onerror=alert(1)> news'
DATELINE = '</title><script>alert(1)</script> "><svg onload=alert(1)> —'
BODY = [
    "The <img src=x onerror=alert(1)> Petroleum Ltd and the <script>alert(1)</script> Agency met in Kazakhstan, "
    'Trend reports referring to "><svg onload=alert(1)> news agency.',
    'See [x](javascript:alert(1)) and <a href="javascript:alert(1)">click</a> and javascript:alert(1) '
    "and ![i](javascript:alert(1)) and <javascript:alert(1)> too.",
    "The <img src=x onerror=alert(1)> Petroleum Ltd said <script>window.__xss=1</script> oil output rose "
    "at the <script>alert(1)</script> Agency.",
    "</textarea></style></script><script>window.__xss=2</script> {{ 7*7 }} ${alert(1)} "
    '<iframe src="javascript:alert(1)"></iframe> <body onload=alert(1)> &lt;script&gt;alert(1)&lt;/script&gt;',
]
SEED = f" date 2021-04-01 {TITLE}\n\n{TITLE}\n\n{DATELINE}\n\n" + "\n\n".join(BODY) + "\n"
# Tags the importer makes of the seed's organisation names.
SEED_TAGS = ["img src=x onerror=alert(1)", "svg onload=alert(1)"]

HAND_TAG = '<script>window.__xss="tag"</script>'
HAND = f"""---
title: 'A hand-written story <img src=x onerror="window.__xss=3">'
date: 2021-04-02
dateline: '"><svg onload=alert(1)>'
source: '<script>alert("source")</script>'
summary: '</title><script>window.__xss=4</script>'
tags: ['{HAND_TAG}', 'javascript:alert(1)']
---

A plain paragraph.
"""
QUERY = "<img src=x onerror=alert(1)>"


class Site:
    def __init__(self, output: Path) -> None:
        self.output = output
        self.http_base = ""

    def bases(self) -> dict[str, str]:
        return {"file": self.output.as_uri() + "/", "http": self.http_base}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("xss")
    site = SiteDir(root / "site")
    site.seed("xss.txt", SEED)
    hand = site.content / "2021" / "04" / "02" / "hand.md"
    hand.parent.mkdir(parents=True)
    hand.write_text(HAND, encoding="utf-8")
    output = root / "www" / "archive"
    assert site.run("-q", "--output", str(output)) == 0
    built = Site(output)
    # Served as files, with no header: the pages' own <meta> policy is all there is.
    handler = functools.partial(_Quiet, directory=str(output.parent))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    built.http_base = f"http://127.0.0.1:{server.server_address[1]}/archive/"
    yield built
    server.shutdown()
    server.server_close()
    thread.join()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def dialogs(watched: Watched) -> Iterator[list[str]]:
    """Every alert/confirm/prompt the page opens (none may)."""
    seen: list[str] = []

    def on_dialog(d: Dialog) -> None:
        seen.append(f"{d.type}: {d.message}")
        d.dismiss()

    watched.page.on("dialog", on_dialog)
    yield seen
    assert not seen, seen


def nothing_ran(page: Page) -> None:
    page.wait_for_load_state("load")
    page.wait_for_timeout(200)  # for any handler a payload could have set off
    assert page.evaluate("window.__xss") is None
    main = page.locator("main")
    markup = "script:not([type='application/json']), img, svg, iframe, object, embed, [onerror], [onload]"
    assert main.locator(markup).count() == 0
    assert page.locator("a[href^='javascript:' i], [src^='javascript:' i]").count() == 0


def assert_policy_holds(page: Page, w: Watched) -> None:
    """Inline script added to the page is refused by its own <meta> policy."""
    meta = page.locator('meta[http-equiv="Content-Security-Policy"]')
    assert "script-src 'self'" in (meta.get_attribute("content") or "")
    directive = page.evaluate(
        """() => new Promise(resolve => {
            document.addEventListener("securitypolicyviolation", e => resolve(e.effectiveDirective), {once: true});
            const s = document.createElement("script");
            s.textContent = "window.__xss = 'inline'";
            document.body.appendChild(s);
            setTimeout(() => resolve(null), 2000);
        })"""
    )
    assert directive == "script-src-elem" and page.evaluate("window.__xss") is None
    refused = [p for p in w.problems if "violates the following Content Security Policy" in p]
    assert len(refused) == 1, w.problems
    w.problems.remove(refused[0])


@pytest.mark.parametrize("mode", ["file", "http"])
def test_article_and_tag_pages(hostile: Site, watched: Watched, dialogs: list[str], mode: str) -> None:
    page, base = watched.page, hostile.bases()[mode]
    [article] = (hostile.output / "2021/04/01").glob("*/index.html")
    page.goto(base + article.relative_to(hostile.output).as_posix())
    nothing_ran(page)
    expect(page.locator("h1")).to_have_text(TITLE)
    assert page.title().startswith(TITLE)
    expect(page.locator(".dateline")).to_have_text(DATELINE)
    body = page.locator(".body")
    for text in ("<script>window.__xss=1</script>", "[x](javascript:alert(1))", "![i](javascript:alert(1))"):
        expect(body).to_contain_text(text)
    expect(body).to_contain_text('<iframe src="javascript:alert(1)"></iframe> <body onload=alert(1)>')
    expect(body).to_contain_text("&lt;script&gt;alert(1)&lt;/script&gt;")  # entities in a seed stay as typed
    assert_policy_holds(page, watched)
    for tag in SEED_TAGS:
        page.goto(base + article.relative_to(hostile.output).as_posix())
        page.locator("main").get_by_role("link", name=tag, exact=True).first.click()
        page.wait_for_load_state("load")
        nothing_ran(page)
        expect(page.locator("h1")).to_contain_text(tag)
        expect(page.locator("main")).to_contain_text(TITLE)


@pytest.mark.parametrize("mode", ["file", "http"])
def test_hand_written_fields_and_their_tag_page(hostile: Site, watched: Watched, dialogs: list[str], mode: str) -> None:
    page, base = watched.page, hostile.bases()[mode]
    page.goto(base + "2021/04/02/hand/index.html")
    nothing_ran(page)
    expect(page.locator("h1")).to_have_text('A hand-written story <img src=x onerror="window.__xss=3">')
    expect(page.locator("main")).to_contain_text('<script>alert("source")</script>')
    page.locator("main").get_by_role("link", name=HAND_TAG, exact=True).first.click()
    page.wait_for_load_state("load")
    nothing_ran(page)
    expect(page.locator("h1")).to_contain_text(HAND_TAG)
    assert_policy_holds(page, watched)


@pytest.mark.parametrize("mode", ["file", "http"])
def test_home_page(hostile: Site, watched: Watched, dialogs: list[str], mode: str) -> None:
    page = watched.page
    page.goto(hostile.bases()[mode] + "index.html")
    nothing_ran(page)
    expect(page.locator("main")).to_contain_text(TITLE)
    expect(page.locator("main")).to_contain_text('A hand-written story <img src=x onerror="window.__xss=3">')
    assert_policy_holds(page, watched)


@pytest.mark.parametrize("mode", ["file", "http"])
def test_search_with_a_payload_typed_in(hostile: Site, watched: Watched, dialogs: list[str], mode: str) -> None:
    page = watched.page
    page.goto(hostile.bases()[mode] + "search/index.html")
    page.locator("#search-q").fill(QUERY)
    page.locator("#search-q").press("Enter")
    results = page.locator("#search-results > li")
    expect(results.first).to_be_visible()
    nothing_ran(page)
    expect(results.first.locator(".headline")).to_have_text(TITLE)
    expect(page.locator("#search-status")).to_contain_text(f"“{QUERY}”")
    assert page.locator("#search-results script, #search-results img, #search-results svg").count() == 0
    expect(page.locator("#search-q")).to_have_value(QUERY)
    page.goto(hostile.bases()[mode] + "search/index.html?q=" + re.sub(r"[<>\"' ]", "+", HAND_TAG))
    expect(results.first.locator(".headline")).to_contain_text("A hand-written story")
    nothing_ran(page)
    assert_policy_holds(page, watched)
