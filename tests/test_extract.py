import datetime as dt

import pytest

from newsarchive.extract import extract, location, readable_title
from newsarchive.seeds import Seed, parse_seed

SPACE_SEED = """\
 date 2020-12-15 Kazakhstan, Uzbekistan developing co-op in space field

Kazakhstan, Uzbekistan developing co-op in space field

BAKU, Azerbaijan, Dec. 15

A delegation of the Agency of Space Research and Technologies under the Cabinet of Ministers of the \
Republic of Uzbekistan (Uzbek space agency) paid a working visit to Kazakhstan, Trend reports referring \
to Kazinform news agency.

The Uzbek delegation visited space infrastructure facilities in Kazakhstan and met heads of the Aerospace \
Committee of the Ministry of Digital Development, Innovations and Aerospace Industry of the Republic of Kazakhstan.

A proposal was voiced to create a joint venture to render services of "Kazsat" satellite communication and \
broadcasting system in Uzbekistan.

A Protocol of Intent to develop cooperation in the field of space was signed between the Aerospace Committee \
and the Agency of Space Research and Technologies.

The delegation of the Uzbek space agency expressed hope for further cooperation with Kazakhstan in the space sector.

KazCosmos enterprises can receive Uzbek specialists for training.
"""


def seed(text: str) -> Seed:
    return parse_seed(text.encode(), "x.txt", today=dt.date(2030, 1, 1))


def wire(dateline: str, *paragraphs: str, title: str = "A TITLE", date: str = "1987-03-03") -> Seed:
    body = "\n\n".join(paragraphs)
    return seed(f" date {date} {title}\n\n{title}\n\n{dateline}\n\n{body}\n")


def test_the_space_seed() -> None:
    m = extract(seed(SPACE_SEED))
    assert m.location == {"city": "Baku", "country": "Azerbaijan"}
    assert (m.source, m.via) == ("Trend", "Kazinform")
    assert set(m.places) == {"Kazakhstan", "Uzbekistan"}  # relayed from Baku: not about Azerbaijan
    assert m.topics[0] == "space"
    assert {"Kazsat", "Uzbekcosmos", "Aerospace Committee"} <= set(m.organisations)


@pytest.mark.parametrize(
    ("paragraph", "dateline", "source", "via"),
    [
        ("The talks went well, Trend reports referring to Kazinform news agency.", None, "Trend", "Kazinform"),
        ("The talks went well, Trend reports citing Kazinform.", None, "Trend", "Kazinform"),
        ("The decree was signed, Kazinform cites the press service of Akorda.", None, "Kazinform", "Akorda"),
        ("Exports rose by a third, according to TASS.", None, None, "TASS"),
        ("Officials said exports rose.", "TASHKENT, Uzbekistan (AP) —", "AP", None),
        ("Exports rose, Reuters reported.", "ALMATY, Kazakhstan, Jan. 5 (Trend)", "Trend", "Reuters"),
        ("Oil prices rose.", "(Reuters) -", "Reuters", None),
    ],
)
def test_attribution(paragraph: str, dateline: str | None, source: str | None, via: str | None) -> None:
    m = extract(wire(dateline or "LONDON, March 3 -", paragraph))
    assert (m.source, m.via) == (source, via)


@pytest.mark.parametrize(
    ("dateline", "date", "context", "expected"),
    [
        ("BAKU, Azerbaijan, Dec. 15", None, "", {"city": "Baku", "country": "Azerbaijan"}),
        ("CALGARY, Alberta, March 3 -", None, "", {"city": "Calgary", "country": "Canada"}),
        ("CONWAY, Ark., Feb 26 -", None, "", {"city": "Conway", "country": "United States"}),
        ("NUR-SULTAN. KAZINFORM -", None, "", {"city": "Nur-Sultan", "country": "Kazakhstan"}),
        ("KUWAIT, April 13 -", None, "", {"city": "Kuwait", "country": "Kuwait"}),
        ("PERTH, April 13 -", None, "", {"city": "Perth", "country": "Australia"}),  # the gazetteer
        ("HAMILTON, March 19 -", None, "", {"city": "Hamilton", "country": "Canada"}),  # the largest
        ("HAMILTON, March 19 -", None, "Bermuda's insurers", {"city": "Hamilton", "country": "Bermuda"}),
        ("sioux falls, april 7 -", None, "", {"city": "Sioux Falls", "country": "United States"}),
        ("ME}LBOURNE, March 3 -", None, "", {"city": "Melbourne", "country": "Australia"}),
        ("SAN JOSE, April 23 -", None, "Costa Rica's coffee", {"city": "San Jose", "country": "Costa Rica"}),
        ("MOSCOW, March 3 -", dt.date(1987, 3, 3), "", {"city": "Moscow", "country": "Soviet Union"}),
        ("BONN, March 3 -", dt.date(1987, 3, 3), "", {"city": "Bonn", "country": "West Germany"}),
        ("MAR8 -", None, "", {}),
        ("(Reuters) -", None, "", {}),
    ],
)
def test_location(dateline: str, date: dt.date | None, context: str, expected: dict[str, str]) -> None:
    assert location(dateline, date, context) == expected


def test_places_names_short_forms_demonyms_and_capitals() -> None:
    m = extract(
        wire(
            "LONDON, March 3 -",
            "Britain and the U.S. agreed on Tuesday to cut tariffs on Uzbek cotton, officials said.",
            "Moscow said it would watch the talks. Moscow has objected before.",
            "Uzbek officials welcomed the deal, which Britain said was fair.",
            title="UK, U.S. AGREE ON COTTON",
            date="2021-03-03",
        )
    )
    assert set(m.places) == {"United Kingdom", "United States", "Uzbekistan", "Russia"}


def test_passing_mentions_currencies_and_meeting_places_are_not_places() -> None:
    m = extract(
        wire(
            "TOKYO, March 3 -",
            "Japanese exporters raised prices as the yen rose.",
            "The yen closed at 150 to the U.S. Dollar; a meeting in Paris is planned.",
            "One trader said a Swiss firm was buying.",
            title="JAPANESE EXPORT PRICES RISE",
        )
    )
    assert m.places == ("Japan",)


def test_historic_states_as_the_text_names_them() -> None:
    m = extract(
        wire(
            "BELGRADE, March 3 -",
            "West German and Soviet officials met Yugoslav ministers. West Germany said it would help.",
            title="WEST GERMANY, USSR DISCUSS YUGOSLAV DEBT",
        )
    )
    assert set(m.places) == {"West Germany", "Soviet Union", "Yugoslavia"}


def test_a_typo_in_the_dateline_does_not_break_import() -> None:
    m = extract(wire("NEW YORK, Narch 2 -", "Shares rose."))
    assert m.location == {"city": "New York", "country": "United States"}


@pytest.mark.parametrize(
    ("title", "readable"),
    [
        ("OPEC PRESIDENT SAYS OUTPUT WELL BELOW CEILING", "OPEC President Says Output Well Below Ceiling"),
        ("U.S. GDP RISES IN 4TH QTR", "U.S. GDP Rises in 4th Qtr"),
        ("KAZAKHSTAN, SCO AGREE ON TRADE", "Kazakhstan, SCO Agree on Trade"),
        ("CCX NETWORK <CCXN> SECONDARY OFFERING UNDERWAY", "Ccx Network <CCXN> Secondary Offering Underway"),
        ("Kazakhstan, Uzbekistan developing co-op", "Kazakhstan, Uzbekistan developing co-op"),
    ],
)
def test_readable_titles(title: str, readable: str) -> None:
    assert readable_title(title) == readable


def test_recased_title_keeps_the_original() -> None:
    m = extract(wire("LONDON, March 3 -", "Text.", title="OPEC MEETS"))
    assert (m.title, m.title_original) == ("OPEC Meets", "OPEC MEETS")


def test_title_case_keeps_tickers_glued_to_words() -> None:
    assert readable_title("DUFF/PHELPS CHANGES BAKER<BKO>, HUGHES<HT> DEBT") == (
        "Duff/Phelps Changes Baker<BKO>, Hughes<HT> Debt"
    )
