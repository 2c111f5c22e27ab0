"""Nothing lost: from a folder of good and bad seeds, every good one gets exactly one article
page and is listed on its tag and day pages; every bad one is named; the exit status is 1."""

from __future__ import annotations

import posixpath
import re

import pytest

from newsarchive import content

from .conftest import SiteDir
from .test_untrusted import REFUSED

STORIES = [  # (date, title, body): some share a day, a title, or tags
    ("2020-12-15", "Kazakhstan and Uzbekistan develop space ties", "Kazakhstan and Uzbekistan signed a deal."),
    ("2020-12-15", "Kazakhstan and Uzbekistan develop space ties", "A second story with the same title."),
    ("2020-12-15", "Oil output rises in Azerbaijan", "Azerbaijan raised its oil output, the ministry said."),
    ("2020-12-16", "Kyrgyzstan opens a school", "Kyrgyzstan opened a school in Bishkek."),
    ("2021-01-01", "Tajikistan builds a dam", "Tajikistan is building a dam, Trend reports."),
    ("2021-01-01", "<b>Markup</b> in a title", "Kazakhstan's text with <i>tags</i> and *stars*."),
    ("1987-03-03", "PANCANADIAN TO SELL BRITISH INTERESTS", "<PanCanadian Petroleum Ltd> said it agreed to sell."),
    ("1987-03-04", "Wheat exports to Egypt", "The United States sold wheat to Egypt."),
]


def story(date: str, title: str, body: str) -> str:
    return f" date {date} {title}\n\n{title}\n\nBAKU, Azerbaijan, Dec. 15\n\n{body}\n\nMore text.\n"


def links(html: str, page: str) -> set[str]:
    """Every link on a page, as an output path."""
    hrefs = re.findall(r'href="([^"#]+)"', html)
    return {posixpath.normpath(posixpath.join(posixpath.dirname(page), h)) for h in hrefs if ":" not in h}


def test_every_good_seed_is_on_its_pages_and_every_bad_one_is_named(
    site: SiteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    good = {f"good-{i}.txt": site.seed(f"good-{i}.txt", story(*s)) for i, s in enumerate(STORIES)}
    good["cyrillic.txt"] = site.seed("cyrillic.txt", " date 2020-12-16 Новости\n\nАстана.\n".encode("cp1251"))
    bad = [site.seed(f"bad-{i}.txt", data) for i, (_, data, _) in enumerate(REFUSED)]

    assert site.run() == 1
    out, err = capsys.readouterr()
    assert f"imported {len(good)}, unchanged 0, skipped {len(bad)} with errors" in out
    for path in bad:
        assert re.search(rf"^{re.escape(str(path))}: \S", err, re.M), path

    article_pages = {p.relative_to(site.output).as_posix() for p in site.output.glob("[0-9]*/*/*/*/index.html")}
    assert len(article_pages) == len(good)
    tagged = 0
    for name in good:
        [md] = [p for p in site.articles() if (content.seed_of(p) or ("",))[0] == name]
        fm, _ = content.parse(md.read_text(encoding="utf-8"))
        page = f"{fm['date']:%Y/%m/%d}/{md.stem}/index.html"
        assert page in article_pages, name
        html = site.page(page)
        day = f"{fm['date']:%Y/%m/%d}/index.html"
        assert page in links(site.page(day), day), (name, day)
        tag_pages = {t for t in links(html, page) if t.startswith("tags/") and t != "tags/index.html"}
        assert len(tag_pages) == len(fm["tags"]), name
        for tag in tag_pages:
            assert page in links(site.page(tag), tag), (name, tag)
        tagged += len(tag_pages)
    assert tagged > len(good)  # the stories have tags: the tag pages were checked
