"""The URL scheme, in one place. Paths are output paths, relative to output/, POSIX style.

Every page is a folder's index.html; links between pages are relative and
name the file, so the same output works from disk and at any sub-path.
With `pretty_urls` (for hosts only) links end at the folder instead.
Absolute URLs (canonical, feeds, sitemap) are base_url + path.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

HOME = "index.html"
TAGS = "tags/index.html"
ARCHIVE = "archive/index.html"
SEARCH = "search/index.html"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
NOT_FOUND = "404.html"


def article(date: dt.date, slug: str) -> str:
    return f"{date:%Y/%m/%d}/{slug}/index.html"


def tag_feed(slug: str) -> str:
    return f"tags/{slug}/feed.xml"


def tag(slug: str, page: int | None = None) -> str:
    return f"tags/{slug}/index.html" if page is None else f"tags/{slug}/page/{page}/index.html"


def year(y: int) -> str:
    return f"{y:04d}/index.html"


def month(y: int, m: int) -> str:
    return f"{y:04d}/{m:02d}/index.html"


def day(y: int, m: int, d: int) -> str:
    return f"{y:04d}/{m:02d}/{d:02d}/index.html"


def asset(name: str) -> str:
    return f"assets/{name}"


class Links:
    """The links from one page: Links(page, pretty)(to) is the link from output path `page` to
    output path `to`: '../../tags/kazakhstan/index.html'. Most go to another top folder: as many
    '../' as the page is deep, then the path."""

    __slots__ = ("_dir", "_first", "_pretty", "_up")

    def __init__(self, from_page: str, pretty: bool = False) -> None:
        self._dir = from_page.rpartition("/")[0]
        self._up = "../" * (self._dir.count("/") + 1) if self._dir else ""
        self._first = self._dir.partition("/")[0] + "/"  # a path starting so may share more folders
        self._pretty = pretty

    def __call__(self, to: str) -> str:
        link = _relpath(to, self._dir) if to.startswith(self._first) else self._up + to
        if self._pretty and (link == "index.html" or link.endswith("/index.html")):
            link = link[: -len("index.html")] or "./"
        return link


def absolute(base_url: str, path: str, pretty: bool = False) -> str:
    """base_url (ending in '/') + path; with pretty URLs, folders instead of their index.html."""
    if pretty and (path == "index.html" or path.endswith("/index.html")):
        path = path[: -len("index.html")]
    return base_url + path


@lru_cache(maxsize=1 << 16)
def _relpath(to: str, from_dir: str) -> str:
    """posixpath.relpath for clean relative paths (no '.', '..' or '//'), without its file-system calls."""
    src = from_dir.split("/") if from_dir else []
    dst = to.split("/")
    common = 0
    for a, b in zip(src, dst[:-1], strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(src) - common) + dst[common:])
