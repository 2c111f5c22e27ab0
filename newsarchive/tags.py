"""Tags: what the tag pages are made from, and the slugs of everything.

First cut: the countries an article names and its source. Slugs are ASCII,
stable, safe as a single path segment on any file system.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from .extract import Metadata

SLUG_MAX = 80

_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
        "a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya a g q n o u u h i".split(),
        strict=True,
    )
)
_CYRILLIC.update({"ъ": "", "ь": ""})
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def tags_for(meta: Metadata) -> list[str]:
    """The tags of an article: its places, then its source."""
    tags = list(meta.places)
    if meta.source and meta.source not in tags:
        tags.append(meta.source)
    return tags


@lru_cache(maxsize=1 << 16)
def slugify(text: str, max_len: int = SLUG_MAX) -> str:
    """'Kazakhstan, Uzbekistan: co-op!' → 'kazakhstan-uzbekistan-co-op'. Never empty, never a path trick."""
    lowered = "".join(_CYRILLIC.get(c, c) for c in text.casefold())
    ascii_text = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_len:
        slug = slug[: max_len + 1].rsplit("-", 1)[0] or slug[:max_len]
    if not slug:
        return "x-" + hashlib.sha256(text.encode()).hexdigest()[:8]
    if slug in _RESERVED:
        slug += "-1"
    return slug
