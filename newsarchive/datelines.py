"""Recognise wire-service datelines and split them from the text they open.

Styles handled (see tests/test_datelines.py):
  BAKU, Azerbaijan, Dec. 15             (Trend; also "ALMATY, Kazakhstan, Jan. 5 (Trend)")
  CALGARY, Alberta, March 3 -           (Reuters; also lower case, typos: "Narch 2")
  ASTANA. KAZINFORM –                   (Kazinform, often running into the text)
  TASHKENT, Uzbekistan (AP) —           (AP)
  (Reuters) -                           (agency only)
  LONDON                                (a city alone, in capitals)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

DASH = r"(?:-{1,2}|–|—)(?=\s|$)"
_PLACE = r"[^\W\d_][^,()\n]{0,40}?(?:,\s*[^\W\d_][^,()\n]{0,30}?){0,2}"
_MONTH_DAY = r"(?P<month>[A-Za-z]{3,9})\.?\s*(?P<day>\d{1,2})"

# PLACE, Month D[, Reuter] [-]   e.g. "BAKU, Azerbaijan, Dec. 15", "CALGARY, Alberta, March 3 -"
# (also "ALMATY, Kazakhstan, Jan. 5 (Trend)")
_DATED = re.compile(
    rf"(?P<place>{_PLACE})(?P<comma>,?)\s+{_MONTH_DAY}"
    rf"(?:,\s*(?P<agency>Reuters?)|\s+\((?P<agency2>[A-Z][A-Za-z]{{1,20}})\))?(?:\s*{DASH})?"
)
# CITY. AGENCY -   e.g. "ASTANA. KAZINFORM –"
_AGENCY_DOT = re.compile(rf"(?P<place>[A-Z][A-Z'’ -]{{1,40}}?)\.\s+(?P<agency>[A-Z][A-Za-z]{{1,20}})\s*{DASH}")
# PLACE (AGENCY) -   e.g. "TASHKENT, Uzbekistan (AP) —", "(Reuters) -"
_AGENCY_PAREN = re.compile(rf"(?P<place>{_PLACE})?\s*\((?P<agency>[A-Z][A-Za-z]{{1,20}})\)\s*{DASH}")
# A city alone, in capitals: "LONDON", "NEW YORK", optionally followed by a dash.
_CITY_ALONE = re.compile(rf"(?P<place>[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){{0,2}})(?:\s*{DASH})?")
# Any short line that ends in a dash, as Reuters datelines do ("MAR8 -").
_DASH_ENDED = re.compile(rf"(?P<place>[^\n]{{1,60}}?)\s+{DASH}")

_ANYWHERE = (_DATED, _AGENCY_DOT, _AGENCY_PAREN)
MAX_DATELINE = 80


@dataclass(frozen=True)
class Dateline:
    """A dateline taken apart: the place as written, and what else it says."""

    text: str
    place: tuple[str, ...]  # comma-separated parts, as written: ("CALGARY", "Alberta")
    month: int | None = None
    day: int | None = None
    agency: str | None = None


def split_dateline(block: str) -> tuple[str, str] | None:
    """Split a dateline off the start of a block: (dateline, rest) or None.

    A block that is only a dateline gives rest == "". A dateline may run into
    the text only when it ends in a dash or names an agency, so that ordinary
    sentences ("Washington, March 3 was ...") are not taken for datelines.
    """
    for pattern in _ANYWHERE:
        m = pattern.match(block)
        if not m or m.end() > MAX_DATELINE:
            continue
        rest = block[m.end() :].strip()
        head = m.group(0).strip()
        if pattern is _DATED and not _month(m.group("month")) and not (m.group("comma") and _looks_dated(head, rest)):
            continue  # "Word 12" is a dateline only with a dash, or alone under a capitalised place
        if rest and not re.search(DASH + r"$", head):
            continue
        return head, rest
    if len(block) <= MAX_DATELINE:
        for pattern in (_CITY_ALONE, _DASH_ENDED):
            m = pattern.fullmatch(block)
            if m:
                return block.strip(), ""
    return None


def parse_dateline(text: str) -> Dateline:
    """Take a dateline returned by split_dateline apart."""
    body = re.sub(DASH + r"\s*$", "", text).strip()
    month = day = None
    agency = None
    for pattern in _ANYWHERE:
        m = pattern.match(text)
        if not m:
            continue
        groups = m.groupdict()
        agency = groups.get("agency") or groups.get("agency2")
        if groups.get("month"):
            month = _month(groups["month"])
            day = int(groups["day"]) if month and 1 <= int(groups["day"]) <= 31 else None
        body = groups.get("place") or ""
        break
    parts = tuple(p.strip(" .") for p in body.split(",") if p.strip(" ."))
    return Dateline(text=text, place=parts, month=month, day=day if month else None, agency=agency)


def dateline_date(dateline: Dateline, date: dt.date) -> dt.date | None:
    """The dateline's day, its year taken from the article's date; None without a month and day.

    A dateline may be a day off the date (time zones, a story filed before
    midnight): "Dec. 31" on a story dated 1 January is the year before.
    """
    if not dateline.month or not dateline.day:
        return None
    for year in (date.year, date.year - 1, date.year + 1):
        try:
            day = dt.date(year, dateline.month, dateline.day)
        except ValueError:
            continue  # Feb. 29 in another year, or a typo ("April 31")
        if abs((day - date).days) <= 183:
            return day
    return None


def _looks_dated(head: str, rest: str) -> bool:
    """A dateline whose month is misspelt ("Narch 2"): trust a dash, or a capitalised place on its own line."""
    first = head.split(",")[0]
    return bool(re.search(DASH + r"$", head)) or (not rest and first.isupper())


def _month(word: str) -> int | None:
    """Month number from a month name or abbreviation, or None (typos give None)."""
    key = word.lower()[:3]
    if key in MONTHS and MONTHS_FULL.get(key, key).startswith(word.lower().rstrip(".")):
        return MONTHS[key]
    return None


MONTHS_FULL = {
    "jan": "january", "feb": "february", "mar": "march", "apr": "april", "may": "may",
    "jun": "june", "jul": "july", "aug": "august", "sep": "september", "oct": "october",
    "nov": "november", "dec": "december",
}  # fmt: skip
