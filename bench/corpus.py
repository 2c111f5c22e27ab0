"""A deterministic synthetic corpus of seeds shaped like real wire texts.

Each seed: ` date YYYY-MM-DD <title>`, the title again, a dateline
(`ALMATY, Kazakhstan, March 4`), then 5–15 paragraphs, 1.5–4 KB in all, with
dates spread over 15 years. Countries, topics and agencies are drawn from
Zipf distributions, so a few tags gather many articles and many gather few,
as in a real archive. The words are made up from small lists here: no real
text is copied. Seed i depends only on (seed, i), so growing n keeps the
first seeds as they were and seed n is "the next one".
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path

START = dt.date(2010, 1, 1)
DAYS = 15 * 365  # dates over 15 years
SIZE = (1500, 3600)  # target bytes of text; with the head, the result stays within 1.5–4 KB
PARAGRAPHS = (5, 15)

# (country, a city in it), most frequent first
COUNTRIES = [
    ("Kazakhstan", "Almaty"), ("Russia", "Moscow"), ("China", "Beijing"), ("Azerbaijan", "Baku"),
    ("Turkey", "Ankara"), ("Uzbekistan", "Tashkent"), ("Iran", "Tehran"), ("Germany", "Berlin"),
    ("Japan", "Tokyo"), ("France", "Paris"), ("Georgia", "Tbilisi"), ("India", "New Delhi"),
    ("Brazil", "Brasilia"), ("Kyrgyzstan", "Bishkek"), ("Ukraine", "Kyiv"), ("Canada", "Ottawa"),
    ("Italy", "Rome"), ("Egypt", "Cairo"), ("Mexico", "Mexico City"), ("Poland", "Warsaw"),
    ("Turkmenistan", "Ashgabat"), ("Pakistan", "Islamabad"), ("Argentina", "Buenos Aires"),
    ("Indonesia", "Jakarta"), ("Nigeria", "Abuja"), ("Spain", "Madrid"), ("Kenya", "Nairobi"),
    ("Australia", "Canberra"), ("Tajikistan", "Dushanbe"), ("Mongolia", "Ulaanbaatar"),
    ("Armenia", "Yerevan"), ("Sweden", "Stockholm"), ("Norway", "Oslo"), ("Chile", "Santiago"),
    ("Peru", "Lima"), ("Vietnam", "Hanoi"), ("Thailand", "Bangkok"), ("Malaysia", "Kuala Lumpur"),
    ("Morocco", "Rabat"), ("Austria", "Vienna"), ("Hungary", "Budapest"), ("Greece", "Athens"),
    ("Portugal", "Lisbon"), ("Finland", "Helsinki"), ("Ireland", "Dublin"), ("Belgium", "Brussels"),
    ("Denmark", "Copenhagen"), ("Romania", "Bucharest"), ("Bulgaria", "Sofia"), ("Serbia", "Belgrade"),
    ("Latvia", "Riga"), ("Lithuania", "Vilnius"), ("Estonia", "Tallinn"), ("Belarus", "Minsk"),
    ("Moldova", "Chisinau"), ("Qatar", "Doha"), ("Oman", "Muscat"), ("Kuwait", "Kuwait City"),
    ("Jordan", "Amman"), ("Tunisia", "Tunis"), ("Ghana", "Accra"), ("Ethiopia", "Addis Ababa"),
    ("Colombia", "Bogota"), ("Venezuela", "Caracas"), ("Ecuador", "Quito"), ("Uruguay", "Montevideo"),
    ("Cuba", "Havana"), ("Iceland", "Reykjavik"), ("Nepal", "Kathmandu"), ("Laos", "Vientiane"),
]  # fmt: skip

# topic: words that signal it (the importer's vocabulary finds the topic from them), most frequent first
TOPICS = [
    ("oil", ["oil", "crude", "barrels", "refinery", "petroleum"]),
    ("trade", ["trade", "exports", "imports", "tariffs", "customs"]),
    ("economy", ["economy", "inflation", "budget", "growth", "deficit"]),
    ("banking", ["bank", "loans", "credit", "deposits", "lenders"]),
    ("energy", ["electricity", "power plant", "coal", "solar", "energy"]),
    ("diplomacy", ["delegation", "talks", "cooperation", "ambassador", "summit"]),
    ("transport", ["railway", "airport", "freight", "shipping", "flights"]),
    ("agriculture", ["wheat", "grain", "harvest", "farmers", "cotton"]),
    ("metals", ["copper", "gold", "steel", "aluminium", "zinc"]),
    ("gas", ["natural gas", "gas pipeline", "LNG", "gas exports", "gas field"]),
    ("markets", ["shares", "stock exchange", "securities", "traders", "stocks"]),
    ("currencies", ["currency", "exchange rate", "devaluation", "dollar", "forex"]),
    ("politics", ["parliament", "election", "coalition", "referendum", "voters"]),
    ("telecoms", ["internet", "mobile phones", "telecom operators", "broadband", "telephone"]),
    ("space", ["satellite", "rocket", "orbit", "cosmodrome", "aerospace"]),
    ("mining", ["mining", "ore", "mines", "miners", "exploration"]),
]

AGENCIES = ["Trend", "Kazinform", "Xinhua", "Anadolu", "Interfax", "Kabar", "Tasnim", "AKIpress"]

MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]

# made-up but plausible filler, to reach a paragraph's length
SUBJECTS = ["The ministry", "Officials", "The government", "Analysts", "The company", "The committee",
            "Experts", "The agency", "Local authorities", "The operator", "Investors", "The department"]  # fmt: skip
VERBS = ["expects", "reported", "announced", "estimated", "confirmed", "noted", "forecast", "said"]
PHRASES = [
    "a rise of {pct} percent in {kw} compared with the same period last year",
    "that {kw} would reach {num} million by the end of the year",
    "new rules on {kw} to take effect from {month}",
    "a drop of {pct} percent in {kw} in the first quarter",
    "that the programme on {kw} was on schedule",
    "plans to invest {num} million dollars in {kw}",
    "that talks with {other} on {kw} would continue next month",
    "a joint project with {other} covering {kw}",
    "that demand for {kw} in {country} remained strong",
    "the results of a review of {kw} carried out in {month}",
]
TITLES = [
    "{country} {kw} up {pct} pct in {month}",
    "{country}, {other} discuss {kw}",
    "{country} plans new {kw} projects",
    "{country} {kw} falls {pct} pct",
    "{other} delegation visits {country} for {kw} talks",
    "{country} to expand {kw} with {other}",
]


def _zipf(k: int, s: float = 1.1) -> list[float]:
    """Cumulative Zipf weights for ranks 1..k."""
    return list(accumulate(1 / r**s for r in range(1, k + 1)))


_COUNTRY_W = _zipf(len(COUNTRIES))
_TOPIC_W = _zipf(len(TOPICS))
_AGENCY_W = _zipf(len(AGENCIES), 1.5)


def seed_name(i: int) -> str:
    return f"{i:06d}.txt"


def seed_text(i: int, seed: int = 1, date: dt.date | None = None) -> str:
    """The text of seed number i: the same for the same (i, seed), everywhere; date overrides its date."""
    rng = random.Random(f"newsarchive-bench:{seed}:{i}")
    drawn = START + dt.timedelta(days=rng.randrange(DAYS))
    date = date or drawn
    (country, city), (other, _) = rng.choices(COUNTRIES, cum_weights=_COUNTRY_W, k=2)
    if other == country:
        other = COUNTRIES[(COUNTRIES.index((country, city)) + 1) % len(COUNTRIES)][0]
    topics = rng.choices(TOPICS, cum_weights=_TOPIC_W, k=2)
    agency = rng.choices(AGENCIES, cum_weights=_AGENCY_W)[0]
    month = MONTHS[date.month - 1]

    def fill(template: str) -> str:
        words = topics[0][1] if rng.random() < 0.7 else topics[1][1]
        return template.format(
            country=country,
            other=other,
            kw=rng.choice(words),
            pct=rng.randint(2, 40),
            num=rng.randint(5, 900),
            month=rng.choice(MONTHS).rstrip("."),
        )

    title = fill(rng.choice(TITLES))
    dateline = f"{city.upper()}, {country}, {month} {date.day}"
    target = rng.randint(*SIZE)
    count = rng.randint(*PARAGRAPHS)
    paragraphs: list[str] = []
    size = 0
    for p in range(count):  # sentences until the running size reaches this paragraph's share of the target
        sentences: list[str] = []
        if p == 0:
            sentences.append(f"{country} {rng.choice(VERBS)} {fill(rng.choice(PHRASES))}, {agency} reports.")
        while not sentences or size < target * (p + 1) // count:
            sentences.append(f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {fill(rng.choice(PHRASES))}.")
            size += len(sentences[-1]) + 1
        paragraphs.append(" ".join(sentences))
    head = f" date {date.isoformat()} {title}\n\n{title}\n\n{dateline}\n\n"
    return head + "\n\n".join(paragraphs) + "\n"


def generate(n: int, start: int = 0, seed: int = 1, newest: bool = False) -> Iterator[tuple[str, str]]:
    """(file name, text) of seeds start .. start+n-1; newest: dated one a day after the corpus's last day."""
    for i in range(start, start + n):
        date = START + dt.timedelta(days=DAYS + i - start) if newest else None
        yield seed_name(i), seed_text(i, seed, date)


def write(folder: Path, n: int, start: int = 0, seed: int = 1, newest: bool = False) -> list[Path]:
    """Write seeds start .. start+n-1 into folder; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in generate(n, start, seed, newest):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
