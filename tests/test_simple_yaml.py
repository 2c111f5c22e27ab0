"""The front-matter fast path reads exactly what YAML reads, or leaves the text to YAML."""

from __future__ import annotations

import datetime as dt

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive import content, simple_yaml

from .conftest import ORIGINAL_SEED

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
KEY = st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True)
VALUE = st.one_of(
    TEXT,
    st.dates(),
    st.integers(),
    st.booleans(),
    st.none(),
    st.lists(TEXT, max_size=4),
    st.dictionaries(KEY, TEXT, max_size=3),
)


def dump(fm: dict) -> str:
    return yaml.dump(fm, Dumper=content.YamlDumper, sort_keys=False, allow_unicode=True, width=1 << 30)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(KEY, VALUE, max_size=6))
def test_whatever_it_reads_yaml_reads_the_same(fm: dict) -> None:
    text = dump(fm)
    fast = simple_yaml.load(text)
    assert fast is None or fast == yaml.load(text, Loader=content.YamlLoader)


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from("ab:- #'\"\n\t yN1.é"), max_size=40))
def test_any_text_is_read_as_yaml_would_or_left_to_it(text: str) -> None:
    fast = simple_yaml.load(text)
    if fast is not None:
        assert fast == yaml.load(text, Loader=content.YamlLoader)


def test_an_imported_article_takes_the_fast_path(site) -> None:
    site.seed(ORIGINAL_SEED.name, ORIGINAL_SEED.read_bytes())
    site.run("import")
    [path] = site.articles()
    fm_text, _ = content.split(path.read_text(encoding="utf-8"))  # as the build splits it
    fast = simple_yaml.load(fm_text)
    assert fast is not None and fast == yaml.load(fm_text, Loader=content.YamlLoader)
    assert fast["date"] == dt.date(2020, 12, 15) and fast["location"]["city"] == "Baku"


def test_nulls_booleans_and_empty_collections() -> None:
    text = "source: null\ntitle_derived: true\norganisations: []\nlocation: {}\n"
    assert simple_yaml.load(text) == yaml.load(text, Loader=content.YamlLoader)
    assert simple_yaml.load(text) == {"source": None, "title_derived": True, "organisations": [], "location": {}}


def test_what_it_leaves_to_yaml() -> None:
    for text in ("title: yes\n", "title: 'quoted'\n", "n: 12\n", "a: b # note\n", "list:\n", "a: 1:2\n", "x:\n  - a\n"):
        assert simple_yaml.load(text) is None, text
