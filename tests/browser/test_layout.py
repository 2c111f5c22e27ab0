"""In a real browser: screenshots at phone and desktop widths, axe-core checks, visible keyboard focus."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.base import AXE_FILE_PATH, AxeResults
from playwright.sync_api import Browser, Page, expect

from .conftest import ORIGINAL_URL, Built

PAGE_KINDS = {
    "home": "index.html",
    "article": ORIGINAL_URL,
    "tag": "tags/kazakhstan/index.html",
    "tag-page": "tags/uzbekistan/page/1/index.html",
    "tags": "tags/index.html",
    "archive": "archive/index.html",
    "year": "2020/index.html",
    "month": "2020/12/index.html",
    "day": "2020/12/15/index.html",
    "search": "search/index.html?q=kazsat",
}
SHOTS = ("home", "article", "tag", "day", "search")
WIDTHS = {"phone": (390, 844), "desktop": (1280, 800)}


def open_page(browser: Browser, built: Built, kind: str, width: str, scheme: str = "light") -> Page:
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h}, color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(built.file_url(PAGE_KINDS[kind]))
    if kind == "search":
        expect(page.locator("#search-results > li")).to_have_count(2)
    return page


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots(browser: Browser, built: Built, screenshot_dir: Path, width: str) -> None:
    """Home, article, tag, day (and search) pages as a phone and a desktop show them; nothing wider than the screen."""
    for scheme in ("light", "dark") if width == "phone" else ("light",):
        for kind in SHOTS:
            page = open_page(browser, built, kind, width, scheme)
            suffix = "" if scheme == "light" else "-dark"
            page.screenshot(path=screenshot_dir / f"{kind}-{width}{suffix}.png", full_page=True)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{kind} at {width} width scrolls sideways by {overflow}px"
            page.context.close()


@pytest.mark.parametrize(("width", "scheme"), [("desktop", "light"), ("phone", "dark")])
def test_no_serious_accessibility_violations(browser: Browser, built: Built, width: str, scheme: str) -> None:
    """axe-core on every page kind: no serious or critical violation, in the light and the dark scheme."""
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h}, color_scheme=scheme)  # type: ignore[arg-type]
    context.add_init_script(path=AXE_FILE_PATH)  # axe-core as the package ships it, in every page
    page = context.new_page()
    found = []
    for kind, path in PAGE_KINDS.items():
        page.goto(built.file_url(path))
        if kind == "search":
            expect(page.locator("#search-results > li")).to_have_count(2)
        results = AxeResults(page.evaluate("axe.run({resultTypes: ['violations']})"))
        for v in results.response["violations"]:
            if v["impact"] in ("serious", "critical"):
                found.append(f"{kind}: {v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes']][:3]}")
    context.close()
    assert not found, "\n".join(found)


FOCUS_STYLE = """el => {
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  return {outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
          inView: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth};
}"""


@pytest.mark.parametrize("kind", ["home", "article", "search"])
def test_keyboard_focus_is_visible(browser: Browser, built: Built, kind: str) -> None:
    """Tabbing from the top: the skip link shows first; every focused control has a clear outline."""
    page = open_page(browser, built, kind, "desktop")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    seen = set()
    for _ in range(60):
        focused = page.evaluate_handle("document.activeElement")
        tag = page.evaluate("el => el.tagName + (el.id ? '#' + el.id : '')", focused)
        if tag == "BODY":  # tabbed past the last control
            break
        style = page.evaluate(FOCUS_STYLE, focused)
        assert style == {"outline": True, "inView": True}, f"{kind}: focus on {tag} is not visible: {style}"
        seen.add(tag)
        page.keyboard.press("Tab")
    if kind in ("home", "search"):
        assert {"INPUT#home-q" if kind == "home" else "INPUT#search-q", "BUTTON"} <= seen, seen
    page.context.close()
