"""Synthetic seeds for tests that need many articles: deterministic, from a seeded RNG."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

CITIES = [
    ("ASTANA", "Kazakhstan"),
    ("TASHKENT", "Uzbekistan"),
    ("BAKU", "Azerbaijan"),
    ("BISHKEK", "Kyrgyzstan"),
    ("TBILISI", "Georgia"),
    ("ANKARA", "Turkey"),
    ("TEHRAN", "Iran"),
    ("MOSCOW", "Russia"),
]
SUBJECTS = ["oil output", "the wheat harvest", "a rail link", "bank lending", "gas exports", "a new airport"]
VERBS = ["rose", "fell", "grew", "slowed", "doubled", "recovered"]
WORDS = (
    "the ministry said on Tuesday that officials expect further talks with partners in the region "
    "about trade transport energy prices investment and cooperation over the coming months"
).split()
MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]


def seed_text(rng: random.Random, day: dt.date, n: int) -> str:
    """One seed: date line, title, dateline, two or three paragraphs."""
    city, country = rng.choice(CITIES)
    other = rng.choice([c for _, c in CITIES if c != country])
    title = f"{country} reports {rng.choice(SUBJECTS)} {rng.choice(VERBS)} in story {n}"
    paragraphs = [f"{country} and {other} said {rng.choice(SUBJECTS)} {rng.choice(VERBS)}, Trend reports."]
    for _ in range(rng.randint(1, 2)):
        paragraphs.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 60))).capitalize() + ".")
    dateline = f"{city}, {country}, {MONTHS[day.month - 1]} {day.day}"
    return f" date {day:%Y-%m-%d} {title}\n\n{title}\n\n{dateline}\n\n" + "\n\n".join(paragraphs) + "\n"


def write_seeds(folder: Path, count: int, rng: random.Random, start: int = 0) -> list[Path]:
    """`count` seeds `s00000.txt` … over 2018–2021, numbered from `start`."""
    folder.mkdir(parents=True, exist_ok=True)
    first = dt.date(2018, 1, 1)
    paths = []
    for n in range(start, start + count):
        day = first + dt.timedelta(days=rng.randrange(4 * 365))
        path = folder / f"s{n:05d}.txt"
        path.write_text(seed_text(rng, day, n), encoding="utf-8")
        paths.append(path)
    return paths
