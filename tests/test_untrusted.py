"""Untrusted seeds: a bad one is named as `path: reason` and skipped while the rest import
and build; odd encodings are decoded and the warning says how; --strict writes nothing."""

from __future__ import annotations

import os
import random
import re
import tracemalloc

import pytest

from newsarchive import content
from newsarchive.seeds import HEAD_MAX, MAX_SEED_BYTES
from newsarchive.tags import SLUG_MAX

from .conftest import SiteDir

GOOD = (
    " date 2021-03-04 Kazakhstan opens a new railway\n\nASTANA, Kazakhstan, March 4\n\nThe line opened on Thursday.\n"
)
GOOD_PAGE = "2021/03/04/kazakhstan-opens-a-new-railway/index.html"


def seed(title: str = "Gas output rises", body: str = "Output rose by five percent.", date: str = "2020-01-02") -> str:
    return f" date {date} {title}\n\n{title}\n\nBAKU, Azerbaijan, Jan. 2\n\n{body}\n"


REFUSED = [  # (case, seed bytes, the reason given)
    ("empty", b"", "empty file"),
    ("blank lines only", b"\n \n\t\r\n", "empty file"),
    ("only a date line", b" date 2020-01-02\n", "no body"),
    ("a date line and a title", b" date 2020-01-02 Gas output rises\n", "no body"),
    ("no date line", b"Gas output rises\n\nOutput rose.\n", "no date line"),
    ("month 13, day 45", seed(date="2020-13-45").encode(), "impossible date '2020-13-45'"),
    ("year, month and day zero", seed(date="0000-00-00").encode(), "impossible date '0000-00-00'"),
    ("February 30", seed(date="2020-02-30").encode(), "impossible date '2020-02-30'"),
    ("not ISO 8601", seed(date="02/01/2020").encode(), "bad date '02/01/2020'"),
    ("digits of another script", seed(date="٢٠٢٠-٠١-٠٢").encode(), "bad date"),
    ("far in the future", seed(date="2999-01-01").encode(), "date '2999-01-01' is in the future"),
    ("before 1800", seed(date="1066-10-14").encode(), "implausible date"),
    ("binary data", random.Random(6).randbytes(4096), "binary data"),
    ("control bytes, no NUL", bytes(range(1, 32)) * 40, "binary data (1,080 control bytes)"),
    ("a NUL byte in text", seed(body="Output\x00 rose.").encode(), "binary data (a NUL byte at offset 85)"),
    ("UTF-16 BOM, broken text", b"\xff\xfe" + " date".encode("utf-16-le") + b"\x00\xd8", "not valid UTF-16-LE"),
]


@pytest.mark.parametrize(("data", "reason"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_bad_seed_is_named_with_a_reason_and_the_rest_still_import(
    site: SiteDir, capsys: pytest.CaptureFixture[str], data: bytes, reason: str
) -> None:
    site.seed("good.txt", GOOD)
    bad = site.seed("bad.txt", data)
    assert site.run() == 1  # something was skipped
    err = capsys.readouterr().err
    [line] = [line for line in err.splitlines() if "bad.txt" in line]
    assert line.startswith(f"{bad}: ") and reason in line
    assert "Traceback" not in err
    assert len(site.articles()) == 1
    assert (site.output / GOOD_PAGE).is_file()


ACCEPTED = [  # (case, seed bytes, the warning it gets or None, text its page must show)
    (
        "Windows-1251 (Cyrillic)",
        " date 2020-01-02 Новости Казахстана\n\nАстана приняла делегацию из Ташкента.\n".encode("cp1251"),
        "not UTF-8: read as Windows-1251 (Cyrillic)",
        "Астана приняла делегацию из Ташкента.",
    ),
    (
        "Windows-1251 with an undefined byte",
        " date 2020-01-02 Новости\n\nАстана приняла делегацию ".encode("cp1251") + b"\x98.\n",
        "read as Windows-1251",
        "Астана приняла делегацию \ufffd.",
    ),
    (
        "Latin-1",
        " date 2020-01-02 Café opens in Zürich\n\nThe café opened on Thursday.\n".encode("latin-1"),
        "not UTF-8: read as Windows-1252 (Latin-1)",
        "Café opens in Zürich",
    ),
    (
        "Windows-1252 quotes and dashes",
        seed(body="“Output” rose – by 5%.").encode("cp1252"),
        "read as Windows-1252",
        "“Output” rose – by 5%.",
    ),
    (
        "UTF-8 with one invalid byte",
        seed(body="Café déjà vu in Zürich.").encode().replace("Zü".encode(), b"Z\xfc"),
        "invalid UTF-8: 1 bad byte sequence shown as U+FFFD",
        "Café déjà vu in Z\ufffdrich.",
    ),
    ("UTF-16 with a BOM", seed().encode("utf-16"), "read as UTF-16-LE", "Output rose by five percent."),
    ("UTF-8 with a BOM", b"\xef\xbb\xbf" + seed().encode(), None, "Output rose by five percent."),
    ("a 100,000-character line", seed(body="word " * 20_000).encode(), None, ("word " * 20_000).strip()),
    (
        "a 100,000-character first line",
        (" date 2020-01-02 " + "Long text. " * 9_100).encode(),
        f"first line is {len('Long text. ' * 9_100) - 1:,} characters: read as text",
        ("Long text. " * 9_100).strip(),
    ),
    ("a 2,000-character title", seed(title="Gas " * 500).encode(), None, ("Gas " * 500).strip()),
]


@pytest.mark.parametrize(("data", "warning", "shown"), [c[1:] for c in ACCEPTED], ids=[c[0] for c in ACCEPTED])
def test_odd_seed_imports_and_the_warning_says_what_was_assumed(
    site: SiteDir, capsys: pytest.CaptureFixture[str], data: bytes, warning: str | None, shown: str
) -> None:
    site.seed("good.txt", GOOD)
    odd = site.seed("odd.txt", data)
    assert site.run() == 0  # imported: a warning is not a skip
    err = capsys.readouterr().err
    warnings = [line for line in err.splitlines() if "odd.txt" in line]
    if warning is None:
        assert warnings == []
    else:
        [line] = warnings
        assert line.startswith(f"warning: {odd}: ") and warning in line
    [article] = [p for p in site.articles() if content.seed_of(p)[0] == "odd.txt"]  # type: ignore[index]
    assert len(article.stem) <= SLUG_MAX and re.fullmatch(r"[a-z0-9-]+", article.stem)
    page = (site.output / article.relative_to(site.content).with_suffix("") / "index.html").read_text()
    assert shown in page
    assert (site.output / GOOD_PAGE).is_file()


def test_long_title_keeps_all_its_text_and_gets_a_short_slug(site: SiteDir) -> None:
    title = "Kazakhstan <b>&amp;</b> " + " ".join(f"word{i}" for i in range(300))  # over 2,000 characters
    assert len(title) > 2_000
    site.seed("long.txt", seed(title=title))
    assert site.run() == 0
    [article] = site.articles()
    assert article.stem == "kazakhstan-b-amp-b-word0-word1-word2-word3-word4-word5-word6-word7-word8-word9"
    assert content.parse(article.read_text())[0]["title"] == title
    page = (site.output / "2020/01/02" / article.stem / "index.html").read_text()
    assert f"<h1>{title.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')}</h1>" in page


def test_first_line_over_the_limit_is_text_and_the_title_is_derived(site: SiteDir) -> None:
    line = "Output rose in Baku. " * (HEAD_MAX // 20)
    site.seed("x.txt", f" date 2020-01-02 {line}\n\nMore text.\n")
    assert site.run() == 0
    fm, body = content.parse(site.articles()[0].read_text())
    assert (fm["title"], fm["title_derived"]) == ("Output rose in Baku", True)
    assert body.startswith(line.strip())


def test_20_mb_seed_is_refused_without_being_read(site: SiteDir, capsys: pytest.CaptureFixture[str]) -> None:
    site.seed("good.txt", GOOD)
    big = site.seed("big.txt", seed())
    with big.open("r+b") as f:
        f.truncate(20 * 2**20)  # sparse: 20 MiB on paper
    tracemalloc.start()
    try:
        status = site.run("import")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert status == 1
    assert f"{big}: too large (20.0 MiB; the limit is 1 MiB)" in capsys.readouterr().err
    assert peak < 4 * MAX_SEED_BYTES  # read up to the limit, not the 20 MiB
    assert len(site.articles()) == 1


@pytest.mark.slow
def test_50_000_seeds_in_one_folder(site: SiteDir, capsys: pytest.CaptureFixture[str]) -> None:
    n = 50_000
    for i in range(n):
        if i % 1000 == 999:
            site.seed(f"{i:05d}.txt", "")
        else:
            site.seed(f"{i:05d}.txt", seed(f"Story {i}", f"Word{i} rose.", f"20{i % 20:02d}-{i % 12 + 1:02d}-01"))
    assert site.run("-q", "import") == 1
    out, err = capsys.readouterr()
    assert f"imported {n - 50}, unchanged 0, skipped 50 with errors" in out
    assert sorted(line.split(":")[0] for line in err.splitlines()) == [
        str(site.seeds / f"{i:05d}.txt") for i in range(999, n, 1000)
    ]
    assert len(site.articles()) == n - 50
    assert site.run("-q", "import") == 1
    assert f"imported 0, unchanged {n - 50}, skipped 50 with errors" in capsys.readouterr().out


def test_strict_writes_nothing_when_any_seed_is_bad(site: SiteDir, capsys: pytest.CaptureFixture[str]) -> None:
    site.seed("good.txt", GOOD)
    bad = site.seed("bad.txt", seed(date="2020-13-45"))
    assert site.run("--strict") == 1
    err = capsys.readouterr().err
    assert f"{bad}: impossible date" in err and "--strict: nothing imported (1 error, 0 warnings)" in err
    assert not site.content.exists() and not site.output.exists()

    bad.unlink()
    assert site.run("--strict") == 0  # all good: imported and built
    before = site.snapshot()
    site.seed("good.txt", GOOD.replace("Thursday", "Friday"))  # an update waiting
    site.seed("new.txt", seed())
    bad = site.seed("cyrillic.txt", " date 2020-01-02 Новости\n\nАстана.\n".encode("cp1251"))  # only a warning
    assert site.run("import", "--strict") == 1
    assert f"warning: {bad}: not UTF-8" in capsys.readouterr().err
    assert site.snapshot() == before  # content/ and output/ untouched
    assert site.run("import") == 0 and len(site.articles()) == 3  # without --strict all three go in


def test_seed_whose_file_name_is_not_utf8_is_named_and_skipped(
    site: SiteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    site.seed("good.txt", GOOD)
    odd = site.seeds / os.fsdecode(b"caf\xe9.txt")
    odd.write_text(seed())
    assert site.run() == 1
    assert f"{site.seeds}/caf\\xe9.txt: file name is not valid UTF-8: rename the file" in capsys.readouterr().err
    assert len(site.articles()) == 1


def test_many_seeds_with_one_title_on_one_day_get_numbered_names(site: SiteDir) -> None:
    for i in range(300):
        site.seed(f"{i:03d}.txt", seed("Market report", f"Prices rose {i} percent."))
    assert site.run("import") == 0
    names = {p.name for p in site.articles()}
    assert names == {"market-report.md", *(f"market-report-{n}.md" for n in range(2, 301))}
