"""Countries: names, short forms, demonyms and capitals, for tagging places.

Names are the short names a reader knows (ISO 3166 short names, shortened
where the ISO form is formal: "Russia", "Iran", "South Korea"). Historic
states in old wire copy are kept as the text names them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# code | name | other names | demonyms | capital(s)
_TABLE = """
AF|Afghanistan||Afghan|Kabul
AL|Albania||Albanian|Tirana
DZ|Algeria||Algerian|Algiers
AO|Angola||Angolan|Luanda
AR|Argentina||Argentine;Argentinian|Buenos Aires
AM|Armenia||Armenian|Yerevan
AU|Australia||Australian|Canberra
AT|Austria||Austrian|Vienna
AZ|Azerbaijan||Azerbaijani;Azeri|Baku
BH|Bahrain||Bahraini|Manama
BD|Bangladesh||Bangladeshi|Dhaka
BY|Belarus||Belarusian|Minsk
BE|Belgium||Belgian|Brussels
BO|Bolivia||Bolivian|La Paz
BR|Brazil||Brazilian|Brasilia
BG|Bulgaria||Bulgarian|Sofia
CM|Cameroon||Cameroonian|Yaounde
CA|Canada||Canadian|Ottawa
CL|Chile||Chilean|Santiago
CN|China|People's Republic of China;PRC|Chinese|Beijing;Peking
CO|Colombia||Colombian|Bogota
CR|Costa Rica||Costa Rican|San Jose
CI|Ivory Coast|Cote d'Ivoire;Côte d'Ivoire|Ivorian|Abidjan
HR|Croatia||Croatian|Zagreb
CU|Cuba||Cuban|Havana
CY|Cyprus||Cypriot|Nicosia
CZ|Czechia|Czech Republic|Czech|Prague
CS|Czechoslovakia||Czechoslovak|
DK|Denmark||Danish|Copenhagen
EC|Ecuador||Ecuadorean;Ecuadorian|Quito
EG|Egypt||Egyptian|Cairo
EE|Estonia||Estonian|Tallinn
ET|Ethiopia||Ethiopian|Addis Ababa
FI|Finland||Finnish|Helsinki
FR|France||French|Paris
GE|Georgia||Georgian|Tbilisi
DE|Germany||German|Berlin
DD|East Germany|German Democratic Republic|East German|East Berlin
WG|West Germany|Federal Republic of Germany|West German|Bonn
GH|Ghana||Ghanaian|Accra
GR|Greece||Greek|Athens
HK|Hong Kong|||
HU|Hungary||Hungarian|Budapest
IN|India||Indian|New Delhi
ID|Indonesia||Indonesian|Jakarta
IR|Iran|Islamic Republic of Iran|Iranian|Tehran
IQ|Iraq||Iraqi|Baghdad
IE|Ireland|Irish Republic|Irish|Dublin
IL|Israel||Israeli|Jerusalem
IT|Italy||Italian|Rome
JP|Japan||Japanese|Tokyo
JO|Jordan||Jordanian|Amman
KZ|Kazakhstan|Republic of Kazakhstan|Kazakh;Kazakhstani|Astana;Nur-Sultan;Akmola
KE|Kenya||Kenyan|Nairobi
KW|Kuwait||Kuwaiti|
KG|Kyrgyzstan|Kyrgyz Republic|Kyrgyz|Bishkek
LV|Latvia||Latvian|Riga
LB|Lebanon||Lebanese|Beirut
LY|Libya||Libyan|Tripoli
LT|Lithuania||Lithuanian|Vilnius
LU|Luxembourg||Luxembourgish|
MY|Malaysia||Malaysian|Kuala Lumpur
MX|Mexico||Mexican|
MD|Moldova||Moldovan|Chisinau
MN|Mongolia||Mongolian|Ulaanbaatar;Ulan Bator
MA|Morocco||Moroccan|Rabat
NL|Netherlands|Holland|Dutch|Amsterdam;The Hague
NZ|New Zealand||New Zealander|Wellington
NG|Nigeria||Nigerian|Lagos;Abuja
KP|North Korea|Democratic People's Republic of Korea|North Korean|Pyongyang
NO|Norway||Norwegian|Oslo
OM|Oman||Omani|Muscat
PK|Pakistan||Pakistani|Islamabad
PA|Panama||Panamanian|
PE|Peru||Peruvian|Lima
PH|Philippines||Philippine;Filipino|Manila
PL|Poland||Polish|Warsaw
PT|Portugal||Portuguese|Lisbon
QA|Qatar||Qatari|Doha
RO|Romania||Romanian|Bucharest
RU|Russia|Russian Federation|Russian|Moscow
SA|Saudi Arabia||Saudi|Riyadh
RS|Serbia||Serbian|Belgrade
SG|Singapore||Singaporean|
ZA|South Africa||South African|Pretoria;Johannesburg
KR|South Korea|Republic of Korea|South Korean|Seoul
SU|Soviet Union|USSR;U.S.S.R.|Soviet|
ES|Spain||Spanish|Madrid
LK|Sri Lanka||Sri Lankan|Colombo
SD|Sudan||Sudanese|Khartoum
SE|Sweden||Swedish|Stockholm
CH|Switzerland||Swiss|Berne;Bern;Zurich;Geneva
SY|Syria||Syrian|Damascus
TW|Taiwan||Taiwanese|Taipei
TJ|Tajikistan||Tajik|Dushanbe
TZ|Tanzania||Tanzanian|Dar es Salaam
TH|Thailand||Thai|Bangkok
TR|Turkey|Türkiye|Turkish|Ankara;Istanbul
TM|Turkmenistan||Turkmen|Ashgabat
UA|Ukraine||Ukrainian|Kyiv;Kiev
AE|United Arab Emirates|UAE;U.A.E.|Emirati|Abu Dhabi;Dubai
GB|United Kingdom|UK;U.K.;Britain;Great Britain|British|London
US|United States|U.S.;USA;U.S.A.;United States of America|American|Washington
UY|Uruguay||Uruguayan|Montevideo
UZ|Uzbekistan|Republic of Uzbekistan|Uzbek;Uzbekistani|Tashkent
VE|Venezuela||Venezuelan|Caracas
VN|Vietnam|Viet Nam|Vietnamese|Hanoi
YU|Yugoslavia||Yugoslav|
ZM|Zambia||Zambian|Lusaka
ZW|Zimbabwe||Zimbabwean|Harare
"""


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]


def _split(field: str) -> tuple[str, ...]:
    return tuple(x for x in field.split(";") if x)


COUNTRIES: tuple[Country, ...] = tuple(
    Country(code, name, _split(aliases), _split(demonyms), _split(capitals))
    for code, name, aliases, demonyms, capitals in (line.split("|") for line in _TABLE.strip().splitlines())
)


@cache
def by_name() -> dict[str, Country]:
    """Lower-cased name, other name or demonym → country."""
    index: dict[str, Country] = {}
    for c in COUNTRIES:
        for word in (c.name, *c.aliases, *c.demonyms):
            index.setdefault(word.casefold(), c)
    return index


@cache
def by_capital() -> dict[str, Country]:
    return {cap.casefold(): c for c in COUNTRIES for cap in c.capitals}


@cache
def mention_pattern() -> re.Pattern[str]:
    """Matches any country name, other name or demonym as a whole word, longest first.

    Short forms in capitals (UK, USA) and dotted ones (U.S.) must match their case;
    other names match in any case, so that ALL-CAPS wire titles are read too.
    """
    words = sorted(by_name(), key=len, reverse=True)
    return re.compile(r"(?<![\w.])(" + "|".join(re.escape(w) for w in words) + r")(?![\w])", re.IGNORECASE)


def lookup(word: str) -> Country | None:
    return by_name().get(word.casefold())


def lookup_mention(word: str) -> Country | None:
    """The country a word found by mention_pattern names; short forms in capitals must be in capitals."""
    country = lookup(word)
    if country and not word.isupper():
        short = {a.casefold() for a in (country.name, *country.aliases) if a.isupper()}
        if word.casefold() in short:
            return None
    return country
