import re

import pytest

from newsarchive.extract import Metadata
from newsarchive.tags import KINDS, SLUG_MAX, canonical, slugify, tags_for, unique_slugs


def meta(**kw: object) -> Metadata:
    base: dict[str, object] = {"title": "t", "title_original": None, "title_derived": False, "dateline": None}
    return Metadata(**(base | kw))  # type: ignore[arg-type]


def test_tags_are_places_organisations_topics_then_source() -> None:
    m = meta(places=("Kazakhstan",), organisations=("Kazsat",), topics=("space",), source="Trend")
    assert tags_for(m) == ["Kazakhstan", "Kazsat", "space", "Trend"]
    assert KINDS == ("places", "organisations", "topics", "source")


def test_one_tag_per_concept() -> None:
    assert canonical("KAZAKHSTAN") == canonical("Republic of Kazakhstan") == "Kazakhstan"
    assert canonical("U.S.") == "United States"
    m = meta(places=("Kazakhstan",), organisations=("KAZAKHSTAN",), source="Trend")
    assert tags_for(m) == ["Kazakhstan", "Trend"]


def test_slugs_are_ascii_and_transliterate_cyrillic() -> None:
    assert slugify("Kazakhstan, Uzbekistan: co-op!") == "kazakhstan-uzbekistan-co-op"
    assert slugify("Қазақстан") == "qazaqstan"
    assert slugify("Казинформ") == "kazinform"
    assert slugify("Côte d'Ivoire") == "cote-d-ivoire"
    assert slugify("../etc") == "etc"
    assert slugify("中文").startswith("x-")  # nothing transliterable: a stable hash
    assert slugify("CON") == "con-1"


@pytest.mark.parametrize(
    "text",
    ["x" * 200, "a-" + "x" * 200, "word " * 100, "Title " + "x" * 1990, "Қазақстан" * 40, "../" * 100 + "x" * 90],
)
def test_slugs_are_never_longer_than_max_len(text: str) -> None:
    for max_len in (SLUG_MAX, 10):
        slug = slugify(text, max_len)
        assert 0 < len(slug) <= max_len
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug), slug
    assert slugify("word " * 100) == "-".join(["word"] * 16)  # cut at a hyphen when one is near the end
    assert slugify("x" * 200) == "x" * SLUG_MAX  # one long word: cut within it


def test_colliding_slugs_are_made_distinct_and_the_first_keeps_its_slug() -> None:
    tags = ["C++", "C", "c", "Space", "C 2"]
    slugs = unique_slugs(tags)
    assert len(set(slugs.values())) == len(slugs) == 5
    assert (slugs["C++"], slugs["C"], slugs["c"], slugs["C 2"]) == ("c", "c-2", "c-3", "c-2-2")
    assert unique_slugs([*tags, "C#"])["C++"] == "c"  # a newcomer never takes an existing slug
    assert slugs["Space"] == "space"
