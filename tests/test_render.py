"""Rendering: the plain-paragraph fast path gives exactly what Python-Markdown gives."""

from __future__ import annotations

import posixpath

import markdown
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsarchive import urls
from newsarchive.content import body_markdown
from newsarchive.render import plain_paragraphs

MD = markdown.Markdown(output_format="html")
LINE = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"),
    min_size=1,
    max_size=60,
)


@settings(max_examples=400, deadline=None)
@given(st.lists(LINE, min_size=1, max_size=4))
@example(["Hello world.", "It's 5% - ok; (yes) 'q' / x=y ~ ^ | $ @ %"])
@example(["1987 was a year.", "1. no", "Ab. cd"])
def test_fast_path_agrees_with_python_markdown(paragraphs: list[str]) -> None:
    text = "\n\n".join(paragraphs) + "\n"
    fast = plain_paragraphs(text)
    if fast is not None:
        assert fast == MD.reset().convert(text)


def test_fast_path_takes_plain_prose_and_leaves_the_rest() -> None:
    plain = body_markdown(("The delegation visited Kazakhstan.", 'A proposal on "Kazsat" (satellite) was voiced.'))
    assert plain_paragraphs(plain) == (
        '<p>The delegation visited Kazakhstan.</p>\n<p>A proposal on "Kazsat" (satellite) was voiced.</p>'
    )
    for text in ("# heading", "a *b*", "x <y>", "1. list", "a & b", "    code", "- item", "a\nb"):
        assert plain_paragraphs(text) is None, text


@given(
    st.lists(st.sampled_from(["a", "b", "2020", "tags", "x-y"]), max_size=4),
    st.lists(st.sampled_from(["a", "b", "2020", "tags", "x-y"]), max_size=4),
)
def test_relative_links_agree_with_posixpath(src: list[str], dst: list[str]) -> None:
    page, target = "/".join([*src, "index.html"]), "/".join([*dst, "index.html"])
    link = posixpath.relpath(target, posixpath.dirname(page) or ".")
    links = urls.Links(page)
    assert [links(target), links("feed.xml")] == [link, posixpath.relpath("feed.xml", posixpath.dirname(page) or ".")]
    pretty = urls.Links(page, pretty=True)  # with pretty URLs: to the folder
    assert pretty(target) == (link.removesuffix("index.html") or "./")
