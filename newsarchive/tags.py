"""Tags: what the tag pages are made from, and the slugs of everything.

An article's tags are its places, then its organisations, then its topics,
then its source (docs/metadata.md); the field a tag comes from is its kind.
One concept is one tag: names are canonical ("KAZAKHSTAN", "Republic of
Kazakhstan" → "Kazakhstan"). Slugs are ASCII (Cyrillic transliterated),
stable, safe as a single path segment on any file system; different tags
whose slugs collide get distinct slugs from unique_slugs().
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from . import countries

if TYPE_CHECKING:
    from .extract import Metadata

SLUG_MAX = 80

_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
        "a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya a g q n o u u h i".split(),
        strict=True,
    )
)
_CYRILLIC.update({"ъ": "", "ь": "", "є": "ye", "ї": "yi", "ґ": "g", "ў": "o", "қ": "q", "ғ": "g", "ҳ": "h"})
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


KINDS = ("places", "organisations", "topics", "source")  # the front-matter fields tags come from, in order


def tags_for(meta: Metadata) -> list[str]:
    """The tags of an article: its places, organisations, topics and source; one per slug."""
    tags: list[str] = []
    seen: set[str] = set()
    for tag in (*meta.places, *meta.organisations, *meta.topics, *([meta.source] if meta.source else [])):
        slug = slugify(canonical(tag))
        if slug not in seen:
            seen.add(slug)
            tags.append(canonical(tag))
    return tags


def canonical(tag: str) -> str:
    """One name per concept: a country's short name for any of its names ('KAZAKHSTAN' → 'Kazakhstan')."""
    tag = " ".join(tag.split())
    country = countries.lookup(tag)
    if country and tag not in country.demonyms:
        return country.name
    return tag


def unique_slugs(tags: Iterable[str]) -> dict[str, str]:
    """Tag → slug, distinct for distinct tags: where slugs collide ('C++', 'C'), the tags after
    the first in the order given get -2, -3 … (the build gives them in order of first use, so a
    tag keeps its slug when a newer one collides with it)."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for tag in dict.fromkeys(tags):
        base = slug = slugify(tag)
        n = 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        out[tag] = slug
    return out


@lru_cache(maxsize=1 << 16)
def slugify(text: str, max_len: int = SLUG_MAX) -> str:
    """'Kazakhstan, Uzbekistan: co-op!' → 'kazakhstan-uzbekistan-co-op'. Never empty, never a path trick."""
    lowered = "".join(_CYRILLIC.get(c, c) for c in text.casefold())
    ascii_text = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_len:  # cut at a hyphen in the second half, else within the word
        cut = slug[: max_len + 1].rsplit("-", 1)[0]
        slug = (cut if max_len // 2 <= len(cut) <= max_len else slug[:max_len]).strip("-")
    if not slug:
        return "x-" + hashlib.sha256(text.encode()).hexdigest()[:8]
    if slug in _RESERVED:
        slug += "-1"
    return slug
