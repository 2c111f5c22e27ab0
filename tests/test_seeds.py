"""The seed parser: every variant real seeds come in, and the ones that must be refused."""

from __future__ import annotations

import datetime as dt

import pytest

from newsarchive.seeds import TITLE_MAX, Seed, SeedError, parse_seed, read_seed

from .conftest import ORIGINAL_SEED

EXPECTED = ("Gas output rises", "BAKU, Azerbaijan, Jan. 2", ("One.", "Two."))


def parse(text: str | bytes) -> Seed:
    return parse_seed(text.encode("utf-8") if isinstance(text, str) else text, "x.txt")


def test_original_seed() -> None:
    seed = read_seed(ORIGINAL_SEED)
    assert seed.date == dt.date(2020, 12, 15)
    assert seed.title == "Kazakhstan, Uzbekistan developing co-op in space field"
    assert not seed.title_derived
    assert seed.dateline == "BAKU, Azerbaijan, Dec. 15"
    assert len(seed.paragraphs) == 10
    assert seed.paragraphs[0].startswith("A delegation of the Agency of Space Research")
    assert seed.paragraphs[-1].startswith("KazCosmos enterprises")


def test_repeated_title_missing() -> None:
    seed = parse(" date 2020-01-02 Gas output rises\n\nBAKU, Azerbaijan, Jan. 2\n\nOne.\n\nTwo.\n")
    assert (seed.title, seed.dateline, seed.paragraphs) == EXPECTED


def test_dateline_missing() -> None:
    seed = parse(" date 2020-01-02 Gas output rises\n\nGas output rises\n\nOne.\n\nTwo.\n")
    assert (seed.title, seed.dateline, seed.paragraphs) == ("Gas output rises", None, ("One.", "Two."))


def test_crlf_bom_trailing_spaces_blank_runs_and_nbsp() -> None:
    text = (
        "\ufeff date 2020-01-02 Gas\u00a0output rises  \r\n\r\n\r\n\r\nGas output rises \r\n\r\n"
        "BAKU,\u00a0Azerbaijan, Jan. 2\t\r\n\r\n\r\n\r\nOne\u00a0para. \r\n\r\nTwo.\r\n"
    )
    seed = parse(text)
    assert seed.title == "Gas output rises"
    assert seed.dateline == "BAKU, Azerbaijan, Jan. 2"
    assert seed.paragraphs == ("One para.", "Two.")


def test_indented_lines() -> None:
    seed = parse(
        "   date 2020-01-02 Gas output rises\n\n   Gas output rises\n\n"
        "  BAKU, Azerbaijan, Jan. 2\n\n    One.\n\n   Two.\n"
    )
    assert (seed.title, seed.dateline, seed.paragraphs) == EXPECTED


def test_language_marker_takes_title_from_next_line() -> None:
    seed = parse(" date 2022-05-09 EN\n\nUzbekistan opens new rail link\n\nTASHKENT, Uzbekistan, May 9\n\nIt opened.\n")
    assert seed.language == "en"
    assert seed.title == "Uzbekistan opens new rail link"
    assert seed.dateline == "TASHKENT, Uzbekistan, May 9"
    assert seed.paragraphs == ("It opened.",)


def test_no_title_dateline_running_into_first_paragraph() -> None:
    seed = parse(
        " date 2016-04-15 TASHKENT. KAZINFORM - The Presidents of Uzbekistan and Kazakhstan met in Tashkent"
        " on Friday. They discussed trade and water.\n\nA second paragraph.\n"
    )
    assert seed.title_derived
    assert seed.title == "The Presidents of Uzbekistan and Kazakhstan met in Tashkent on Friday"
    assert seed.dateline == "TASHKENT. KAZINFORM -"
    assert seed.paragraphs[0].startswith("The Presidents of Uzbekistan")
    assert seed.paragraphs[1] == "A second paragraph."


def test_derived_title_is_cut_at_a_word_boundary() -> None:
    sentence = "The " + " ".join(f"word{i}" for i in range(60)) + " ended"
    seed = parse(f" date 2016-04-15 ASTANA. KAZINFORM – {sentence}. Next sentence.\n")
    assert seed.title_derived and seed.title.endswith("…")
    assert len(seed.title) <= TITLE_MAX + 1
    assert seed.title[:-1] in sentence and sentence[len(seed.title) - 1] == " "


def test_web_page_remnants_never_become_title_dateline_or_text() -> None:
    seed = parse(
        " date 2019-11-16 EN\n\n"
        "Home » Business » Economy\n\n"
        "Uzbekistan raises gas output\n\n"
        "16 November 2019 18:48 (UTC+04:00)\n\n"
        "By Trend\n\n"
        "BAKU, Azerbaijan, Nov. 16\n\n"
        "Photo: Trend\n\n"
        "Uzbekistan increased its natural gas output by 5 percent in the\n"
        "first ten months of the year, the state statistics committee said\n"
        "on Saturday.\n\n"
        "16:55, 20 March 2019 | GMT +6\n\n"
        "By the end of the year output will grow further, officials said.\n"
    )
    assert seed.title == "Uzbekistan raises gas output"
    assert seed.dateline == "BAKU, Azerbaijan, Nov. 16"
    assert seed.paragraphs == (
        "Uzbekistan increased its natural gas output by 5 percent in the first ten months of the year,"
        " the state statistics committee said on Saturday.",
        "By the end of the year output will grow further, officials said.",
    )


def test_all_caps_wire_title_and_dash_dateline() -> None:
    seed = parse(
        " date 1987-03-03 PANCANADIAN TO SELL BRITISH INTERESTS\n\nPANCANADIAN TO SELL BRITISH INTERESTS\n\n"
        "CALGARY, Alberta, March 3 -\n\n<PanCanadian Petroleum Ltd> said it agreed to sell.\n"
    )
    assert seed.title == "PANCANADIAN TO SELL BRITISH INTERESTS"
    assert seed.dateline == "CALGARY, Alberta, March 3 -"
    assert seed.paragraphs == ("<PanCanadian Petroleum Ltd> said it agreed to sell.",)


def test_tables_keep_their_lines() -> None:
    seed = parse(
        " date 1987-04-09 SUPPLY DETAILED\n\nSUPPLY DETAILED\n\nWashington, April 9 -\n\nProjections follow --\n\n"
        "   CORN --     1986/87            1985/86\n"
        "    Planted   76.7    76.7     83.4    83.4\n"
        "  Harvested   69.2    69.2     75.2    75.2\n"
    )
    assert seed.paragraphs[1].split("\n") == [
        " CORN --     1986/87            1985/86",
        "  Planted   76.7    76.7     83.4    83.4",
        "Harvested   69.2    69.2     75.2    75.2",
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"\n\n  \n", "empty file"),
        (b"Gas output rises\n\nOne.\n", "no date line"),
        (b" date 2020-02-30 Title\n\nOne.\n", "impossible date '2020-02-30'"),
        (b" date 2020-13-45 Title\n\nOne.\n", "impossible date"),
        (b" date 0000-00-00 Title\n\nOne.\n", "impossible date"),
        (b" date 20-1-1 Title\n\nOne.\n", "bad date '20-1-1'"),
        (b" date 2999-01-01 Title\n\nOne.\n", "in the future"),
        (b" date 2020-01-02 Title\n\nTitle\n\nBAKU, Azerbaijan, Jan. 2\n", "no body"),
        (b" date 2020-01-02 Title\n", "no body"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        (bytes(range(1, 32)) * 4, "binary data"),
    ],
)
def test_unreadable_seeds_are_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(SeedError) as e:
        parse_seed(data, "bad.txt", display="seeds/bad.txt")
    assert str(e.value).startswith("seeds/bad.txt: ")
    assert reason in e.value.reason


def test_latin1_seed_is_decoded_and_noted() -> None:
    seed = parse(" date 2020-01-02 Caf\xe9 opens\n\nThe caf\xe9 opened.\n".encode("latin-1"))
    assert seed.title == "Café opens"
    assert any("Windows-1252" in n for n in seed.notes)


def test_cyrillic_windows_1251_seed_is_decoded_and_noted() -> None:
    seed = parse(" date 2020-01-02 Новости Казахстана\n\nАстана приняла делегацию.\n".encode("cp1251"))
    assert seed.title == "Новости Казахстана"
    assert any("Windows-1251" in n for n in seed.notes)
