"""`python build.py check` verifies content/: each file it cannot use is named with a reason."""

from __future__ import annotations

import pytest

from .conftest import SiteDir

GOOD = "---\ntitle: Fine\ndate: 2020-01-02\n---\n\nBody.\n"

BROKEN = [  # (case, file text, reason)
    ("front matter not YAML", "---\ntitle: [unclosed\ndate: 2020-01-02\n---\n\nBody.\n", "not valid YAML (line 4)"),
    ("front matter not closed", "---\ntitle: T\ndate: 2020-01-02\n\nBody.\n", "not closed by a '---' line"),
    ("no front matter", "Just text.\n", "no front matter"),
    ("front matter a list", "---\n- a\n- b\n---\n\nBody.\n", "not a mapping"),
    ("a Python object tag", "---\ntitle: !!python/object:os.system x\ndate: 2020-01-02\n---\n", "not valid YAML"),
    ("no date", "---\ntitle: T\n---\n\nBody.\n", "no date in the front matter"),
    ("month 13", "---\ntitle: T\ndate: 2020-13-45\n---\n\nBody.\n", "date '2020-13-45' is not a real date"),
    ("year zero", "---\ntitle: T\ndate: 0000-00-00\n---\n\nBody.\n", "date '0000-00-00' is not a real date"),
    ("date in words", "---\ntitle: T\ndate: tomorrow\n---\n\nBody.\n", "date 'tomorrow' is not an ISO 8601 date"),
    ("date a number", "---\ntitle: T\ndate: 2020\n---\n\nBody.\n", "date 2020 is not a date"),
    ("no title", "---\ndate: 2020-01-02\n---\n\nBody.\n", "no title in the front matter"),
    ("title yes", "---\ntitle: yes\ndate: 2020-01-02\n---\n\nBody.\n", "title True is not text (put it in quotes)"),
    ("not UTF-8", "---\ntitle: Caf\udce9\ndate: 2020-01-02\n---\n", "not UTF-8 text"),
]


@pytest.mark.parametrize(("text", "reason"), [c[1:] for c in BROKEN], ids=[c[0] for c in BROKEN])
def test_check_names_a_broken_content_file_and_its_reason(
    site: SiteDir, capsys: pytest.CaptureFixture[str], text: str, reason: str
) -> None:
    day = site.content / "2020/01/02"
    day.mkdir(parents=True)
    (day / "fine.md").write_text(GOOD)
    broken = day / "broken.md"
    broken.write_bytes(text.encode("utf-8", errors="surrogateescape"))
    assert site.run("build") == 1  # the build leaves it out, says so, and builds the rest
    assert (site.output / "2020/01/02/fine/index.html").is_file()
    capsys.readouterr()
    assert site.run("check") == 1
    out = capsys.readouterr().out
    [line] = [line for line in out.splitlines() if line.startswith(str(site.content))]  # only the broken file
    assert line.startswith(f"{broken}: ") and reason in line
    assert "checked" in out and "1 problems" in out


def test_check_names_articles_that_would_share_a_url(site: SiteDir, capsys: pytest.CaptureFixture[str]) -> None:
    day = site.content / "2020/01/02"
    day.mkdir(parents=True)
    (day / "story.md").write_text(GOOD)
    (day / "Story.md").write_text(GOOD.replace("Fine", "Other"))  # the same slug on a case-sensitive disk
    other = site.content / "2020/01/03"
    other.mkdir(parents=True)
    (other / "story.md").write_text(GOOD.replace("Fine", "Misfiled"))  # dated 2020-01-02: the same URL again
    site.run("build")
    capsys.readouterr()
    assert site.run("check") == 1
    out = capsys.readouterr().out
    first = day / "Story.md"
    assert f"{day / 'story.md'}: same date and slug as {first}; left out" in out
    assert f"{other / 'story.md'}: same date and slug as {first}; left out" in out


def test_check_passes_a_clean_site(site: SiteDir, capsys: pytest.CaptureFixture[str]) -> None:
    (site.content / "2020/01/02").mkdir(parents=True)
    (site.content / "2020/01/02/fine.md").write_text(GOOD)
    assert site.run("build") == 0
    assert site.run("check") == 0
    assert ": 0 problems" in capsys.readouterr().out
