"""Render: a page's data and its layout → bytes. Pure: the same page gives the same bytes.

Layouts come from the site's layouts/ folder, then the built-in ones in the
repository's layouts/. Autoescape is on: text from content/ is never markup,
except article bodies, which are Markdown rendered here.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import jinja2
import markdown
from markupsafe import Markup

from . import urls
from .config import Config
from .pages import Page, long_date

BUILTIN = Path(__file__).resolve().parent.parent  # the repository: built-in layouts/ and assets/


class Renderer:
    def __init__(self, site_dir: Path, config: Config) -> None:
        self.config = config
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([site_dir / "layouts", BUILTIN / "layouts"]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["long_date"] = long_date
        self.env.filters["markdown"] = self.markdown
        self.env.globals["site"] = config
        self._md = markdown.Markdown(output_format="html")
        self._html: dict[str, str] = {}

    def markdown(self, text: str) -> Markup:
        """Markdown → HTML, once per distinct text. Seed text reaches here already escaped."""
        key = hashlib.sha256(text.encode()).hexdigest()
        html = self._html.get(key)
        if html is None:
            html = self._html[key] = self._md.reset().convert(text)
        return Markup(html)

    def render(self, page: Page) -> bytes:
        template = self.env.get_template(page.layout)
        rel = functools.partial(urls.relative, page.path)
        return template.render(page.data, page=page, rel=rel).encode("utf-8")
