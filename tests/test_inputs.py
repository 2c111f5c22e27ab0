"""Listings of seeds/ and content/: made whole, or brought up to date from the paths a watcher told."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsarchive.inputs import (
    PATCH_MAX,
    Unpacked,
    changes,
    content_files,
    content_files_since,
    pack,
    patched,
    txt_files,
    txt_files_since,
)

# Names that exercise the listings' rules: hidden files and folders, other suffixes, a folder
# named like a file, names that sort around "/" ("a-b" < "a/x" < "a0"); "l" starts as a link to a folder.
NAMES = ["a", "a-b", "a0", ".h", "x.md", "y.txt", "z.md.txt", ".w.md", ".v.txt", "b.md", "c.txt", "l"]
paths = st.lists(st.sampled_from(NAMES), min_size=1, max_size=3).map(lambda parts: os.path.join(*parts))
steps = st.lists(
    st.tuples(st.sampled_from(["write", "folder", "remove", "link", "untold"]), paths, st.integers(1, 3)),
    min_size=1,
    max_size=12,
)


def _apply(root: Path, step: tuple[str, str, int]) -> set[str]:
    """Do one step under root; the paths a watcher would tell: the path, and the same through any
    link to a folder; for a new folder, the folder only (as when its files came before the
    watcher saw it)."""
    kind, rel, n = step
    path = root / rel
    told = {str(path), os.path.join(os.path.realpath(path.parent), path.name)}
    if kind == "remove":
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.is_dir():
            shutil.rmtree(path)
        return told
    if not path.parent.is_dir() or path.is_symlink():
        return set()
    if kind == "write" and not path.is_dir():
        path.write_text("x" * n)
        return told
    if kind == "folder" and not path.exists():
        path.mkdir()
        for name in NAMES[: n * 3]:
            (path / name).write_text(name)
        return told
    if kind == "link" and not path.exists():
        # To a file or a folder, or dangling; outside the tree, so that no later step changes what
        # it leads to (a watcher tells a change to a link's target by the target's path only: the
        # preview's check after quiet time finds such changes).
        path.symlink_to(root.parent / ["file.md", "folder", "gone"][n - 1])
        return told
    if kind == "untold" and path.is_file():  # changed twice: told once, with both changes done
        path.write_text("y" * (n + 5))
        return told
    return set()


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps)
def test_a_listing_brought_up_to_date_from_what_changed_is_the_listing_made_whole(tmp_path: Path, steps) -> None:
    root = tmp_path / "tree"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    (tmp_path / "file.md").write_text("f")
    (tmp_path / "folder").mkdir(exist_ok=True)
    (tmp_path / "folder" / "b.md").write_text("b")
    for name in ["a", "a0", ".h"]:
        (root / name).mkdir()
        (root / name / "b.md").write_text("b")
        (root / name / "c.txt").write_text("c")
    (root / "l").symlink_to(root / "a0")
    content, seeds = content_files(root), txt_files(str(root))
    for step in steps:
        told = _apply(root, step)
        content = content_files_since(content, root, told)
        seeds = txt_files_since(seeds, str(root), told)
        assert content == content_files(root)
        assert seeds == txt_files(str(root))


def test_told_the_folder_itself_or_nothing_under_it(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("a")
    rows = content_files(tmp_path)
    (tmp_path / "b.md").write_text("b")
    assert content_files_since(rows, tmp_path, [str(tmp_path.parent / "elsewhere.md")]) is rows
    assert content_files_since(rows, tmp_path, [str(tmp_path)]) == content_files(tmp_path)
    relative = os.path.relpath(tmp_path / "b.md")  # a watcher may give paths relative to where it runs
    assert content_files_since(rows, tmp_path, [relative]) == content_files(tmp_path)


def test_a_file_told_through_a_link_to_a_folder_is_not_listed_twice(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "l").symlink_to(tmp_path / "a")  # the listings do not follow a link to a folder
    rows = content_files(tmp_path)
    (tmp_path / "l" / "x.md").write_text("x")
    told = [str(tmp_path / "l" / "x.md"), str(tmp_path / "a" / "x.md")]
    now = content_files_since(rows, tmp_path, told)
    assert now == content_files(tmp_path) == [("a/x.md", *_stat(tmp_path / "a/x.md"))]


def _stat(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_mtime_ns, st.st_size


rows = st.dictionaries(
    st.sampled_from([f"{c}{n}.md" for c in "ab/" for n in range(40)]), st.tuples(st.integers(0, 2), st.integers(0, 2))
)


@given(rows, rows)
def test_changes_between_two_packed_listings_are_the_rows_of_each_not_in_the_other(before, now) -> None:
    a = sorted((name, *v) for name, v in before.items())
    b = sorted((name, *v) for name, v in now.items())
    gone, came = changes(pack(a), pack(b))
    assert gone == sorted(set(a) - set(b)) and came == sorted(set(b) - set(a))


# Names as long as content/'s, so that the columns span many of the slices compared.
long_names = st.builds("2024/05/{:02d}/{:03d}-{}.md".format, st.integers(1, 2), st.integers(0, 200), st.just("x" * 30))
values = st.tuples(st.integers(0, 1), st.integers(0, 1))


@settings(max_examples=200)
@given(st.dictionaries(long_names, values, max_size=300), st.data())
def test_changes_between_long_listings_alike_but_for_a_few_rows(before, data) -> None:
    now = dict(before)
    for name in data.draw(st.lists(st.sampled_from(sorted(before)), max_size=3)) if before else []:
        now.pop(name, None)
    now.update(data.draw(st.dictionaries(long_names, values, max_size=3)))
    a = sorted((name, *v) for name, v in before.items())
    b = sorted((name, *v) for name, v in now.items())
    gone, came = changes(pack(a), pack(b))
    assert gone == sorted(set(a) - set(b)) and came == sorted(set(b) - set(a))


@given(rows)
def test_a_packed_listing_unpacks_to_its_rows_and_packs_to_itself(listing) -> None:
    a = sorted((name, *v) for name, v in listing.items())
    packed = pack(a)
    unpacked = Unpacked(packed)
    assert pack(unpacked) is packed  # compared packed, without a row made
    assert len(unpacked) == len(a) and list(unpacked) == a and unpacked[1:3] == a[1:3]


names = st.sampled_from([f"{c}{n}.md" for c in "ab/" for n in range(40)])


@given(rows, st.lists(names, max_size=40), st.dictionaries(names, st.tuples(st.integers(0, 2), st.integers(0, 2))))
def test_a_listing_patched_is_the_listing_with_those_rows_out_and_in(listing, gone, came) -> None:
    a = sorted((name, *v) for name, v in listing.items())
    new = sorted((name, *v) for name, v in came.items())
    kept = {row for row in a if row[0] not in set(gone) | set(came)}
    assert list(patched(a, gone, new)) == sorted(kept | set(new))
    if len(gone) + len(new) <= PATCH_MAX:  # made on the packed columns
        assert isinstance(patched(Unpacked(pack(a)), gone, new), Unpacked)
