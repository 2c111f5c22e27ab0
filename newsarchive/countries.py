"""Countries: names, short forms, demonyms and capitals, and finding them in text.

Every ISO 3166 country comes from pycountry (its short name, or its common
name where the ISO form is formal); the table below overrides a few names
with the ones a reader knows ("Russia", "Iran", "Ivory Coast") and adds what
no package ships: short forms (U.S., UK, Britain), old names (Peking, Burma),
demonyms, and the historic states of old wire copy (Soviet Union, West
Germany, Yugoslavia), which are kept as the text names them. Capitals are the
table's: the ones a story may use for a government ("Moscow said").
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from .files import package_file

# code | name ("" = the ISO one) | other names | demonyms | capitals and old capital names
_TABLE = """
AF|||Afghan|Kabul
AL|||Albanian|Tirana
DZ|||Algerian|Algiers
AO|||Angolan|Luanda
AG||Antigua|Antiguan|
AR|||Argentine;Argentinian|Buenos Aires
AM|||Armenian|Yerevan
AU|||Australian|Canberra
AT|||Austrian|Vienna
AZ|||Azerbaijani;Azeri|Baku
BS||The Bahamas|Bahamian|Nassau
BH|||Bahraini|Manama
BD|||Bangladeshi|Dhaka;Dacca
BB|||Barbadian|Bridgetown
BY||Byelorussia|Belarusian|Minsk
BE|||Belgian|Brussels
BZ|||Belizean|
BJ||Dahomey|Beninese|Porto-Novo
BT|||Bhutanese|
BO|||Bolivian|La Paz
BA||Bosnia;Bosnia-Herzegovina|Bosnian|Sarajevo
BW|||Botswanan|Gaborone
BR|||Brazilian|Brasilia
BN|Brunei||Bruneian|
BG|||Bulgarian|Sofia
BF||Upper Volta|Burkinabe|Ouagadougou
BI|||Burundian|Bujumbura
KH||Kampuchea|Cambodian;Kampuchean|Phnom Penh
CM|||Cameroonian|Yaounde
CA|||Canadian|Ottawa
CV||Cape Verde|Cape Verdean|Praia
CF|||Central African|Bangui
TD|||Chadian|N'Djamena
CL|||Chilean|Santiago
CN||People's Republic of China;PRC|Chinese|Beijing;Peking
CO|||Colombian|Bogota
CD|Democratic Republic of the Congo|DR Congo;DRC;Zaire|Congolese;Zairean;Zairian|Kinshasa
CG|Congo|Republic of the Congo;Congo-Brazzaville||Brazzaville
CR|||Costa Rican|San Jose
CI|Ivory Coast|Cote d'Ivoire|Ivorian;Ivoirian|Abidjan;Yamoussoukro
HR|||Croatian|Zagreb
CU|||Cuban|Havana
CY|||Cypriot|Nicosia
CZ|Czechia|Czech Republic|Czech|Prague
CS|Czechoslovakia||Czechoslovak;Czechoslovakian|
DK|||Danish|Copenhagen
DJ|||Djiboutian|
DM||||
DO|||Dominican|Santo Domingo
EC|||Ecuadorean;Ecuadorian|Quito
EG|||Egyptian|Cairo
SV|||Salvadorean;Salvadoran|San Salvador
GQ|||Equatorial Guinean|Malabo
ER|||Eritrean|Asmara
EE|||Estonian|Tallinn
SZ||Swaziland|Swazi|Mbabane
ET|||Ethiopian|Addis Ababa
FK|Falkland Islands|Falklands;Malvinas||
FJ|||Fijian|Suva
FI|||Finnish|Helsinki
FR|||French|Paris
GA|||Gabonese|Libreville
GM||The Gambia|Gambian|Banjul
GE|||Georgian|Tbilisi
DE|||German|Berlin
DD|East Germany|German Democratic Republic;GDR;E. Germany|East German;E. German|East Berlin
WG|West Germany|Federal Republic of Germany;FRG;W. Germany|West German;W. German|Bonn
GH|||Ghanaian|Accra
GR|||Greek|Athens
GD|||Grenadian|
GT|||Guatemalan|Guatemala City
GN|||Guinean|Conakry
GW|||Bissau-Guinean|Bissau
GY|||Guyanese|Georgetown
HT|||Haitian|Port-au-Prince
HN|||Honduran|Tegucigalpa
HK|||Hong Konger|
HU|||Hungarian|Budapest
IS|||Icelandic|Reykjavik
IN|||Indian|New Delhi
ID|||Indonesian|Jakarta
IR|Iran|Islamic Republic of Iran;Persia|Iranian|Tehran
IQ|||Iraqi|Baghdad
IE||Irish Republic;Eire|Irish|Dublin
IL|||Israeli|Jerusalem
IT|||Italian|Rome
JM|||Jamaican|Kingston
JP|||Japanese|Tokyo
JO|||Jordanian|Amman
KZ||Republic of Kazakhstan|Kazakh;Kazakhstani|Astana;Nur-Sultan;Akmola;Almaty;Alma-Ata
KE|||Kenyan|Nairobi
KW|||Kuwaiti|
KG||Kyrgyz Republic;Kirghizia|Kyrgyz|Bishkek
LA|Laos||Laotian;Lao|Vientiane
LV|||Latvian|Riga
LB|||Lebanese|Beirut
LS|||Basotho|Maseru
LR|||Liberian|Monrovia
LY|||Libyan|Tripoli
LI|||Liechtensteiner|Vaduz
LT|||Lithuanian|Vilnius
LU|||Luxembourgish;Luxembourger|
MO|Macau|Macao|Macanese|
MK||Macedonia|Macedonian|Skopje
MG|||Malagasy|Antananarivo
MW|||Malawian|Lilongwe
MY|||Malaysian|Kuala Lumpur
MV|||Maldivian|
ML|||Malian|Bamako
MT|||Maltese|Valletta
MR|||Mauritanian|Nouakchott
MU|||Mauritian|Port Louis
MX|||Mexican|Mexico City
MD|||Moldovan|Chisinau
MC|||Monegasque|
MN|||Mongolian|Ulaanbaatar;Ulan Bator
ME|||Montenegrin|Podgorica
MA|||Moroccan|Rabat
MZ|||Mozambican|Maputo
MM||Burma|Burmese;Myanmar|Naypyidaw;Rangoon;Yangon
NA|||Namibian|Windhoek
NP|||Nepalese;Nepali|Kathmandu
NL||Holland;The Netherlands|Dutch|Amsterdam;The Hague
AN|Netherlands Antilles|||Willemstad
NZ||N.Z.|New Zealander|Wellington
NI|||Nicaraguan|Managua
NE|||Nigerien|Niamey
NG|||Nigerian|Lagos;Abuja
KP|North Korea|Democratic People's Republic of Korea;DPRK|North Korean|Pyongyang
NO|||Norwegian|Oslo
OM|||Omani|Muscat
PK|||Pakistani|Islamabad
PS|Palestine|Palestinian Territories|Palestinian|Ramallah
PA|||Panamanian|Panama City
PG|||Papua New Guinean|Port Moresby
PY|||Paraguayan|Asuncion
PE|||Peruvian|Lima
PH|||Philippine;Filipino|Manila
PL|||Polish|Warsaw
PT|||Portuguese|Lisbon
PR|||Puerto Rican|San Juan
QA|||Qatari|Doha
RO|||Romanian|Bucharest
RU|Russia|Russian Federation|Russian|Moscow
RW|||Rwandan|Kigali
SA|||Saudi|Riyadh
SN|||Senegalese|Dakar
RS|||Serbian|Belgrade
SC|||Seychellois|Victoria
SL|||Sierra Leonean|Freetown
SG|||Singaporean|
SK|||Slovak|Bratislava
SI|||Slovenian;Slovene|Ljubljana
SO|||Somali|Mogadishu
ZA|||South African|Pretoria;Johannesburg;Cape Town
KR|South Korea|Republic of Korea;Korea|South Korean;Korean|Seoul
SS|||South Sudanese|Juba
SU|Soviet Union|USSR;U.S.S.R.;Union of Soviet Socialist Republics|Soviet|
ES|||Spanish|Madrid
LK||Ceylon|Sri Lankan|Colombo
SD|||Sudanese|Khartoum
SR|||Surinamese|Paramaribo
SE|||Swedish|Stockholm
CH|||Swiss|Berne;Bern;Zurich;Geneva
SY|Syria||Syrian|Damascus
TW|Taiwan||Taiwanese|Taipei
TJ|||Tajik|Dushanbe
TZ|Tanzania||Tanzanian|Dar es Salaam;Dodoma
TH|||Thai|Bangkok
TL|East Timor|Timor-Leste|Timorese|Dili
TG|||Togolese|Lome
TO|||Tongan|
TT||Trinidad|Trinidadian|Port of Spain
TN|||Tunisian|Tunis
TR|Turkey|Türkiye|Turkish|Ankara;Istanbul
TM|||Turkmen|Ashgabat
UG|||Ugandan|Kampala
UA|||Ukrainian|Kyiv;Kiev
AE|United Arab Emirates|UAE;U.A.E.;Emirates|Emirati|Abu Dhabi;Dubai
GB|United Kingdom|UK;U.K.;Britain;Great Britain;England;Scotland;Wales;Northern Ireland|British;Scottish;Welsh|London
US|United States|U.S.;US;USA;U.S.A.;United States of America;America|American|Washington
UY|||Uruguayan|Montevideo
UZ||Republic of Uzbekistan|Uzbek;Uzbekistani|Tashkent
VU|||Ni-Vanuatu|
VG|British Virgin Islands|||
VI|U.S. Virgin Islands|||
VA|Vatican|Holy See;Vatican City||
VE|Venezuela||Venezuelan|Caracas
VN|Vietnam|Viet Nam|Vietnamese|Hanoi
WS||Western Samoa|Samoan|Apia
YE|||Yemeni|Sanaa
YD|South Yemen|People's Democratic Republic of Yemen|South Yemeni|Aden
YU|Yugoslavia||Yugoslav;Yugoslavian|
ZM|||Zambian|Lusaka
ZW||Rhodesia|Zimbabwean|Harare
"""

# Names that contain a country's name or demonym but are not about it: found, and ignored.
_NOT_COUNTRIES = (
    "New Mexico", "New Jersey", "New England", "New South Wales", "New Guinea", "Indian Ocean", "Persian Gulf",
    "American Samoa", "Latin America", "Latin American", "South America", "South American", "Central America",
    "Central American", "North America", "North American", "Arab American", "English Channel", "British Columbia",
    "Pan American", "Inter American", "Inter-American", "Anglo American", "Royal Dutch", "Lake Victoria",
    "Uruguay Round", "Bank of America", "American Express",
)  # fmt: skip

# The state a modern name stood for before a date: "Germany" in 1987 copy is West Germany.
_BEFORE = {
    "DE": (dt.date(1990, 10, 3), "WG"),
    "RU": (dt.date(1991, 12, 26), "SU"),
    "CZ": (dt.date(1993, 1, 1), "CS"),
    "SK": (dt.date(1993, 1, 1), "CS"),
    "RS": (dt.date(2003, 2, 4), "YU"),
    **{code: (dt.date(1991, 6, 25), "YU") for code in ("HR", "SI", "MK", "BA", "ME")},
    **{code: (dt.date(1991, 12, 26), "SU") for code in "AM AZ BY EE GE KG KZ LT LV MD TJ TM UA UZ".split()},
    "ER": (dt.date(1993, 5, 24), "ET"),
    "SS": (dt.date(2011, 7, 9), "SD"),
}
# Words two states share: a story that names only the second in full means it ("Korean" in a North Korea story).
_SHARED = {
    word: codes
    for words, codes in (
        ("korea korean", ("KR", "KP")),
        ("germany german", ("WG", "DD")),
        ("yemen yemeni", ("YE", "YD")),
        ("congo congolese", ("CD", "CG")),
    )
    for word in words.split()
}
# States proclaimed on a date: before it, their names speak of a people or a region ("Palestinian guerrillas").
_SINCE = {"PS": dt.date(1988, 11, 15)}


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2, or a historic code (SU, WG, DD, CS, YU, YD, AN)
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]


@dataclass(frozen=True)
class Mention:
    country: Country
    start: int
    end: int
    kind: str  # "name", "demonym" or "capital"


def _split(field: str) -> tuple[str, ...]:
    return tuple(x for x in field.split(";") if x)


@cache
def countries() -> tuple[Country, ...]:
    """Every country: the table's rows, then the ISO countries it leaves out, by code. The ISO
    list is pycountry's database, read as the JSON it is: importing pycountry takes longer than
    all the rest of an import of one seed."""
    data = package_file("pycountry", "databases", "iso3166-1.json").read_bytes()
    iso: dict[str, dict[str, str]] = {c["alpha_2"]: c for c in json.loads(data)["3166-1"]}
    out: dict[str, Country] = {}
    for line in _TABLE.strip().splitlines():
        code, name, aliases, demonyms, caps = line.split("|")
        known = iso.get(code, {})
        full = known.get("name")
        name = name or _iso_name(known)
        names = _split(aliases)
        if full and "," not in full and full not in (name, *names):
            names += (re.sub(r"\s*\(.*?\)", "", full),)
        out[code] = Country(code, name, names, _split(demonyms), _split(caps))
    for code, known in iso.items():
        if code not in out:
            out[code] = Country(code, _iso_name(known), (), (), ())
    return tuple(sorted(out.values(), key=lambda c: c.code))


def _iso_name(country: dict[str, str]) -> str:
    """The ISO short name, or its common name; 'Congo, The Democratic Republic of the' style forms flipped."""
    name = country.get("common_name") or country.get("name", "")
    name = re.sub(r"\s*\(.*?\)", "", name)
    if ", " in name:
        head, tail = name.split(", ", 1)
        name = head if tail[:1].isupper() and not tail.endswith((" of", " the")) else f"{tail} {head}"
    return name


@cache
def by_code() -> dict[str, Country]:
    return {c.code: c for c in countries()}


@cache
def by_name() -> dict[str, Country]:
    """Normalised name, other name or demonym → country (the first country to claim a word keeps it)."""
    index: dict[str, Country] = {}
    for c in countries():
        for word in (c.name, *c.aliases, *c.demonyms):
            index.setdefault(key(word), c)
    return index


@cache
def by_capital() -> dict[str, Country]:
    index: dict[str, Country] = {}
    for c in countries():
        for cap in c.capitals:
            index.setdefault(key(cap), c)
    return index


def acronyms() -> set[str]:
    """Short forms in capitals (UK, U.S., USSR): kept as they are when a title is recased."""
    return {a for c in countries() for a in c.aliases if a.replace(".", "").isupper()}


def lookup(word: str) -> Country | None:
    """The country a name, short form or demonym names ('Kazakhstan', 'KAZAKHSTAN', 'Kazakh')."""
    return by_name().get(key(word))


def as_of(country: Country, date: dt.date | None) -> Country:
    """The state a name stood for on a date: 'Germany' in 1987 is West Germany."""
    before = _BEFORE.get(country.code)
    if date and before and date < before[0]:
        return by_code()[before[1]]
    return country


def key(text: str) -> str:
    """Case, accents, hyphens and spacing folded: 'Côte d’Ivoire' → "cote d'ivoire"."""
    text = text.casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.replace("’", "'"))
        text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("-", " ").split())


# Words: "U.S." and "W." with their dots; "d'Ivoire" keeps its apostrophe; "Japan's" loses its 's.
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[A-Z]\.(?=\s)|[^\W\d_]+(?:['’](?![sS]\b)[^\W\d_]+)*")
_CAPITALISED = re.compile(r"(?<![^\W\d_])(?=[A-Z])" + _WORD.pattern)
_NEXT_WORD = re.compile(r"(?:\s*-\s*|\s+)(?:" + _WORD.pattern + ")")  # the next word of a name


@dataclass(frozen=True)
class _Entry:
    country: Country | None  # None: a name that is not a country's ("New Mexico")
    kind: str
    exact: bool  # a short form in capitals (UK, USA): matches only in capitals


@cache
def _index() -> tuple[dict[str, _Entry], dict[str, int]]:
    """(Normalised name → entry, normalised first word → the most words a name starting with it has)."""
    index: dict[str, _Entry] = {}

    def add(word: str, country: Country | None, kind: str) -> None:
        index.setdefault(key(word), _Entry(country, kind, word.replace(".", "").isupper()))
        words = _WORD.findall(word)
        first = key(words[0])
        firsts[first] = max(firsts.get(first, 0), len(words))

    firsts: dict[str, int] = {}
    for word in _NOT_COUNTRIES:
        add(word, None, "name")
    for kind, names in (("name", lambda c: (c.name, *c.aliases)), ("demonym", lambda c: c.demonyms)):
        for c in countries():
            for word in names(c):
                add(word, c, kind)
    for c in countries():
        for word in c.capitals:
            add(word, c, "capital")
    return index, firsts


def mentions(text: str, date: dt.date | None = None) -> list[Mention]:
    """Country names, short forms, demonyms and capitals in text, longest match first, in order.

    Names match whatever their case in text written all in capitals or all in lower
    case; in ordinary text they must start with a capital, and short forms in
    capitals (UK, USA) must be in capitals. "US" in an all-capitals text is "us".
    """
    index, firsts = _index()
    upper, lower = sum(map(str.isupper, text)), sum(map(str.islower, text))
    caps = upper > 0 and upper >= 4 * lower
    caseless = caps or upper <= 0.01 * lower
    out: list[Mention] = []
    pos = 0
    for w in (_WORD if caseless else _CAPITALISED).finditer(text):
        if w.start() < pos:
            continue
        most = firsts.get(key(w.group()), 0)
        if not most:
            continue
        ends = [w.end()]  # where the 1st, 2nd … word of a possible name ends
        while len(ends) < most and (nxt := _NEXT_WORD.match(text, ends[-1])):
            ends.append(nxt.end())
        for end in reversed(ends):
            span = text[w.start() : end]
            entry = index.get(key(span))
            if entry and _case_ok(span, entry, caps, caseless):
                if entry.country is not None and not (date and date < _SINCE.get(entry.country.code, date)):
                    out.append(Mention(as_of(entry.country, date), w.start(), end, entry.kind))
                pos = end
                break
    return out


def disambiguate(texts: Sequence[str], found: Sequence[list[Mention]]) -> list[list[Mention]]:
    """Mentions of the texts of one story (`found[i]` in `texts[i]`), a word two states share given to
    the one of them the story names in full, if it names only that one: "Korean" beside "North Korea"."""
    full = {
        m.country.code
        for text, ms in zip(texts, found, strict=True)
        for m in ms
        if key(text[m.start : m.end]) not in _SHARED
    }
    out: list[list[Mention]] = []
    for text, ms in zip(texts, found, strict=True):
        row = []
        for m in ms:
            shared = _SHARED.get(key(text[m.start : m.end]), ())
            if m.country.code in shared and m.country.code not in full:
                other = [code for code in shared if code in full]
                if len(other) == 1:
                    m = replace(m, country=by_code()[other[0]])
            row.append(m)
        out.append(row)
    return out


def _case_ok(span: str, entry: _Entry, caps: bool, caseless: bool) -> bool:
    if entry.exact:
        return span.isupper() and not (caps and span == "US")
    return caseless or span[:1].isupper()
