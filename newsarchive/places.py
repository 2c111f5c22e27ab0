"""The countries a story is about, from where and how often the text names them.

Every mention of a country (its name, a short form, a demonym, or its capital
standing for its government: "Moscow said") earns points by where it stands:
the title most, the first paragraph more than the rest, and a country that
acts ("Britain has said") more than one named in passing. Three or more
countries acting together ("Canada, Belgium and Italy contributed") are each
a party of the story. A country is one of the story's places when it is in
the title or earns enough points; a country named once in passing is not,
unless no country stands out at all: then the first paragraph's countries
are the places. Mentions that do not speak of the country are not counted:
currencies and rates ("U.S. dollars", "Swiss francs", "German rates"),
"London Interbank", capitals as mere meeting places ("a meeting in Vienna"),
the nationality of a company or a ship ("a Swiss firm", "the Swiss tug").

The dateline's country is a place unless the story is relayed from another
agency and never names that country while it names others: "BAKU,
Azerbaijan" on a Kazinform story about Kazakhstan is not about Azerbaijan.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence

from . import countries

TITLE_POINTS = 3
LEAD_POINTS = 2  # the first paragraph
BODY_POINTS = 1
ACTOR_POINTS = 2  # a country (or a list of them) that says or does something: "Britain has said"
MIN_POINTS = 3  # a country not in the title needs this many
PARTIES = 3  # countries that act together, this many or more, are each a place: "Canada, Italy and Sweden contributed"

# After a mention: it names a currency or a rate, not the country ("Malaysian/Singapore cents", "German rates").
_CURRENCY = re.compile(
    r"(?:/[\w.]+)?\s*(?:dollars?|dlrs?|dlr|cents?|francs?|marks?|yen|pounds?|stg|sterling|lira|lire|pesos?|crowns?|"
    r"guilders?|rand|rupees?|escudos?|schillings?|krona|kronor|kroner|drachmas?|shekels?|won|baht|ringgit|"
    r"dinars?|riyals?|rials?|yuan|roubles?|rubles?|tenge|manats?|soms?|interbank|libor|"
    r"(?:(?:interest|lending|deposit|discount|money[- ]market|bond)\s+)?(?:rates?|yields?))\b",
    re.IGNORECASE,
)
# After a capital: it speaks or acts, so it stands for the government ("Moscow said").
_GOVERNMENT_VERB = re.compile(
    r"[,]?\s+(?:has|have|had|is|was|will|would|could|may|might|must|should|said|says|wants|wanted|hopes|"
    r"hoped|plans|planned|claims|claimed|denies|denied|accuses|accused|rejects|rejected|agrees|agreed|"
    r"announces|announced|warns|warned|insists|insisted|protests|protested|refuses|refused|responds|"
    r"responded|demands|demanded|decides|decided|expects|expected|believes|believed|supports|supported|"
    r"opposes|opposed|urges|urged|signed|considers|threatened|threatens|proposed|proposes|welcomed|"
    r"welcomes|condemned|condemns|asked|asks|sought|seeks|told|tells|approved|approves)\b",
    re.IGNORECASE,
)
# After a country (or the last of a list of them): it is the subject of a verb.
_ACTOR_VERB = re.compile(
    r"(?:['’]s\b(?!\s*[.,;:)])|\s+(?:has|have|had|is|are|was|were|will|would|could|may|might|must|should|can|"
    r"(?:\w+ly\s+)?(?:said|says|agreed|produced|exported|imported|bought|sold|announced|decided|wants|"
    r"plans|hopes|offered|pledged|contributed|signed|rejected|accepted|insisted|proposed|warned)))\b",
    re.IGNORECASE,
)
_LIST_GAP = re.compile(r",?\s+(?:and|or)\s+(?:the\s+)?|,\s*(?:the\s+)?", re.IGNORECASE)  # "the U.S. And Japan"
# After a country: a company's or a merchant ship's nationality, not a place of the story ("a U.S. firm",
# "Japanese trade houses", "a Swiss tug").
_COMPANY = re.compile(
    r"(?:\s+[\w-]+){0,2}?\s+(?:firms?|compan(?:y|ies)|carriers?|banks?|concerns?|investors?|institutions?|"
    r"subsidiar(?:y|ies)|houses|corporations?|multinationals?|tugs?|barges?|freighters?|(?:cargo|merchant) ships?)\b",
    re.IGNORECASE,
)
_PLACE_PREPOSITION = re.compile(r"\b(?:in|at|to|from|of|near|via|into|outside)\s+$", re.IGNORECASE)
# Before a country: it is the object of a preposition, so not the subject of what follows.
_PREPOSITION = re.compile(
    r"\b(?:in|at|to|from|of|near|via|into|outside|with|than|for|by|on|against|between|among|like)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_MIXED_CASE = re.compile(r"[a-z]{3}")
_PREVIOUS_WORD = re.compile(r"(?<=[\w,] )([A-Z][\w&'-]*) $")  # a capitalised word, not after a full stop
_STOP = frozenset("a an the in on at of for to and or but by from with as this that these those its".split())


def places(
    title: str,
    paragraphs: Sequence[str],
    date: dt.date | None = None,
    dateline_country: str | None = None,
    relayed: bool = False,
) -> tuple[str, ...]:
    """The names of the countries the story is about, in order of importance.

    `relayed`: the story cites another agency (Trend citing Kazinform), so its
    dateline says where it was relayed, not what it is about.
    """
    points: dict[str, int] = defaultdict(int)
    in_title: set[str] = set()
    in_lead: set[str] = set()
    named: set[str] = set()  # every country named at all, if only as a place ("a meeting in Vienna")
    segments = [title, *paragraphs]
    every = countries.disambiguate(segments, [countries.mentions(s, date) for s in segments])
    for i, (segment, found) in enumerate(zip(segments, every, strict=True)):
        weight = TITLE_POINTS if i == 0 else LEAD_POINTS if i == 1 else BODY_POINTS
        actors = _actors(segment, found) if i > 1 else {}
        for n, m in enumerate(found):
            named.add(m.country.name)
            if _counts(segment, m, title=i == 0):
                points[m.country.name] += max(weight, _actor_points(actors.get(n, 0)))
                if i == 0:
                    in_title.add(m.country.name)
                elif i == 1:
                    in_lead.add(m.country.name)
    chosen = [name for name in points if name in in_title or points[name] >= MIN_POINTS]
    if not chosen:  # nothing stands out: the countries of the first paragraph
        chosen = [name for name in points if name in in_lead]
    if dateline_country and dateline_country not in chosen:
        if not (relayed and dateline_country not in named and chosen):
            chosen.append(dateline_country)
            points[dateline_country] += MIN_POINTS
    return tuple(sorted(chosen, key=lambda name: (-points[name], name)))


def _actors(text: str, found: list[countries.Mention]) -> dict[int, int]:
    """Mentions (by index) that are the subject of a verb, alone or in a list: "Britain and Italy have ...".

    Each maps to the number of countries in its list.
    """
    out: dict[int, int] = {}
    run: list[int] = []
    for n, m in enumerate(found):
        if run and not _LIST_GAP.fullmatch(text[found[run[-1]].end : m.start]):
            run = []
        run.append(n)
        verb = _ACTOR_VERB.match(text, m.end)
        if verb:  # "Britain's" owns; "the margin granted to Mexico was" is not Mexico acting
            if verb.group().startswith(("'", "’")) or not _PREPOSITION.search(text, 0, found[run[0]].start):
                out.update((i, len({found[j].country for j in run})) for i in run)
            run = []
    return out


def _actor_points(listed: int) -> int:
    """Points of a country that acts, in a list of `listed` countries (0: it does not act)."""
    if not listed:
        return 0
    return MIN_POINTS if listed >= PARTIES else ACTOR_POINTS


def _counts(text: str, m: countries.Mention, title: bool = False) -> bool:
    """Whether a mention speaks of its country (see the module's docstring)."""
    after = text[m.end : m.end + 40]
    if _CURRENCY.match(after):
        return False
    if m.kind == "capital":  # "Moscow said", not "a meeting in Vienna was ..."
        return bool(_GOVERNMENT_VERB.match(after)) and not _PLACE_PREPOSITION.search(text, 0, m.start)
    if not title and _COMPANY.match(after):
        return False
    if m.kind == "name" or not _MIXED_CASE.search(text):
        return True
    # A demonym after a capitalised word, mid-sentence, is part of a longer name ("Anglo American").
    prev = _PREVIOUS_WORD.search(text[max(0, m.start - 40) : m.start])
    return not (prev and prev.group(1).casefold() not in _STOP)
