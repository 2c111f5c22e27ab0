"""In a real browser, from disk (file://) and over HTTP at a sub-path: the walk through the site and search."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from .conftest import CSP, HARVEST, HOSTILE_TITLE, ORIGINAL_TITLE, ORIGINAL_URL, Built, Watched


def walk(page: Page, base: str) -> None:
    """Home → tags → a tag → an article → its day → month → year → home, clicking links only."""
    page.goto(base + "index.html")
    expect(page.locator("h1")).to_have_text("News Archive")
    steps: list[tuple[Locator, str, str]] = [
        (page.get_by_role("navigation", name="Site").get_by_role("link", name="Tags"), "tags/index.html", "Tags"),
        (page.locator("main").get_by_role("link", name="Kazakhstan", exact=True), "tags/kazakhstan/index.html", ""),
        (page.get_by_role("link", name=ORIGINAL_TITLE), ORIGINAL_URL, ORIGINAL_TITLE),
        (page.locator("article header .meta a"), "2020/12/15/index.html", "15 December 2020"),
        (page.locator(".kicker a"), "2020/12/index.html", "December 2020"),
        (page.locator(".kicker a"), "2020/index.html", "2020"),
        (page.locator(".masthead .brand"), "index.html", "News Archive"),
    ]
    for link, path, heading in steps:
        link.click()
        page.wait_for_url(base + path)
        expect(page.locator("h1")).to_have_text(heading or re.compile("Kazakhstan"))
        assert page.locator("link[rel=stylesheet]").evaluate("l => l.sheet !== null"), f"{path}: no stylesheet"


def search_kazsat(page: Page, base: str) -> None:
    """Search for "Kazsat": the title hit first, then the original seed's article; open it; come back."""
    page.goto(base + "search/index.html")
    page.get_by_label(re.compile("Words from the title")).fill("Kazsat")
    page.get_by_role("button", name="Search", exact=True).click()
    results = page.locator("#search-results > li")
    expect(results).to_have_count(2)
    expect(results.nth(0).locator(".headline")).to_have_text("Kazsat operator reports a record year")
    expect(results.nth(1).locator(".headline")).to_have_text(ORIGINAL_TITLE)
    expect(results.nth(1).locator(".also")).to_have_text("Also in the text: kazsat")  # a body-only hit
    expect(page.locator("#search-status")).to_have_text(re.compile(r"^2 results for “Kazsat” in all \d+ articles\.$"))
    results.nth(1).locator(".headline").click()
    page.wait_for_url(base + ORIGINAL_URL)
    expect(page.locator("h1")).to_have_text(ORIGINAL_TITLE)
    page.go_back()
    expect(page.locator("#search-results > li")).to_have_count(2)  # the query was kept in the URL


def test_walk_from_disk(built: Built, watched: Watched) -> None:
    walk(watched.page, built.file_base)


def test_search_from_disk(built: Built, watched: Watched) -> None:
    search_kazsat(watched.page, built.file_base)


def test_walk_over_http_at_a_sub_path(built: Built, http_base: str, watched: Watched) -> None:
    assert http_base.endswith("/archive/")
    walk(watched.page, http_base)


def test_search_over_http_with_strict_csp(built: Built, http_base: str, watched: Watched) -> None:
    response = watched.page.goto(http_base + "search/index.html")
    assert response is not None and response.headers["content-security-policy"] == CSP
    search_kazsat(watched.page, http_base)  # a CSP violation would be a console error: `watched` fails on it


def test_home_search_box(built: Built, watched: Watched) -> None:
    page = watched.page
    page.goto(built.file_url())
    page.get_by_label("Search the archive").fill("kazsat")
    page.get_by_label("Search the archive").press("Enter")
    page.wait_for_url(re.compile(r"/search/index\.html\?q=kazsat$"))
    expect(page.locator("#search-results > li")).to_have_count(2)
    expect(page.locator("#search-q")).to_have_value("kazsat")


def test_shards_load_newest_first_and_older_on_request(built: Built, watched: Watched) -> None:
    page = watched.page
    page.goto(built.file_url("search/index.html"))
    page.locator("#search-q").fill("harvest")
    page.locator("#search-q").press("Enter")
    results = page.locator("#search-results > li")
    expect(results).to_have_count(20)
    expect(page.locator("#search-status")).to_have_text(f"{HARVEST} results for “harvest” in articles from 2021.")
    assert shards(watched) == ["2021"]
    page.get_by_role("button", name="More results").click()
    expect(results).to_have_count(HARVEST)
    expect(page.get_by_role("button", name="More results")).to_be_hidden()
    older = page.get_by_role("button", name="Search older articles (2020)")
    older.click()
    expect(page.locator("#search-status")).to_have_text(re.compile(rf"^{HARVEST} results for “harvest” in all \d+"))
    expect(older).to_be_hidden()
    assert shards(watched) == ["2021", "2020", "2019"]
    # Title hits first (all of them here), newest first.
    dates = results.locator("time").evaluate_all("ts => ts.map(t => t.dateTime)")
    assert dates == sorted(dates, reverse=True)


def shards(w: Watched) -> list[str]:
    return [m.group(1) for u in w.requests if (m := re.search(r"/search/([\w.-]+)\.js\?v=[0-9a-f]{12}$", u))]


def test_results_show_seed_text_as_text(built: Built, watched: Watched) -> None:
    page = watched.page
    page.goto(built.file_url("search/index.html") + "?q=tashkent+markets")
    first = page.locator("#search-results > li").first
    expect(first.locator(".headline")).to_have_text(HOSTILE_TITLE)
    assert first.locator(".headline mark").all_text_contents() == ["Tashkent", "markets"]
    assert page.locator("#search-results img, #search-results script, #search-results b").count() == 0
    assert page.evaluate("window.__xss") is None
    expect(first.locator(".meta")).to_have_text(re.compile(r"^1 February 2021 · TASHKENT, Uzbekistan, Feb\. 1"))
    expect(first.locator(".summary")).to_contain_text("reopened <script>window.__xss=2</script> and traders")


@pytest.mark.parametrize("query", ["uzbekistan rail", "Uzbékistan RAIL", "rai", "uzbekistan, rail!"])
def test_queries_match_regardless_of_case_accents_and_punctuation(built: Built, watched: Watched, query: str) -> None:
    page = watched.page
    page.goto(built.file_url("search/index.html"))
    page.locator("#search-q").fill(query)
    page.locator("#search-q").press("Enter")
    expect(page.locator("#search-results > li .headline").first).to_have_text(
        "Uzbekistan opens a rail link to Kazakhstan"
    )


def test_a_typo_finds_close_matches(built: Built, watched: Watched) -> None:
    page = watched.page
    page.goto(built.file_url("search/index.html") + "?q=Kazakstan+satelite")
    expect(page.locator("#search-status")).to_contain_text("no exact match; these are close")
    expect(page.locator("#search-results > li")).not_to_have_count(0)


def test_csp_script_src_self_from_disk(built: Built, watched: Watched) -> None:
    """Chromium lets a file:// page under `script-src 'self'` load scripts from file://; inline ones are refused."""
    html = (built.output / "search/index.html").read_text(encoding="utf-8")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    probe = '<script>document.documentElement.dataset.inline = "ran"</script>'
    (built.output / "search/csp.html").write_text(html.replace("<head>", f"<head>\n{meta}\n{probe}"), encoding="utf-8")
    page = watched.page
    page.goto(built.file_url("search/csp.html") + "?q=Kazsat")
    expect(page.locator("#search-results > li")).to_have_count(2)
    assert page.evaluate("document.documentElement.dataset.inline") is None  # the policy is in force
    refused = [p for p in watched.problems if "inline script violates" in p]
    assert len(refused) == 1, watched.problems
    watched.problems.remove(refused[0])
