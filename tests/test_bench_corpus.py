"""The benchmark's synthetic corpus: deterministic, shaped like real seeds, and importable."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from newsarchive import content
from newsarchive.importer import import_seeds

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import corpus  # noqa: E402

N = 20


def test_the_generator_is_deterministic() -> None:
    first = list(corpus.generate(N))
    assert first == list(corpus.generate(N))
    assert list(corpus.generate(5, start=N - 5)) == first[-5:]  # seed i depends on i only
    assert first != list(corpus.generate(N, seed=2))
    newest = [text for _, text in corpus.generate(3, start=N, newest=True)]  # the seeds a benchmark adds
    assert [t[6:16] for t in newest] == ["2024-12-28", "2024-12-29", "2024-12-30"]
    assert max(t[6:16] for _, t in first) < newest[0][6:16]


def test_seeds_are_shaped_like_real_ones() -> None:
    for _, text in corpus.generate(N):
        assert 1500 <= len(text.encode("utf-8")) <= 4096
        head, title, dateline, *paragraphs = text.strip("\n").split("\n\n")
        assert re.fullmatch(r" date \d{4}-\d{2}-\d{2} .+", head) and head.endswith(title)
        assert re.fullmatch(r"[A-Z .]+, [A-Z][A-Za-z ]+, [A-Z][a-z]+\.? \d{1,2}", dateline)
        assert 5 <= len(paragraphs) <= 15


def test_seeds_import_with_our_importer(tmp_path: Path) -> None:
    paths = corpus.write(tmp_path / "seeds", N)
    report = import_seeds([tmp_path / "seeds"], tmp_path / "content")
    assert not report.errors and not report.warnings
    assert len(report.imported) == len(paths) == N
    years = set()
    for path in report.imported:
        fm, body = content.parse(path.read_text(encoding="utf-8"))
        assert fm["dateline"] and fm["places"] and fm["topics"] and fm["tags"] and body
        assert fm["location"]["country"] in fm["places"]
        years.add(fm["date"].year)
    assert len(years) > 5  # dates spread over the years
