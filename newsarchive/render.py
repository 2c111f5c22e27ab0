"""Render: a page's data and its layout → bytes. Pure: the same page gives the same bytes.

Layouts come from the site's layouts/ folder, then the built-in ones in the
repository's layouts/. Autoescape is on: text from content/ is never markup,
except article bodies, which are Markdown rendered here.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
from markupsafe import Markup, escape

from . import kept, search, urls
from .config import BUILTIN, Config, LayoutError
from .files import read_bytes, write_atomic
from .pages import SITEMAP_PART, Page, long_date
from .site import Article

# A paragraph Markdown leaves as it is: one line, no character Markdown or HTML gives a meaning
# to, not starting like a block (list, heading, quote, code). tests/test_render.py checks that
# Python-Markdown renders such text exactly as plain_paragraphs() does.
_PLAIN = re.compile(r"(?![\d]+[.)])[^\s#>+*=_`<&\\\[\]-][^\n\t\\`*_\[\]<>&]*(?<=\S)|[^\s#>+*=_`<&\\\[\]-]")


def plain_paragraphs(text: str) -> str | None:
    """The HTML of a Markdown text made only of plain paragraphs, or None: a fast path, since
    most imported articles are plain prose and Python-Markdown is the slowest step of a build."""
    paragraphs = text.strip("\n").split("\n\n")
    if not all(p.isprintable() and _PLAIN.fullmatch(p) for p in paragraphs):
        return None
    return "\n".join(f"<p>{p}</p>" for p in paragraphs) if text.strip() else ""


def markdown_html(text: str) -> str:
    """Markdown → HTML, with the fast path for plain prose; one Markdown instance, reset each time.
    What Python-Markdown makes is kept (kept.py) in files named by a hash of the text (and of the
    Markdown version), so that a layout change, or a page rendered again, does not run it again."""
    html = plain_paragraphs(text)
    return _converted(text) if html is None else html


def _converted(text: str) -> str:
    """Python-Markdown's HTML of a text, kept."""
    md, version = _markdown()
    folder = kept.folder()
    if folder is None:
        return md.reset().convert(text)
    key = hashlib.blake2b(f"{code_digest()}\0{version}\0{text}".encode(), digest_size=20).hexdigest()
    path = folder / "markdown" / key[:2] / f"{key}.html"
    try:
        return read_bytes(path).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        html = md.reset().convert(text)
        write_atomic(path, html.encode("utf-8"))
        return html


@functools.cache
def _markdown() -> tuple[Any, str]:
    """One Python-Markdown instance and its version; imported only when a body needs it."""
    import markdown

    return markdown.Markdown(output_format="html"), markdown.__version__


@functools.cache
def code_digest() -> str:
    """A digest of this package's code: a new version may render the same data differently."""
    h = hashlib.blake2b(digest_size=16)
    for f in sorted(Path(__file__).parent.glob("*.py")):
        h.update(f.read_bytes())
    return h.hexdigest()


class Renderer:
    def __init__(self, site_dir: Path, config: Config, cache: Path | None = None) -> None:
        """`cache`: a folder to keep compiled layouts and converted Markdown in, between builds."""
        self.config = config
        if cache:
            (cache / "layouts").mkdir(parents=True, exist_ok=True)
            kept.keep_in(cache)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([site_dir / "layouts", BUILTIN / "layouts"]),
            bytecode_cache=jinja2.FileSystemBytecodeCache(str(cache / "layouts")) if cache else None,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # layouts do not change during a build: no stat of each one for each page
        )
        self.env.filters["long_date"] = long_date
        self.env.filters["markdown"] = self.markdown
        self.env.filters["iso_datetime"] = iso_datetime
        self.env.filters["json_ld"] = json_ld
        self.env.globals["entry_id"] = entry_id
        self.env.globals["article_ld"] = functools.partial(article_ld, config)
        self.env.globals["site"] = config
        self.layouts: dict[str, str] = {}  # layout → digest of its chain (a build may preload it)
        self._config = repr(config)
        self._code = code_digest()
        self._bases: dict[str, hashlib._Hash] = {}  # layout → a hash of what all its pages share
        self.search_terms: dict[str, str] = {}  # article digest → body terms, for the shards to write
        self.terms_wanted: set[str] = set()  # digests of the articles whose body terms those shards lack
        self._last = ("", "")  # the last Markdown text the layouts converted, and its HTML
        self._templates: dict[str, jinja2.Template] = {}  # layouts do not change during a build

    def markdown(self, text: str) -> Markup:
        """Markdown → HTML. Seed text reaches here already escaped."""
        html = markdown_html(text)
        self._last = (text, html)
        return Markup(html)

    def html_of(self, text: str) -> str:
        """markdown_html(text): made once for an article's page and its search terms."""
        return self._last[1] if self._last[0] == text else markdown_html(text)

    def fingerprint(self, page: Page) -> str:
        """Everything that makes a page: its layout chain, the config, its path and its data."""
        base = self._bases.get(page.layout)
        if base is None:  # code, layout chain and config: the same for every page of a layout
            layout = self._layout_digest(page.layout)
            base = self._bases[page.layout] = hashlib.blake2b(
                f"{self._code}\0{layout}\0{self._config}\0".encode(), digest_size=16
            )
        h = base.copy()
        h.update(f"{page.path}\0{sorted(page.data.items())!r}".encode())
        return h.hexdigest()

    def prepare(self, layouts: set[str]) -> None:
        """Work out the digests of these layouts' chains now (before forking workers that need them)."""
        for name in sorted(layouts):
            self._layout_digest(name)

    def base(self) -> str:
        """A digest of what every page depends on: the code, the config and all the layouts.
        (Which layouts a page uses its fingerprint says; this is for skipping whole groups.)"""
        h = hashlib.blake2b(f"{self._code}\0{self._config}\0".encode(), digest_size=16)
        for name in sorted(self.env.list_templates()):
            h.update(f"{name}\0".encode())
            h.update(self.env.loader.get_source(self.env, name)[0].encode())  # type: ignore[union-attr]
        return h.hexdigest()

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.blake2b(data, digest_size=16).hexdigest()

    def _layout_digest(self, name: str) -> str:
        """A digest of a layout and every layout it extends, includes or imports."""
        if name.startswith("@"):  # written by code, not by a layout: the code digest covers it
            return name
        if name not in self.layouts:
            try:
                chain = sorted(self._chain(name, set()))
            except jinja2.TemplateError:
                chain = [name]  # rendering will name the problem
            sources = [self.env.loader.get_source(self.env, n)[0] for n in chain]  # type: ignore[union-attr]
            self.layouts[name] = self.digest("\0".join(chain + sources).encode())
        return self.layouts[name]

    def _chain(self, name: str, seen: set[str]) -> set[str]:
        seen.add(name)
        source = self.env.loader.get_source(self.env, name)[0]  # type: ignore[union-attr]
        for ref in jinja2.meta.find_referenced_templates(self.env.parse(source)):
            if ref and ref not in seen:
                self._chain(ref, seen)
        return seen

    def render(self, page: Page) -> bytes:
        try:
            return self._render(page)
        except jinja2.TemplateSyntaxError as e:
            raise LayoutError(f"{e.filename or e.name}: line {e.lineno}: {e.message}") from None
        except jinja2.TemplateError as e:
            raise LayoutError(f"layout {page.layout} (rendering {page.path}): {e}") from None

    def _render(self, page: Page) -> bytes:
        if page.layout == search.SHARD:
            return search.shard_js(page.data, self.search_terms)
        pretty = self.config.pretty_urls
        url = functools.partial(urls.absolute, self.config.base_url, pretty=pretty)
        if page.layout == SITEMAP_PART:
            return sitemap_xml(page.data["entries"], url)
        template = self._templates.get(page.layout)
        if template is None:
            template = self._templates[page.layout] = self.env.get_template(page.layout)
        # A page served at any depth (404.html) links absolutely; every other page relatively.
        rel = url if page.data.get("absolute_links") else urls.Links(page.path, pretty)
        return template.render(page.data, page=page, rel=rel, url=url).encode("utf-8")


def sitemap_xml(entries: list[tuple[str, dt.date | None]], url: Callable[[str], str]) -> bytes:
    """A sitemap file: read by machines only, and at 100,000 articles the largest page a new
    article can make a build redo (20,000 URLs), so written here, not through a layout."""
    rows = (
        f"  <url><loc>{escape(url(path))}</loc>{f'<lastmod>{d.isoformat()}</lastmod>' if d else ''}</url>\n"
        for path, d in entries
    )
    return f"{_URLSET}{''.join(rows)}</urlset>\n".encode()


_URLSET = '<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'


def iso_datetime(d: dt.date) -> str:
    """A date as an RFC 3339 timestamp at midnight UTC: feeds carry dates, never the build time."""
    return f"{d.isoformat()}T00:00:00Z"


def entry_id(date: dt.date, slug: str) -> str:
    """A feed entry id that stays the same forever, wherever the site is published: the name-based
    (SHA-1, version 5) UUID of the URL namespace and 'newsarchive:<date>/<slug>', as uuid.uuid5
    makes it (that module, and the platform module it loads, would add to every run's start)."""
    h = bytearray(hashlib.sha1(_URL_NAMESPACE + f"newsarchive:{date.isoformat()}/{slug}".encode()).digest()[:16])
    h[6] = h[6] & 0x0F | 0x50  # version 5
    h[8] = h[8] & 0x3F | 0x80  # RFC 4122 variant
    x = h.hex()
    return f"urn:uuid:{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"


_URL_NAMESPACE = bytes.fromhex("6ba7b8119dad11d180b400c04fd430c8")  # uuid.NAMESPACE_URL


def json_ld(data: dict[str, object]) -> Markup:
    """JSON for a <script type="application/ld+json"> block: no '<', '>' or '&' can end the block."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def article_ld(config: Config, article: Article) -> dict[str, object]:
    """schema.org NewsArticle for an article page."""
    url = urls.absolute(config.base_url, article.url, config.pretty_urls)
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": article.date.isoformat(),
        "url": url,
        "mainEntityOfPage": url,
        "publisher": {"@type": "Organization", "name": config.title},
        "inLanguage": config.language,
    }
    if article.summary:
        data["description"] = article.summary
    if article.dateline:
        data["dateline"] = article.dateline
    place = ", ".join(v for v in article.location if v)
    if place:
        data["locationCreated"] = {"@type": "Place", "name": place}
    if article.source:
        data["sourceOrganization"] = {"@type": "Organization", "name": article.source}
    if article.tag_refs:
        data["keywords"] = [t.name for t in article.tag_refs]
    return data
