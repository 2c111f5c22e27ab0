"""Raw seed text → Seed: date, title, dateline and paragraphs.

A seed is untrusted text cut from a wire feed or a web page:

     date 2020-12-15 Kazakhstan, Uzbekistan developing co-op in space field

    Kazakhstan, Uzbekistan developing co-op in space field

    BAKU, Azerbaijan, Dec. 15

    A delegation of the Agency of Space Research ...

Real seeds vary (CRLF, BOM, indentation, a language marker for a title, no
title, the dateline running into the text, web-page remnants, hard-wrapped
paragraphs). This module only finds the structure; extract.py reads meaning
into it. Nothing here knows about Markdown or HTML.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from .datelines import split_dateline

MAX_SEED_BYTES = 1024 * 1024  # the longest real wire texts are tens of KB
TITLE_MAX = 100  # a derived headline is cut at a word boundary to this length
HEAD_MAX = 5_000  # a longer first line is text, not a title: the title is derived from it


class SeedError(Exception):
    """A seed that cannot be imported; str() is 'path: reason'."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Seed:
    file: str  # the seed's file name, its identity in content/
    sha256: str  # of the raw bytes
    date: dt.date
    title: str
    title_derived: bool  # no title in the text: made from the first sentence
    dateline: str | None
    paragraphs: tuple[str, ...]  # prose on one line; a table keeps its lines ("\n")
    language: str | None = None
    notes: tuple[str, ...] = ()  # assumptions made while reading (e.g. the encoding)


def read_seed(path: Path, today: dt.date | None = None) -> Seed:
    """Read and parse one seed file; raises SeedError."""
    return parse_seed(read_seed_bytes(path), path.name, display=str(path), today=today)


def read_seed_bytes(path: Path) -> bytes:
    """A seed file's bytes; raises SeedError if it cannot be read or is over MAX_SEED_BYTES
    (never reading more than the limit, however large the file)."""
    try:
        with path.open("rb") as f:
            data = f.read(MAX_SEED_BYTES + 1)
            size = os.fstat(f.fileno()).st_size
    except OSError as e:
        raise SeedError(str(path), f"cannot be read ({e.strerror or e})") from None
    if len(data) > MAX_SEED_BYTES:
        limit = f"{MAX_SEED_BYTES >> 20} MiB"
        raise SeedError(str(path), f"too large ({max(size, len(data)) / 2**20:.1f} MiB; the limit is {limit})")
    return data


def parse_seed(data: bytes, name: str, display: str | None = None, today: dt.date | None = None) -> Seed:
    """Parse a seed's bytes. `name` is its file name; errors name `display`."""
    where = display or name
    text, notes = _decode(data, where)
    lines = _normalise(text)

    # The date line: the first non-blank line, " date YYYY-MM-DD <title>".
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None:
        raise SeedError(where, "empty file")
    m = re.fullmatch(r"date\s+(\S+)(?:\s+(.*))?", lines[start].strip(), re.IGNORECASE)
    if not m:
        raise SeedError(where, f"no date line: expected ' date YYYY-MM-DD title' first, found {_quote(lines[start])}")
    date = _parse_date(m.group(1), where, today or dt.date.today())
    head = (m.group(2) or "").strip()

    # The header runs on until the first blank line (a hard-wrapped first paragraph).
    rest = lines[start + 1 :]
    cont = next((i for i, line in enumerate(rest) if not line.strip()), len(rest))
    head = " ".join([head, *(line.strip() for line in rest[:cont])]).strip()
    blocks = [b for b in _blocks(rest[cont:]) if not is_noise(b)]
    if len(head) > HEAD_MAX:
        notes.append(f"first line is {len(head):,} characters: read as text, the title made from its first sentence")
        blocks.insert(0, head)
        head = ""

    language = None
    if re.fullmatch(r"[A-Z]{2}(?:-[A-Z]{2})?:?", head):
        language, head = head.rstrip(":").lower(), ""
    elif is_noise(head):
        head = ""

    title: str | None = None
    dateline: str | None = None
    split = split_dateline(head) if head else None
    if split and split[1]:  # " date 2016-04-15 TASHKENT. KAZINFORM - The Presidents of ..."
        dateline = split[0]
        blocks.insert(0, split[1])
    elif head:
        title = head
    elif blocks and not split_dateline(blocks[0]) and _title_like(blocks[0]):
        title = blocks.pop(0)

    if title and blocks and _same(blocks[0], title):
        blocks.pop(0)  # the title repeated
    if dateline is None and blocks:
        split = split_dateline(blocks[0])
        if split:
            dateline = split[0]
            blocks[0:1] = [split[1]] if split[1] else []
    if not blocks:
        raise SeedError(where, "no body: the seed has no paragraphs after its title and dateline")

    derived = title is None
    if title is None:
        title = derive_title(blocks[0])
    return Seed(
        file=name,
        sha256=hashlib.sha256(data).hexdigest(),
        date=date,
        title=title,
        title_derived=derived,
        dateline=dateline,
        paragraphs=tuple(blocks),
        language=language,
        notes=tuple(notes),
    )


def derive_title(paragraph: str) -> str:
    """A headline from the first sentence, cut at a word boundary."""
    first = re.split(r"(?<=[a-z0-9)\"”’])[.!?](?=\s+[A-Z\"“‘])", paragraph, maxsplit=1)[0].strip()
    first = first.rstrip(".")
    if len(first) <= TITLE_MAX:
        return first
    cut = first[: TITLE_MAX + 1].rsplit(" ", 1)[0].rstrip(" ,;:-–—")
    return cut + "…"


# Web-page remnants that must never become the title, the dateline or a paragraph.
_MONTH_NAMES = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_NOISE = [
    re.compile(r"By\s+[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&)){0,4}"),  # By Trend
    re.compile(  # 16 November 2019 18:48 (UTC+04:00), 16:55, 20 March 2019 | GMT +6
        rf"(?=.*\d{{1,2}}:\d{{2}})(?=.*(?:{_MONTH_NAMES}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}|UTC|GMT))"
        r"[\w .,:|()+/-]{5,60}",
        re.IGNORECASE,
    ),
    re.compile(rf"\d{{1,2}} {_MONTH_NAMES} \d{{4}}|{_MONTH_NAMES} \d{{1,2}},? \d{{4}}", re.IGNORECASE),
    re.compile(r"(?:Photo|Photos|Image|Picture|Фото)(?:\s*(?:credit|by|source))?\s*[:©/].{0,100}", re.IGNORECASE),
    re.compile(r"©.{0,100}|\(?(?:Photo|Image)\)?\s*(?:by\s)?.{0,60}(?:/|\|)\s*(?:AP|AFP|Reuters|Getty.*)\)?"),
    re.compile(r"[\w .'’&-]{1,30}(?:(?:\s*[»>→]|\s+[/|:]{1,2})\s*[\w .'’&-]{1,30}){1,6}"),  # Home » Politics
    re.compile(
        r"(?:Home|Main|Menu|Share|Print|Read more|Read also|Advertisement|Subscribe|Back|Next|Previous"
        r"|Related news|Follow us.*)[ :.»>]*",
        re.IGNORECASE,
    ),
]


def is_noise(block: str) -> bool:
    """True for bylines, time stamps, photo credits and navigation lines."""
    text = block.strip()
    if not text or "\n" in text or len(text) > 120:
        return False
    if re.search(r"[.!?]$", text) and len(text.split()) > 6:
        return False  # a sentence, however it starts
    return any(p.fullmatch(text) for p in _NOISE)


def _decode(data: bytes, where: str) -> tuple[str, list[str]]:
    """Bytes → text: UTF-8 (with or without a BOM), UTF-16 with a BOM; mostly-UTF-8 with a few
    bad bytes replaced; otherwise Windows-1251 or Windows-1252. What was assumed is noted."""
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[2:].decode(codec), [f"read as {codec.upper()} (it starts with that byte order mark)"]
            except UnicodeDecodeError:
                reason = f"not valid {codec.upper()} text, though it starts with its byte order mark"
                raise SeedError(where, reason) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        raise SeedError(where, f"binary data (a NUL byte at offset {nul:,}), not a text seed")
    controls = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    if controls > max(2, len(data) // 100):
        raise SeedError(where, f"binary data ({controls:,} control bytes), not a text seed")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8-sig", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for c in text if ord(c) > 0x7F) - bad
    if good > bad:  # UTF-8 text with a few broken bytes
        return text, [f"invalid UTF-8: {bad:,} bad byte sequence{'s' if bad > 1 else ''} shown as U+FFFD"]
    high = sum(1 for b in data if b >= 0x80)
    letters = sum(1 for b in data if 65 <= b <= 90 or 97 <= b <= 122) + high
    if high > 0.3 * letters:
        return data.decode("cp1251", errors="replace"), ["not UTF-8: read as Windows-1251 (Cyrillic)"]
    return data.decode("cp1252", errors="replace"), ["not UTF-8: read as Windows-1252 (Latin-1)"]


def _normalise(text: str) -> list[str]:
    """Line ends, odd spaces and invisible characters made plain; lines right-stripped."""
    text = re.sub(r"\r\n?|[\u2028\u2029]", "\n", text)
    text = re.sub(r"[\u00a0\u2007\u202f\u2000-\u200a\u3000]", " ", text)
    text = re.sub(r"[\u200b-\u200d\u2060\ufeff]", "", text)
    text = text.replace("\t", "    ")
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]", "", text)
    return [line.rstrip() for line in text.split("\n")]


def _parse_date(value: str, where: str, today: dt.date) -> dt.date:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise SeedError(where, f"bad date {_quote(value)}: expected YYYY-MM-DD")
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise SeedError(where, f"impossible date {_quote(value)}") from None
    if date.year < 1800:
        raise SeedError(where, f"implausible date {_quote(value)}: before 1800")
    if date > today + dt.timedelta(days=1):
        raise SeedError(where, f"date {_quote(value)} is in the future")
    return date


def _blocks(lines: list[str]) -> list[str]:
    """Blank-line separated blocks. Prose is joined onto one line; a table keeps its lines."""
    blocks: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(_join(current))
            current = []
    return [b for b in blocks if b]


def _join(lines: list[str]) -> str:
    spaced = sum(1 for line in lines if re.search(r"\S {2,}\S", line))
    if len(lines) >= 2 and spaced >= max(2, len(lines) // 2):
        return textwrap.dedent("\n".join(lines)).strip("\n")
    out = ""
    for line in (line.strip() for line in lines):
        if out.endswith("-") and re.search(r"[a-z]-$", out) and line[:1].islower():
            out += line  # a word hyphenated across a hard wrap keeps its hyphen
        else:
            out = f"{out} {line}" if out else line
    return re.sub(r" {2,}", " ", out)


def _title_like(block: str) -> bool:
    return "\n" not in block and len(block) <= 200


def _same(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(s.split()).casefold()

    return norm(a) == norm(b)


def _quote(text: str, limit: int = 40) -> str:
    text = text.strip()
    return repr(text if len(text) <= limit else text[:limit] + "…")
