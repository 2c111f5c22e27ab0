"""Organisations a story is about: known ones by name or acronym, others by the shape of their name.

Two sources, so that tags are stable and not noise:
- a table of well-known organisations (international bodies, central banks,
  agencies, large companies), each with its other names and acronyms, so
  that "OPEC", "Opec" and "Organization of Petroleum Exporting Countries"
  are one tag;
- names the text itself builds from an organisation word ("Agency of Space
  Research and Technologies", "Aerospace Committee", "<PanCanadian Petroleum
  Ltd>"), kept only when the story names them more than once or in its title.
A known organisation counts once it is named at all, unless it is a news
agency merely quoted (that is the source/via, not the subject).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache

from . import countries

MAX_ORGANISATIONS = 5

# name | other names and acronyms (acronyms in capitals match only in capitals)
_KNOWN = """
OPEC|Organization of Petroleum Exporting Countries;Organisation of Petroleum Exporting Countries;Opec
IMF|International Monetary Fund
World Bank|
European Community|EC;European Economic Community;EEC;Common Market
European Union|EU
European Commission|
United Nations|UN;U.N.;UNCTAD;United Nations Conference on Trade and Development
GATT|General Agreement on Tariffs and Trade
WTO|World Trade Organization;World Trade Organisation
NATO|North Atlantic Treaty Organization;North Atlantic Treaty Organisation
OECD|Organisation for Economic Cooperation and Development;Organization for Economic Cooperation and Development
SCO|Shanghai Cooperation Organisation;Shanghai Cooperation Organization
CIS|Commonwealth of Independent States
Eurasian Economic Union|EAEU;EAEU
CSTO|Collective Security Treaty Organization
OSCE|Organization for Security and Co-operation in Europe
Asian Development Bank|ADB
African Development Bank|AfDB
EBRD|European Bank for Reconstruction and Development
Islamic Development Bank|IsDB
IAEA|International Atomic Energy Agency
WHO|World Health Organization
FAO|Food and Agriculture Organization
ILO|International Labour Organization
Paris Club|
ICO|International Coffee Organization
ICCO|International Cocoa Organization
INRO|International Natural Rubber Organization
Federal Reserve|Fed;Federal Reserve Board
Bundesbank|
Bank of Japan|
Bank of England|
European Central Bank|ECB
U.S. Treasury|Treasury Department
U.S. Agriculture Department|USDA;U.S. Department of Agriculture;Agriculture Department
SEC|Securities and Exchange Commission
New York Stock Exchange|NYSE
London Stock Exchange|
NASA|
Roscosmos|
European Space Agency|ESA
KazCosmos|Kazcosmos;Kazakhstan Gharysh Sapary
Kazsat|KazSat
Uzbekcosmos|Uzbek space agency;Agency of Space Research and Technologies
Aerospace Committee|Aerospace Committee of the Ministry of Digital Development, Innovations and Aerospace Industry
Baikonur|Baikonur Cosmodrome
Akorda|
Samruk-Kazyna|
KazMunayGas|KazMunaiGas;KMG
Kazatomprom|
Tengizchevroil|TCO
Karachaganak Petroleum Operating|KPO
North Caspian Operating Company|NCOC
SOCAR|State Oil Company of Azerbaijan Republic;State Oil Company of Azerbaijan
Uzbekneftegaz|
Gazprom|
Rosneft|
Lukoil|
Transneft|
Caspian Pipeline Consortium|
BP|British Petroleum
Chevron|
ExxonMobil|Exxon
Royal Dutch Shell|Shell
Eni|ENI
PDVSA|Petroleos de Venezuela
Saudi Aramco|Aramco
"""

# What makes a name an organisation's: its head word.
_HEAD = (
    r"(?:Agency|Committee|Ministry|Bank|Corporation|Corp|Company|Co|Inc|Ltd|Plc|PLC|AG|SA|NV|Organi[sz]ation|"
    r"Council|Commission|Fund|Association|Federation|Institute|Exchange|Authority|Board|Group|Holding|"
    r"Department|Service|Office|Administration|Consortium)"
)
_CAP = r"[A-Z][\w&'’-]*"
_NAMED = re.compile(
    rf"(?:<([^<>\n]{{2,60}})>"  # Reuters marks companies: <PanCanadian Petroleum Ltd>
    rf"|\b((?:{_CAP}\s+){{0,4}}{_HEAD}\b(?:\s+of(?:\s+the)?\s+{_CAP}(?:(?:,\s*|\s+and\s+|\s+)(?!of\b){_CAP}){{0,6}})?)"
    rf"|\b({_HEAD}\s+of(?:\s+the)?\s+{_CAP}(?:(?:,\s*|\s+and\s+|\s+)(?!of\b){_CAP}){{0,6}}))"
)
_TAIL = re.compile(r"\s+of\s+the\s+(?:Republic|Kingdom|State|Government)\b.*$")  # "... of the Republic of X"
_LEGAL = re.compile(r",?\s+(?:Ltd|Inc|Corp|Co|Plc|PLC|AG|SA|NV|Limited|Incorporated)\.?$")
# A government body's name must say whose it is: "Finance Ministry" alone is every country's.
_BODY = re.compile(
    r"^(?:\w+\s+)?(?:Ministry|Department|Committee|Service|Office|Administration|Council|Commission|"
    r"Board|Authority|Agency|Bank|Fund|Group|Exchange|Association|Federation|Institute)$"
)
_GENERIC = {
    "Ministry", "Bank", "Agency", "Committee", "Company", "Government", "Council", "Board", "Group", "Union",
    "The Bank", "The Company", "The Group", "The Ministry", "Cabinet of Ministers", "Central Bank", "Co", "Inc",
}  # fmt: skip
_WORDS = {"WHO", "EC", "UN", "SEC", "CIS", "ADB", "ESA", "TCO", "KPO", "BP", "ICO", "INRO"}
_NEWS_AGENCIES = {"Reuters", "Trend", "Kazinform", "TASS", "Xinhua", "AP", "AFP", "Interfax", "KUNA"}


@cache
def _known() -> tuple[dict[str, str], re.Pattern[str]]:
    """(written form → name, a pattern finding any written form as a whole word)."""
    forms: dict[str, str] = {}
    for line in _KNOWN.strip().splitlines():
        name, others = line.split("|")
        for form in (name, *filter(None, others.split(";"))):
            forms.setdefault(form, name)
    words = sorted(forms, key=len, reverse=True)
    return forms, re.compile(r"(?<![\w.])(" + "|".join(re.escape(w) for w in words) + r")(?![\w])")


def acronyms() -> set[str]:
    """The organisations' names and short forms written in capitals (OPEC, IMF, SCO)."""
    return {form for form in _known()[0] if form.replace(".", "").isupper() and len(form) > 1}


def organisations(
    title: str, paragraphs: Sequence[str], skip: set[str] | frozenset[str] = frozenset()
) -> tuple[str, ...]:
    """The organisations a story names, most named first; `skip`: names not to tag (the source, the via)."""
    forms, known = _known()
    counts: Counter[str] = Counter()
    in_title: set[str] = set()
    for i, text in enumerate([title, *paragraphs]):
        caps = not re.search(r"[a-z]{3}", text)
        taken: list[tuple[int, int]] = []
        for m in known.finditer(text):
            form = m.group(1)
            if caps and form in _WORDS:
                continue  # "WHO" in a headline in capitals is the word
            name = forms[form]
            counts[name] += 2  # a known organisation counts as named more than in passing
            taken.append(m.span())
            if i == 0:
                in_title.add(name)
        if caps:
            continue  # names are read from their capitals: not in an all-capitals title
        for m in _NAMED.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            name = _clean(next(g for g in m.groups() if g))
            if name:
                counts[name] += 1
    for name in list(counts):
        if name in skip or name in _NEWS_AGENCIES:
            del counts[name]
    chosen = [n for n, c in counts.items() if c >= 2 or n in in_title]
    chosen.sort(key=lambda n: (-counts[n], n))
    return tuple(chosen[:MAX_ORGANISATIONS])


def _clean(name: str) -> str | None:
    name = " ".join(name.split())
    name = _LEGAL.sub("", _TAIL.sub("", name))
    name = re.sub(r"^(?:The|A|An|This|Its|Their|His|Her|Both|Under|In|At)\s+", "", name)
    if name in _GENERIC or len(name) < 3 or not re.search(r"[a-z]", name) or _BODY.match(name):
        return None
    if countries.lookup(name):
        return None  # "Soviet Union"
    return name
