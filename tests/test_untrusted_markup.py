"""Seed text never becomes markup, script or a path: payloads in every field come out as the
visible text they were, and nothing is written outside content/, output/ and the build state."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from newsarchive import content
from newsarchive.config import Config
from newsarchive.tags import SLUG_MAX

from .conftest import SiteDir

BASE_URL = Config().base_url
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<style>body{display:none}</style>",
    "<!-- hidden --> <iframe src=//evil.example>",
    "![image](http://evil.example/x.png)",
    "<http://evil.example/>",
    "# Heading",
    "Heading underlined",  # followed by a line of '=' in its body
    "---",
    "!!python/object/apply:os.system ['echo pwned']",
    "null",
    "yes",
    "~",
    "key: value",
    "{{ 7 * 7 }} {% raw %}",
    "&lt;b&gt; &amp; &#60;script&#62;",
    "&copy &lt &#0 &#x3c AT&T",  # references a browser reads without their ';'
    "../../etc/passwd",
    "/abs/path",
    "C:\\Windows\\system32",
    "CON",
    "!!! ... ???",
    "Word " * 100,
]


def seed(title: str, day: int) -> str:
    """A seed with the payload as its title, its first paragraph and inside a second one."""
    return (
        f" date 2020-01-{day:02d} {title}\n\n{title}\n\nBAKU, Azerbaijan, Jan. {day}\n\n{title}\n\n"
        f"Before {title} after.\n\n===\n"
    )


class Page(HTMLParser):
    """Elements, attributes, and the text of the <h1>, <title> and article body of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: dict[str, str] = {"h1": "", "title": "", "body": ""}
        self.body_tags: list[str] = []
        self.scripts: list[str] = []
        self._in: list[str] = []
        self._body_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.elements.append((tag, values))
        if self._body_depth:
            self._body_depth += 1
            self.body_tags.append(tag)
        elif tag == "div" and values.get("class") == "body":
            self._body_depth = 1
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._body_depth:
            self._body_depth -= 1
        if tag in self._in:
            del self._in[len(self._in) - 1 - self._in[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if self._body_depth:
            self.text["body"] += data
        for tag in ("h1", "title"):
            if tag in self._in:
                self.text[tag] += data
        if self._in and self._in[-1] == "script":
            self.scripts.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[SiteDir, set[str], set[str]]:
    """A site with one seed per payload, imported and built; (site, files before, files after)."""
    site = SiteDir(tmp_path_factory.mktemp("markup") / "site")
    for day, title in enumerate(PAYLOADS, 1):
        site.seed(f"payload-{day:02d}.txt", seed(title, day))
    root = site.root.parent
    before = {p.relative_to(root).as_posix() for p in root.rglob("*")}
    assert site.run() == 0
    after = {p.relative_to(root).as_posix() for p in root.rglob("*")}
    return site, before, after


def test_nothing_is_written_outside_content_output_and_the_build_state(built) -> None:
    site, before, after = built
    assert before <= after
    outside = {p for p in after - before if not re.match(r"site/(content|output|\.cache)(/|$)", p)}
    assert outside == set()
    state = {
        "site/.cache/state.sqlite",
        "site/.cache/state.sqlite-wal",
        "site/.cache/state.sqlite-shm",
        "site/.cache/build.lock",
    }
    compiled = re.compile(r"site/\.cache/layouts(/__jinja2_[0-9a-f]{40}\.cache)?")  # named by the layout, not by seeds
    kept = re.compile(  # named by a hash of the text; the gazetteer's index by the code and its data
        r"site/\.cache/(markdown(/[0-9a-f]{2}(/[0-9a-f]{40}\.html)?)?|gazetteer-[0-9a-f]{24}\.marshal"
        r"|(outline|import)-[0-9a-f]{16}\.bin)"  # the state's blobs, named by a token it keeps
    )
    made = {p for p in after - before if p.startswith("site/.cache/")}
    assert {p for p in made if not compiled.fullmatch(p) and not kept.fullmatch(p)} <= state


def test_every_file_name_is_a_safe_slug(built) -> None:
    site, _, after = built
    articles = site.articles()
    assert len(articles) == len(PAYLOADS)
    for path in articles:
        assert re.fullmatch(
            rf"\d{{4}}/\d{{2}}/\d{{2}}/[a-z0-9][a-z0-9-]{{0,{SLUG_MAX - 1}}}\.md",
            path.relative_to(site.content).as_posix(),
        )
        assert path.stem.casefold() not in {"con", "prn", "aux", "nul"}
    for rel in after:
        if re.match(r"site/output/(\d{4}|tags)/", rel):  # the paths seed text feeds
            assert re.fullmatch(r"[a-z0-9._/-]+", rel), rel  # no case, space or punctuation a host could choke on


@pytest.mark.parametrize("day", range(1, len(PAYLOADS) + 1), ids=[p[:30] for p in PAYLOADS])
def test_payload_shows_as_the_text_it_was(built, day: int) -> None:
    site = built[0]
    written = " ".join(PAYLOADS[day - 1].split())
    [article] = [p for p in site.articles() if content.seed_of(p)[0] == f"payload-{day:02d}.txt"]  # type: ignore[index]
    fm, _ = content.parse(article.read_text(encoding="utf-8"))
    assert written in (fm["title"], fm.get("title_original"))  # YAML kept it a string, as written
    page = parse((site.output / article.relative_to(site.content).with_suffix("") / "index.html").read_text())
    assert page.text["h1"] == fm["title"]
    assert page.text["title"].startswith(fm["title"] + " · ")
    assert flat(page.text["body"]) == flat(f"{written} Before {written} after. ===")
    assert set(page.body_tags) == {"p"}  # no heading, link, image, script or raw HTML
    if "7 * 7" in written:
        assert "49" not in page.text["h1"]  # not evaluated by the layouts


def test_no_page_runs_or_loads_anything_the_site_did_not_write(built) -> None:
    site = built[0]
    for path in site.output.rglob("*.html"):
        page = parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(site.output)
        for tag, attrs in page.elements:
            assert tag not in {"img", "iframe", "object", "embed", "style", "base", "svg"}, where
            assert not [a for a in attrs if a.startswith("on")], (where, tag, attrs)
            for name in ("href", "src", "action"):
                url = attrs.get(name, "").strip().lower()
                assert not url.startswith(("javascript:", "data:text", "vbscript:")), (where, url)
                if tag in ("script", "link", "form") and attrs.get("rel") not in ("canonical", "alternate"):
                    own = url.removeprefix(BASE_URL)  # 404.html links absolutely
                    assert not re.match(r"[a-z]+:|//", own), (where, url)  # only the site's own files
            if tag == "script":
                assert attrs.get("src") or attrs.get("type") in ("application/ld+json", "application/json"), where
        for block in page.scripts:  # JSON data blocks: nothing in them can close the element
            assert "<" not in block and json.loads(block)


def test_feeds_and_search_index_carry_the_text_as_data(built) -> None:
    site = built[0]
    titles = {content.parse(p.read_text())[0]["title"] for p in site.articles()}
    feed = ET.parse(site.output / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert {e.findtext("a:title", namespaces=ns) for e in feed.iterfind("a:entry", ns)} <= titles
    for path in site.output.rglob("*.xml"):
        ET.parse(path)  # well-formed
    shards = list((site.output / "search").rglob("*.js"))
    found = set()
    for shard in shards:
        text = shard.read_text(encoding="utf-8")
        data = json.loads(text[text.index("] = ") + 4 : text.rindex(";")])
        found |= {doc[1] for doc in data["docs"]}
    assert found == titles


def test_hand_written_markdown_may_use_html(site: SiteDir) -> None:
    article = site.content / "2020/01/02/hand.md"
    article.parent.mkdir(parents=True)
    article.write_text("---\ntitle: By hand\ndate: 2020-01-02\n---\n\nSome <b>bold</b> and [a link](../x.html).\n")
    assert site.run("build") == 0
    page = parse((site.output / "2020/01/02/hand/index.html").read_text())
    assert {"p", "b", "a"} <= set(page.body_tags)


def test_article_file_name_never_leaves_its_day_folder(tmp_path: Path) -> None:
    site = SiteDir(tmp_path / "site")
    for i, title in enumerate(["../../../outside", "..", "/etc/passwd", "C:\\x", "CON", '?*:|"<>']):
        site.seed(f"{i}.txt", seed(title, 3))
    assert site.run("import") == 0
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    written = [f for f in files if not f.startswith(("site/seeds/", "site/.cache/"))]  # .cache: the build state
    assert len(written) == 6
    assert all(re.fullmatch(r"site/content/2020/01/03/[a-z0-9-]+\.md", f) for f in written), written
    day = "site/content/2020/01/03"
    assert {f"{day}/outside.md", f"{day}/etc-passwd.md", f"{day}/c-x.md", f"{day}/con-1.md"} <= set(written)


def test_table_opening_the_body_stays_text(site: SiteDir) -> None:
    """A table is kept as a code block; as the first paragraph it must keep its indent too."""
    table = "<img src=x onerror=alert(1)>   76.7    76.7\n<b>Planted</b>   76.7    76.7\n# Harvested   69.2    69.2"
    site.seed("table.txt", f" date 2020-01-02 Table first\n\nBAKU, Azerbaijan, Jan. 2\n\n{table}\n\nAfter.\n")
    assert site.run() == 0
    page = parse(site.page("2020/01/02/table-first/index.html"))
    assert page.body_tags == ["pre", "code", "p"]
    assert page.text["body"].strip() == f"{table}\n\nAfter."
