"""Property tests over arbitrary seed text: it imports or is refused with a reason, never a
traceback; what imports shows every word of its body on its page, escaped; and
import → build → re-import changes nothing."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from newsarchive import content
from newsarchive.cli import main
from newsarchive.importer import import_seeds
from newsarchive.seeds import parse_seed

from .test_untrusted_markup import parse

# Characters seeds are made of, weighted towards the ones that mean something to Markdown,
# HTML, YAML or the seed format, odd spaces and line ends; control bytes only in some.
MARKUP = "<>&\"'`*_[](){}!#+-=|\\/:;.,?%~@^$ \t\xa0\u2028\u2029\ufeff\u200b\ufffd"
CONTROLS = "\x00\x01\x0b\x0c\x1b\x7f\x85\r"
LETTERS = "abcXYZ019éßжЖ中🙂"
GOOD_DATES = ["2020-01-02", "1987-03-03"]
BAD_DATES = ["2020-02-30", "0000-00-00", "2999-01-01", "20-1-1", ""]


def words(controls: bool) -> st.SearchStrategy[str]:
    chars = MARKUP + LETTERS * 3 + (CONTROLS if controls else "")
    return st.text(alphabet=st.sampled_from(chars), min_size=1, max_size=12)


@st.composite
def seeds(draw: st.DrawFn, importable: bool = False) -> bytes:
    """Seed-shaped text (a date line, title, dateline, paragraphs) with anything in each part;
    `importable`: a real date, no control bytes and a paragraph, so that it mostly imports."""
    controls = not importable and draw(st.booleans())
    spaces = st.sampled_from([" ", " ", "    "])  # runs of spaces make tables
    line = st.tuples(spaces, st.lists(words(controls), min_size=1, max_size=8)).map(lambda t: t[0].join(t[1]))
    paragraph = st.lists(line, min_size=1, max_size=3).map("\n".join)
    dates = GOOD_DATES if importable else GOOD_DATES + BAD_DATES
    title = draw(line)
    parts = [f"{draw(st.sampled_from(['', ' ', '   ']))}date {draw(st.sampled_from(dates))} {title}"]
    if draw(st.booleans()):
        parts.append(title)
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(["BAKU, Azerbaijan, Jan. 2", "ASTANA. KAZINFORM -", "(Reuters) -"])))
    parts += draw(st.lists(paragraph, min_size=1 if importable else 0, max_size=5))
    raw = draw(st.sampled_from(["\n\n", "\r\n\r\n", "\n \n", "\n"])).join(parts)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1251", "latin-1"]))
    return raw.encode(encoding, errors="replace")


SEEDS = seeds() | st.binary(max_size=300) | st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass"))


@settings(
    max_examples=int(os.environ.get("PROPERTY_EXAMPLES", 300)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(SEEDS)
def test_any_seed_imports_or_is_refused_with_a_reason(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.txt"
        path.write_bytes(data)
        report = import_seeds([path], Path(tmp) / "content")
    event("imported" if report.imported else report.errors[0].split(": ", 1)[1][:14])
    assert len(report.imported) + len(report.errors) == 1
    for error in report.errors:
        assert error.startswith(f"{path}: ") and len(error) > len(f"{path}: ")
        assert "could not be imported (" not in error  # the guard against bugs never fired


@settings(
    max_examples=int(os.environ.get("PROPERTY_EXAMPLES", 25)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(seeds(importable=True))
def test_what_imports_shows_every_word_on_its_page_and_reimports_to_the_same(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        (site / "seeds").mkdir()
        (site / "seeds" / "s.txt").write_bytes(data)
        status = main(["--site", str(site), "-q"])
        articles = sorted((site / "content").rglob("*.md"))
        event("imported" if articles else "refused")
        if not articles:
            assert status == 1
            return
        assert status == 0
        [article] = articles
        seed = parse_seed(data, "s.txt")
        text = article.read_text(encoding="utf-8")
        fm, _ = content.parse(text)
        page = parse(
            (site / "output" / article.relative_to(site / "content").with_suffix("") / "index.html").read_text()
        )

        assert page.text["h1"] == fm["title"]
        shown = page.text["body"]
        for paragraph in seed.paragraphs:
            for w in paragraph.split():
                assert w in shown
        assert set(page.body_tags) <= {"p", "pre", "code"}  # text, never markup

        before = {p: p.read_bytes() for p in articles}
        assert main(["--site", str(site), "-q", "import"]) == 0
        assert {p: p.read_bytes() for p in sorted((site / "content").rglob("*.md"))} == before
        block = fm.pop("seed")  # the file, read and written again, is the same file
        fm["seed"] = {"file": block["file"], "sha256": block["sha256"]}
        assert content.render_file(fm, content.body_of(text)) == text
