"""The rules that decide which countries a story is about (newsarchive/places.py, countries.py)."""

import datetime as dt

from newsarchive.places import places

OLD = dt.date(1987, 3, 3)


def test_countries_acting_together_in_a_list_are_each_a_place() -> None:
    found = places(
        "RAILWAY GETS AID",
        [
            "The state railway has secured aid for repairs, the minister said.",
            "Repairs start next month on the main line.",
            "Canada, Belgium, Sweden and Italy had contributed to the package, he said.",
        ],
        OLD,
    )
    assert set(found) == {"Canada", "Belgium", "Sweden", "Italy"}


def test_a_list_after_u_s_with_a_capital_letter_is_still_a_list() -> None:
    body = ["Talks went on.", "Officials met.", "Britain, the U.S. And Japan have agreed to cut tariffs."]
    assert set(places("TARIFF TALKS", body, OLD)) == {"United Kingdom", "United States", "Japan"}


def test_two_countries_acting_once_in_the_body_are_not_enough() -> None:
    found = places(
        "BANKS DIVIDED",
        ["Creditor banks were divided, a director said.", "Talks go on.", "Chile and Peru have agreed."],
        OLD,
    )
    assert found == ()


def test_when_nothing_stands_out_the_countries_of_the_lead_are_places() -> None:
    found = places(
        "CREDIT TERMS DETAILED",
        ["A credit facility for Somefirm SA, the French ski maker, carries a fee.", "Drawings start in May."],
        OLD,
    )
    assert found == ("France",)


def test_lead_countries_do_not_join_countries_that_stand_out() -> None:
    found = places(
        "GHANA COCOA PURCHASES SLOW",
        ["The board bought less cocoa than a French buyer expected.", "Purchases are ahead of last season."],
        OLD,
    )
    assert found == ("Ghana",)


def test_a_country_after_a_preposition_is_not_the_subject_of_the_verb() -> None:
    body = ["Banks met.", "Talks ended.", "The margin granted to Mexico was seen as a benchmark.", "Some cited Mexico."]
    assert places("DEBT TALKS", body, OLD) == ()
    owned = ["Banks met.", "Talks ended.", "They spoke of Mexico's debt.", "Some cited Mexico."]
    assert places("DEBT TALKS", owned, OLD) == ("Mexico",)


def test_a_possessive_that_ends_a_comparison_is_not_an_actor() -> None:
    body = ["Banks met.", "The terms are better than Chile's.", "Some bankers cited Chile."]
    assert places("DEBT TALKS", body, OLD) == ()


def test_compound_currencies_and_rates_are_not_places() -> None:
    cents = ["Rubber prices were steady.", *["The price is 201 Malaysian/Singapore cents a kilo."] * 3]
    assert places("RUBBER PACT ADOPTED", cents, OLD) == ()
    rates = [
        "Austrian banks are divided over a cut.",
        "A cut could follow if German rates dropped.",
        "West German interest rates are low.",
        "Cheaper West German bond yields also weigh.",
    ]
    assert places("AUSTRIAN BANKS DIVIDED OVER RATE CUT", rates, OLD) == ("Austria",)


def test_a_ship_flag_is_not_a_place() -> None:
    found = places(
        "RIVER BLOCKED FOR THREE WEEKS",
        ["It may take three weeks to lift the Swiss tug and its barge, which sank near Karlsruhe in West Germany."],
        OLD,
    )
    assert found == ("West Germany",)


def test_names_that_hold_a_country_but_are_not_about_it() -> None:
    found = places(
        "GATT TALKS",
        [
            "Ministers expect progress in the Uruguay Round, an official said.",
            "Bank of America and American Express said they had no comment.",
            "Bank of America has agreed to lend.",
        ],
        OLD,
    )
    assert found == ()


def test_states_of_their_day() -> None:
    lead = ["Palestinian guerrillas clashed with militia, and Eritrean rebels fought on, officials said."]
    assert places("FIGHTING GOES ON", lead, OLD) == ("Ethiopia",)
    assert set(places("FIGHTING GOES ON", lead, dt.date(2021, 3, 3))) == {"Palestine", "Eritrea"}


def test_a_word_two_states_share_goes_to_the_one_the_story_names() -> None:
    lead = ["North Korea said it welcomed contacts between Korean and U.S. diplomats."]
    assert places("TALKS WELCOMED", [*lead, "Korean officials said so."], OLD) == ("North Korea",)
    assert places("SHARES UP", ["Korean shares rose.", "Korean brokers said so."], OLD) == ("South Korea",)
    both = ["North Korea and South Korea met. Korean officials said so."]
    assert "South Korea" in places("TALKS", both, OLD)
