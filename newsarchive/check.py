"""`python build.py check`: crawl output/ as a reader would, and name every problem.

Reported as `path: problem 'link'`: a broken internal link, a missing asset, a
root-relative link (breaks from disk and at a sub-path), an asset loaded from
another host, and a page that cannot be reached from the home page.
"""

from __future__ import annotations

import posixpath
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Attributes that make a browser load or follow something.
_LINK_ATTRS = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"),
               ("iframe", "src"), ("form", "action")}  # fmt: skip
_EXTERNAL_OK = {"a", "form"}  # may point elsewhere; everything else must be local
_ABSOLUTE_OK_RELS = {"canonical", "alternate"}  # absolute by design (base_url)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []  # (tag, rel, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for t, attr in _LINK_ATTRS:
            if tag == t and attr in values:
                self.found.append((tag, values.get("rel", ""), values[attr].strip()))


def check_output(output: Path, base_url: str = "", pretty_urls: bool = False) -> tuple[list[str], int, int]:
    """(problems, pages checked, links checked). Absolute links under base_url (404.html) count as internal."""
    problems: list[str] = []
    pages = sorted(p.relative_to(output).as_posix() for p in output.rglob("*.html"))
    edges: dict[str, set[str]] = {}
    n_links = 0
    for page in pages:
        parser = _Links()
        parser.feed((output / page).read_text(encoding="utf-8", errors="replace"))
        edges[page] = set()
        for tag, rel, url in parser.found:
            n_links += 1
            if base_url and url.startswith(base_url) and not set(rel.split()) & _ABSOLUTE_OK_RELS:
                url = posixpath.relpath("/" + url[len(base_url) :], posixpath.dirname("/" + page))
            problem, target = _resolve(output, page, tag, rel, url, pretty_urls)
            if problem:
                problems.append(f"{output / page}: {problem} {url!r}")
            elif target and target.endswith(".html"):
                edges[page].add(target)
    if "index.html" in edges:
        reached = _reachable(edges, "index.html")
        problems += [f"{output / p}: not reachable from the home page" for p in pages if p not in reached]
        problems = [p for p in problems if not p.startswith(f"{output / '404.html'}: not reachable")]
    elif pages:
        problems.append(f"{output / 'index.html'}: missing (the home page)")
    return problems, len(pages), n_links


def _resolve(output: Path, page: str, tag: str, rel: str, url: str, pretty: bool) -> tuple[str | None, str | None]:
    """(problem, target output path) for one link on one page."""
    if not url or url.startswith("#"):
        return None, None
    parts = urlsplit(url)
    if parts.scheme in ("mailto", "tel", "data") or (parts.scheme == "javascript"):
        return (None, None) if parts.scheme != "javascript" else ("script link", None)
    if parts.scheme or url.startswith("//"):
        if tag in _EXTERNAL_OK or set(rel.split()) & _ABSOLUTE_OK_RELS:
            return None, None
        return "asset from another host", None
    if url.startswith("/"):
        return "root-relative link", None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    if target.startswith("../") or target == "..":
        return "link outside the site", None
    path = output / target
    if path.is_dir():
        if not pretty:
            return "link to a folder (names no file: breaks from disk)", None
        target, path = posixpath.normpath(posixpath.join(target, "index.html")), path / "index.html"
    if not path.is_file():
        return ("broken link" if tag == "a" else "missing asset"), None
    return None, target


def _reachable(edges: dict[str, set[str]], start: str) -> set[str]:
    seen = {start}
    queue = deque([start])
    while queue:
        for nxt in edges.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen
