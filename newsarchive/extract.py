"""Seed → Metadata: what the text says about itself.

Location from the dateline, source and attribution, the countries the story
is about, the summary and a readable title. Each rule lives here once.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from . import countries
from .datelines import parse_dateline
from .seeds import Seed

SUMMARY_MAX = 200

# Regions that name their country in datelines ("CALGARY, Alberta", "CONWAY, Ark.").
_REGIONS = {
    "United States": (
        "Ala Alabama Alaska Ariz Arizona Ark Arkansas Calif California Colo Colorado Conn Connecticut "
        "Del Delaware Fla Florida Ga Hawaii Idaho Ill Illinois Ind Indiana Iowa Kan Kansas Ky Kentucky "
        "La Louisiana Maine Md Maryland Mass Massachusetts Mich Michigan Minn Minnesota Miss Mississippi "
        "Mo Missouri Mont Montana Neb Nebraska Nev Nevada N.H N.J N.M N.Y N.C N.D Ohio Okla Oklahoma "
        "Ore Oregon Pa Pennsylvania R.I S.C S.D Tenn Tennessee Tex Texas Utah Vt Vermont Va Virginia "
        "Wash W.Va Wis Wisconsin Wyo Wyoming D.C"
    ).split(),
    "Canada": "Alberta Ontario Quebec Manitoba Saskatchewan B.C British Columbia Nova Scotia Ont Que".split(),
}
_REGION_COUNTRY = {r.casefold(): c for c, regions in _REGIONS.items() for r in regions}

# Well-known agencies, for "according to TASS" and datelines.
AGENCIES = (
    "Trend", "Kazinform", "Reuters", "AP", "AFP", "TASS", "RIA Novosti", "Interfax", "Xinhua",
    "Kyodo", "Anadolu", "UzA", "Azertac", "APA", "Akipress", "Kabar", "Dow Jones", "Bloomberg",
)  # fmt: skip
_AGENCY_NAMES = {a.casefold(): a for a in AGENCIES} | {"reuter": "Reuters"}
_AGENCY = r"([A-Z][\w-]*(?: [A-Z][\w-]*){0,2})"
_KNOWN = "(" + "|".join(re.escape(a) for a in AGENCIES) + ")"
_ATTRIBUTION = [  # (pattern, group of source, group of via)
    (re.compile(rf"\b{_AGENCY} reports?,? (?:referring to|citing|quoting) (?:the )?{_AGENCY}"), 1, 2),
    (re.compile(rf"\b{_AGENCY} (?:cites|quotes) (?:the )?{_AGENCY}"), 1, 2),
    (re.compile(rf"\b{_KNOWN} (?:news agency )?reported\b"), 0, 1),
    (re.compile(rf"\baccording to (?:the )?{_KNOWN}"), 0, 1),
]
_SMALL_WORDS = set("a an and as at but by for from in into of on or per the to vs via with".split())
ACRONYMS = set(
    "U.S. U.S.A. U.K. UK USA USSR EC EU UN OPEC IMF GDP GNP CEO NATO SCO CIS FAO WHO WTO GATT "
    "UAE NYSE NASDAQ SEC FED FCC FDA USDA CCC OECD ECB IPO LNG OK TV".split()
)


@dataclass(frozen=True)
class Metadata:
    title: str
    title_original: str | None  # the title as written, when it was recased
    title_derived: bool
    dateline: str | None
    location: dict[str, str] = field(default_factory=dict)  # city, country when known
    source: str | None = None
    via: str | None = None
    places: tuple[str, ...] = ()
    summary: str = ""


def extract(seed: Seed) -> Metadata:
    text = "\n".join([seed.title, *seed.paragraphs])
    title = readable_title(seed.title)
    source, via = attribution(seed)
    return Metadata(
        title=title,
        title_original=seed.title if title != seed.title else None,
        title_derived=seed.title_derived,
        dateline=seed.dateline,
        location=location(seed.dateline),
        source=source,
        via=via,
        places=places(text),
        summary=summary(seed.paragraphs[0]),
    )


def location(dateline: str | None) -> dict[str, str]:
    """City and country from a dateline, as far as it tells."""
    if not dateline:
        return {}
    parts = parse_dateline(dateline).place
    if not parts:
        return {}
    city = _recase(parts[0])
    out = {"city": city}
    country = None
    for part in parts[1:]:
        found = countries.lookup(part) or None
        country = found.name if found else _REGION_COUNTRY.get(part.rstrip(".").casefold())
        if country:
            break
    if not country:
        capital = countries.by_capital().get(city.casefold())
        country = capital.name if capital else None
    if country:
        out["country"] = country
    return out


def attribution(seed: Seed) -> tuple[str | None, str | None]:
    """(source, via): the agency the text is from and the one it cites."""
    source = via = None
    if seed.dateline:
        agency = parse_dateline(seed.dateline).agency
        if agency:
            source = _agency_name(agency)
    for paragraph in seed.paragraphs[:3]:
        for pattern, src, cited in _ATTRIBUTION:
            m = pattern.search(paragraph)
            if m:
                source = source or (_agency_name(m.group(src)) if src else None)
                via = via or _agency_name(m.group(cited))
                break
    if source and via == source:
        via = None
    return source, via


def places(text: str) -> tuple[str, ...]:
    """The countries the text names (names, short forms, demonyms), alphabetically."""
    counts: Counter[str] = Counter()
    for m in countries.mention_pattern().finditer(text):
        country = countries.lookup_mention(m.group(1))
        if country:
            counts[country.name] += 1
    return tuple(sorted(counts))


def summary(paragraph: str) -> str:
    text = " ".join(paragraph.split())
    if len(text) <= SUMMARY_MAX:
        return text
    return text[: SUMMARY_MAX + 1].rsplit(" ", 1)[0].rstrip(" ,;:-–—") + "…"


def readable_title(title: str) -> str:
    """ALL-CAPS wire titles in title case, keeping acronyms and tickers."""
    letters = [c for c in title if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return title
    words = title.split(" ")
    return " ".join(_title_word(w, i == 0) for i, w in enumerate(words))


def _title_word(word: str, first: bool) -> str:
    core = word.strip("\"'()[]<>,:;!?")
    if not core or word.startswith("<") or any(c.isdigit() for c in core) or core in ACRONYMS:
        return word
    if core.rstrip(".") in ACRONYMS or re.fullmatch(r"(?:[A-Z]\.)+", core):
        return word
    if not first and core.casefold() in _SMALL_WORDS:
        return word.lower()
    return "-".join(p[:1].upper() + p[1:].lower() for p in word.split("-"))


def _recase(name: str) -> str:
    return " ".join(w[:1] + w[1:].lower() for w in name.split()) if name.isupper() else name


def _agency_name(name: str) -> str:
    return _AGENCY_NAMES.get(name.casefold(), name if not name.isupper() or len(name) <= 5 else name.title())
