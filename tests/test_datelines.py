import datetime as dt
import marshal
from pathlib import Path

import pytest

from newsarchive.datelines import dateline_date, parse_dateline, split_dateline


@pytest.mark.parametrize(
    ("block", "head", "rest"),
    [
        ("BAKU, Azerbaijan, Dec. 15", "BAKU, Azerbaijan, Dec. 15", ""),  # Trend
        ("ALMATY, Kazakhstan, Jan. 5 (Trend)", "ALMATY, Kazakhstan, Jan. 5 (Trend)", ""),
        ("CALGARY, Alberta, March 3 -", "CALGARY, Alberta, March 3 -", ""),  # Reuters
        ("Santiago, march 6 -", "Santiago, march 6 -", ""),
        ("NEW YORK, Narch 2 -", "NEW YORK, Narch 2 -", ""),  # a typo in the month
        ("ASTANA. KAZINFORM –", "ASTANA. KAZINFORM –", ""),  # Kazinform
        ("NUR-SULTAN. KAZINFORM - The President met ...", "NUR-SULTAN. KAZINFORM -", "The President met ..."),
        ("TASHKENT, Uzbekistan (AP) — Officials said", "TASHKENT, Uzbekistan (AP) —", "Officials said"),
        ("(Reuters) - Oil prices rose", "(Reuters) -", "Oil prices rose"),
        ("LONDON", "LONDON", ""),  # a city alone
    ],
)
def test_split_styles(block: str, head: str, rest: str) -> None:
    assert split_dateline(block) == (head, rest)


def test_an_ordinary_sentence_is_not_a_dateline() -> None:
    assert split_dateline("Washington, March 3 was a quiet day for markets.") is None


@pytest.mark.parametrize(
    ("text", "place", "month", "day", "agency"),
    [
        ("BAKU, Azerbaijan, Dec. 15", ("BAKU", "Azerbaijan"), 12, 15, None),
        ("CALGARY, Alberta, March 3 -", ("CALGARY", "Alberta"), 3, 3, None),
        ("Santiago, march 6 -", ("Santiago",), 3, 6, None),
        ("NEW YORK, Narch 2 -", ("NEW YORK",), None, None, None),
        ("ASTANA. KAZINFORM –", ("ASTANA",), None, None, "KAZINFORM"),
        ("TASHKENT, Uzbekistan (AP) —", ("TASHKENT", "Uzbekistan"), None, None, "AP"),
        ("(Reuters) -", (), None, None, "Reuters"),
        ("ALMATY, Kazakhstan, Jan. 5 (Trend)", ("ALMATY", "Kazakhstan"), 1, 5, "Trend"),
    ],
)
def test_parse(text: str, place: tuple[str, ...], month: int | None, day: int | None, agency: str | None) -> None:
    d = parse_dateline(text)
    assert (d.place, d.month, d.day, d.agency) == (place, month, day, agency)


def test_dateline_date_takes_the_year_from_the_date() -> None:
    assert dateline_date(parse_dateline("BAKU, Azerbaijan, Dec. 15"), dt.date(2020, 12, 15)) == dt.date(2020, 12, 15)
    # a day off, across the new year
    assert dateline_date(parse_dateline("LONDON, Dec 31 -"), dt.date(1988, 1, 1)) == dt.date(1987, 12, 31)
    assert dateline_date(parse_dateline("NEW YORK, Narch 2 -"), dt.date(1987, 3, 2)) is None
    assert dateline_date(parse_dateline("LONDON, Feb 30 -"), dt.date(1987, 3, 1)) is None


def test_the_gazetteer_index_is_kept_between_runs(tmp_path: Path) -> None:
    """Built once (half a second), then loaded from the site's .cache by the next import."""
    from newsarchive import gazetteer, kept

    kept.keep_in(tmp_path)
    gazetteer._index.cache_clear()
    try:
        built = gazetteer._index()
        [index_file] = tmp_path.glob("gazetteer-*.marshal")
        gazetteer._index.cache_clear()
        assert gazetteer._index() == built
        assert gazetteer.lookup("Peking").country == "CN"
        # What the next run finds in the file is what it uses (here a made-up city, to tell).
        index_file.write_bytes(marshal.dumps(({"atlantis": [(-1, "GR", "Atlantis")]}, {})))
        gazetteer._index.cache_clear()
        assert gazetteer.lookup("ATLANTIS").country == "GR"
    finally:
        kept._folder.clear()
        gazetteer._index.cache_clear()
