"""Seed → Metadata: what the text says about itself.

Location from the dateline, source and attribution, the countries the story
is about (places.py), the organisations it names (organisations.py), its
topics (topics.py), the summary and a readable title. Each rule lives in one
place; docs/metadata.md describes them and the fields they fill.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import countries, gazetteer, organisations
from .datelines import parse_dateline
from .places import places
from .seeds import Seed
from .topics import topics

SUMMARY_MAX = 200
_JUNK = re.compile(r"[^\w .'’-]")  # stray characters in a dateline's place ("ME}LBOURNE")
_LOWER_IN_NAMES = {"de", "du", "des", "la", "le", "les", "es", "el", "al", "au", "aux", "of", "the", "on", "upon"}

# Well-known agencies, for "according to TASS" and datelines.
AGENCIES = (
    "Trend", "Kazinform", "Reuters", "AP", "AFP", "TASS", "RIA Novosti", "Interfax", "Xinhua",
    "Kyodo", "Anadolu", "UzA", "Azertac", "APA", "Akipress", "Kabar", "Dow Jones", "Bloomberg",
)  # fmt: skip
_AGENCY_NAMES = {a.casefold(): a for a in AGENCIES} | {"reuter": "Reuters"}
_AGENCY = r"([A-Z][\w-]*(?: [A-Z][\w-]*){0,2})"
_KNOWN = "(" + "|".join(re.escape(a) for a in AGENCIES) + ")"
_PRESS_SERVICE = r"(?:the )?(?:press service|press office|website|official website) of (?:the )?"
_ATTRIBUTION = [  # (pattern, group of source, group of via)
    (re.compile(rf"\b{_AGENCY} reports?,? (?:referring to|citing|quoting) (?:{_PRESS_SERVICE}|the )?{_AGENCY}"), 1, 2),
    (re.compile(rf"\b{_AGENCY} (?:cites|quotes|refers to) (?:{_PRESS_SERVICE}|the )?{_AGENCY}"), 1, 2),
    (re.compile(rf"\b{_KNOWN} (?:news agency )?reported\b"), 0, 1),
    (re.compile(rf"\baccording to (?:the )?{_KNOWN}"), 0, 1),
]
_SMALL_WORDS = set("a an and as at but by for from in into of on or per the to vs via with".split())
ACRONYMS = (
    set(
        "U.S. U.S.A. U.K. UK USA USSR EC EU UN OPEC IMF GDP GNP CEO NATO SCO CIS FAO WHO WTO GATT "
        "UAE NYSE NASDAQ SEC FCC FDA USDA CCC OECD ECB IPO LNG TV EMS ADB CPA LIBOR".split()
    )
    | organisations.acronyms()
    | countries.acronyms()
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
    organisations: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    summary: str = ""


def extract(seed: Seed) -> Metadata:
    title = readable_title(seed.title)
    source, via = attribution(seed)
    lead = seed.paragraphs[0] if seed.paragraphs else ""
    where = location(seed.dateline, seed.date, context=f"{seed.title}\n{lead}")
    return Metadata(
        title=title,
        title_original=seed.title if title != seed.title else None,
        title_derived=seed.title_derived,
        dateline=seed.dateline,
        location=where,
        source=source,
        via=via,
        places=places(seed.title, seed.paragraphs, seed.date, where.get("country"), relayed=via is not None),
        organisations=organisations.organisations(seed.title, seed.paragraphs, skip={source or "", via or ""}),
        topics=topics(seed.title, seed.paragraphs),
        summary=summary(lead),
    )


def location(dateline: str | None, date: dt.date | None = None, context: str = "") -> dict[str, str]:
    """City and country from a dateline, as far as it tells.

    A city without a country is looked up in the gazetteer; where several
    cities bear its name, one in a country that `context` names is preferred.
    """
    if not dateline:
        return {}
    parts = [_JUNK.sub("", p).strip() for p in parse_dateline(dateline).place]
    if not parts or not parts[0] or any(c.isdigit() for c in parts[0]):
        return {}
    city = parts[0]
    country: countries.Country | None = None
    for part in parts[1:]:
        country = countries.lookup(part) or _by_code(gazetteer.region_country(part))
        if country:
            break
    country = country or countries.lookup(city) or countries.by_capital().get(countries.key(city))
    spelt = None
    if not country:
        prefer = {m.country.code for m in countries.mentions(context)} if context else set()
        found = gazetteer.lookup(city, prefer)
        if found:
            country, spelt = _by_code(found.country), found.name
    out = {"city": _recase(city, spelt)}
    if country:
        out["country"] = countries.as_of(country, date).name
    return out


def _by_code(code: str | None) -> countries.Country | None:
    return countries.by_code().get(code) if code else None


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
    # Tickers (<BKO>) and separators stay as they are; each word between them is recased.
    parts = re.split(r"(<[^<>]*>|[ /])", title)
    out, first = [], True
    for part in parts:
        if part and not (part.startswith("<") and part.endswith(">")) and part not in (" ", "/"):
            part, first = _title_word(part, first), False
        out.append(part)
    return "".join(out)


def _title_word(word: str, first: bool) -> str:
    core = word.strip("\"'()[]<>,:;!?")
    if re.fullmatch(r"\d+(?:ST|ND|RD|TH|S)", core):  # 4TH, 1980S
        return word.lower()
    if not core or word.startswith("<") or any(c.isdigit() for c in core) or core in ACRONYMS:
        return word
    if core.rstrip(".") in ACRONYMS or re.fullmatch(r"(?:[A-Z]\.)+", core):
        return word
    if not first and core.casefold() in _SMALL_WORDS:
        return word.lower()
    return "-".join(p[:1].upper() + p[1:].lower() for p in word.split("-"))


def _recase(name: str, spelt: str | None = None) -> str:
    """A place name written in capitals (or all in lower case) as a reader writes it."""
    if name.isupper() or name.islower():
        if spelt and gazetteer.key(spelt) == gazetteer.key(name):
            return spelt
        words = re.split(r"([ -])", name.lower())
        return "".join(w if w in _LOWER_IN_NAMES and i else w[:1].upper() + w[1:] for i, w in enumerate(words))
    return name


def _agency_name(name: str) -> str:
    return _AGENCY_NAMES.get(name.casefold(), name if not name.isupper() or len(name) <= 5 else name.title())
