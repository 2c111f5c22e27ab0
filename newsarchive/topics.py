"""Topics: a controlled vocabulary, each topic with the keywords that signal it.

Why a vocabulary and not free keyword extraction (YAKE and the like): tags
are for navigation, so the same subject must get the same tag in every
article, and a tag page must gather more than one article. Keywords drawn
from each text give one-off phrases ("weekend tender", "myra falls") that
make a tag page per article. A fixed list of subjects with keyword rules
gives few, stable, explainable tags, and it can be extended in one place.

A keyword in the title counts TITLE_WEIGHT times; a topic needs MIN_SCORE
and a third of the best topic's score, and an article keeps its MAX_TOPICS best.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache, lru_cache

TITLE_WEIGHT = 3
MIN_SCORE = 3
MAX_TOPICS = 3
RELATIVE = 3  # a topic scores at least a third of the article's best

# topic: keywords, lower case: a word, a phrase of up to three words, or a stem ending in "*"
# ("farm*": farm, farmers, farming). A keyword two topics list counts for the first.
VOCABULARY: dict[str, str] = {
    "oil": "oil crude opec barrel barrels bpd refinery refineries petroleum gasoline oilfield oilfields brent",
    "gas": "natural_gas gas_field gas_pipeline lng gas_exports gas_supplies gazprom",
    "energy": "energy electricity power_plant power_plants nuclear_power power_station power_stations coal "
    "renewable solar hydropower uranium",
    "space": "space satellite satellites aerospace cosmodrome baikonur launch_vehicle orbit astronaut* cosmonaut* "
    "remote_sensing rocket rockets",
    "banking": "bank banks banking loan loans credit lender lenders deposit deposits central_bank interest_rate "
    "interest_rates",
    "debt": "debt rescheduling creditor creditors debtor debtors paris_club bond bonds eurobond eurobonds",
    "currencies": "dollar currency currencies exchange_rate exchange_rates yen sterling devaluation "
    "foreign_exchange forex",
    "markets": "stock stocks shares stock_exchange futures traders index securities warrants offering",
    "earnings": "net_profit net_income net_loss earnings profit profits revenue revenues qtr shr dividend "
    "dividends payout quarterly",
    "acquisitions": "acquisition acquisitions acquire acquires acquired merger mergers takeover stake buyout "
    "tender_offer",
    "trade": "trade export exports import imports tariff tariffs gatt wto customs protectionism",
    "agriculture": "agricultur* farm* wheat grain grains maize corn crop crops harvest sugar cocoa coffee cotton "
    "soybean soybeans livestock hogs cattle rice barley fertiliser fertilizer usda",
    "metals": "gold silver copper tin zinc aluminium aluminum nickel steel iron_ore platinum",
    "mining": "mining mine mines miner miners ore exploration",
    "economy": "economy economic gdp gnp inflation budget deficit growth recession fiscal reform reforms",
    "diplomacy": "diplomat* ambassador ambassadors embassy foreign_minister foreign_ministers foreign_ministry "
    "bilateral visit delegation summit talks agreement memorandum cooperation co-op treaty envoy",
    "politics": "parliament* election elections prime_minister opposition political_party political_parties "
    "vote votes voters referendum coalition senate congress",
    "security": "military army troops war attack* missile missiles navy naval forces terroris* bomb* fighting "
    "ceasefire defence defense",
    "transport": "railway railways airline airlines airport airports flight flights shipping port ports tanker "
    "tankers vessel vessels ship ships transit logistics freight truck trucks road roads",
    "telecoms": "telecom* broadcasting satellite_communication satellite_communications internet mobile_phone "
    "mobile_phones telephone cellular",
    "technology": "technolog* computer computers software innovation* research semiconductor semiconductors",
    "health": "health hospital hospitals medical vaccine vaccines disease pharmaceutical* drug drugs salmonella virus",
    "sport": "sport sports olympic* football championship championships tournament athlete athletes medal medals "
    "fifa uefa",
    "tourism": "touris* hotel hotels visitors travel",
    "labour": "strike strikes union unions workers wage wages unemployment jobs labour labor",
    "environment": "environmental pollution climate_change emission emissions ecolog*",
    "construction": "construction housing infrastructure real_estate realty builder builders",
}

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


@cache
def _index() -> tuple[dict[str, str], dict[str, int]]:
    """(word or phrase → topic, first word of a phrase → its most words)."""
    words: dict[str, str] = {}
    firsts: dict[str, int] = {}
    for topic, keywords in VOCABULARY.items():
        for keyword in keywords.split():
            phrase = keyword.replace("_", " ")
            words.setdefault(phrase, topic)
            n = phrase.count(" ") + 1
            if n > 1:
                first = phrase.split()[0]
                firsts[first] = max(firsts.get(first, 1), n)
    return words, firsts


@cache
def _longest_stem() -> int:
    return max(len(k) - 1 for k in _index()[0] if k.endswith("*"))


@lru_cache(maxsize=1 << 16)
def _word_topic(word: str) -> str | None:
    """The topic of one word: listed as it is, or by a listed stem ("farmers" by "farm*")."""
    words = _index()[0]
    topic = words.get(word)
    if topic:
        return topic
    for k in range(min(len(word), _longest_stem()), 2, -1):
        topic = words.get(word[:k] + "*")
        if topic:
            return topic
    return None


def topics(title: str, paragraphs: Sequence[str]) -> tuple[str, ...]:
    """The article's topics from the vocabulary, best first (ties alphabetically)."""
    scores: Counter[str] = Counter()
    for weight, text in ((TITLE_WEIGHT, title), (1, "\n".join(paragraphs))):
        for topic in _keywords(text):
            scores[topic] += weight
    ranked = sorted((t for t in scores if scores[t] >= MIN_SCORE), key=lambda t: (-scores[t], t))
    return tuple(t for t in ranked[:MAX_TOPICS] if scores[t] * RELATIVE >= scores[ranked[0]])


def _keywords(text: str) -> list[str]:
    """The topic of each keyword in text, longest phrase first."""
    phrases, firsts = _index()
    words = _WORD.findall(text.lower())
    found: list[str] = []
    i = 0
    while i < len(words):
        n = firsts.get(words[i], 1)
        while n > 1 and " ".join(words[i : i + n]) not in phrases:
            n -= 1
        topic = phrases[" ".join(words[i : i + n])] if n > 1 else _word_topic(words[i])
        if topic:
            found.append(topic)
        i += n
    return found
