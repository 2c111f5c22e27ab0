"""The site's outline: what a build must know of every article without reading it.

Making the site model of 100,000 articles (their records, their tags) takes more than a
second, and a build that adds one article needs tens of them. So each build leaves, in a
file the state names (in the same transaction as the group digests), the outline of the
site it built:
- the listing of content/ it read, and the problem of each file it left out;
- each article's date, slug and file, and the tags and fields its file names, in site order;
- each tag's name, slug and kind, how often each spelling and field names it, and its
  articles (by position in the site's order: 4 bytes each, where their keys took 45).

The next build with the same code, config and layouts applies what changed in content/
to the outline. The site it makes has the same articles and tags as one read whole, but
makes an article from its record only when a page needs it; and it says which months and
tags the change can have touched (Dirty): the other page groups keep their digests
(pages.groups) without reading anything.

The outline gives up, and the build reads the site whole, when it cannot follow a change
exactly: many files changed; two articles with one URL; a tag whose name or slug would
change; a tag going where slugs collide (the others' numbers could shift).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import marshal
import re
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .config import Config
from .inputs import Lazy, Packed, Row, changes, pack
from .site import (
    Article,
    Articles,
    Record,
    Records,
    Site,
    Tag,
    Whole,
    article,
    display_name,
    kind_of,
    resolve_tags,
    set_card,
)
from .tags import slugify

VERSION = 4
CHANGES_MAX = 1000  # files changed past which the site is read whole (a change that big redoes much anyway)

# A tag as the outline keeps it: [name, slug, kind, spellings, kinds, members]. Its members are
# its articles' positions in the site's order: as loaded, bytes (array "i") of positions in the
# outline loaded, until a change or a page needs them (most tags are untouched by a change);
# while a change is applied, a list of those positions and of the keys of articles that came;
# then positions in the site made (a list, or an array moved from the bytes).
TagState = list[Any]
_CONTROL = re.compile(r"[\0-\2]")  # the separators of the outline's columns


def key_of(ordinal: int, slug: str) -> str:
    """An article's place in the site's order, as a string that sorts as (date, slug) does."""
    return f"{ordinal:07d}\1{slug}"


@dataclass
class Dirty:
    """What a change to the outline can have touched: the months holding an article that changed,
    came or went, or one beside it; and for each tag whose articles changed, the first and the
    last position that did (past the last, a tag whose count stayed has its articles where they
    were) and how many it had before. Nothing else can have changed."""

    months: set[tuple[int, int]]
    tags: dict[str, tuple[int, int, int]]  # tag key → (first position changed, last, articles before)

    def tag_page(self, key: str, n: int, per: int, count: int) -> bool:
        """Whether page n of a tag with `count` articles now can have changed: one from the first
        change on; with as many articles as before (an article edited), one up to the last."""
        first, last, before = self.tags[key]
        if count == before:
            return first // per < n <= last // per + 1
        return n > first // per or n in (-(-before // per), -(-count // per))


@dataclass
class Outline:
    made_for: str  # the code, config, layouts and content folder it holds for
    listing: Packed
    keys: list[str]  # key_of() each article, in site order
    ordinals: list[int]  # of each article's date
    files: list[str]  # of each article, relative to content/
    written: list[str]  # each article's tags and their fields, as written: "tag\1tag\2field\1field"
    bad: dict[str, str]  # file → "path: reason", for files that cannot be read
    tags: dict[str, TagState]  # by key (case-folded name)
    collided: bool  # some tag's slug is not its name's: slugs depend on the order tags came in
    moves: list[tuple[int, int]] = field(default_factory=list)  # positions as loaded → now (see _moves)
    loaded: list[str] = field(default_factory=list)  # the keys as loaded, while a change is applied

    @staticmethod
    def of(whole: Whole, made_for: str, listing: Sequence[Row]) -> Outline | None:
        """The outline of a site read whole; None when two articles have one URL, or a tag's name
        holds a control character (the outline's separators)."""
        if whole.duplicates:
            return None
        site = whole.site
        articles = list(site.articles)
        written = [_written(a.tags, a.kinds) for a in articles]
        if any(w is None for w in written):
            return None
        keys = [key_of(d, a.slug) for d, a in zip(site.ordinals, articles, strict=True)]
        where = {id(a): p for p, a in enumerate(articles)}
        tags: dict[str, TagState] = {}
        for t in site.tags:
            spellings, kinds = whole.tag_counts[t.name.casefold()]
            tags[t.name.casefold()] = [t.name, t.slug, t.kind, spellings, kinds, [where[id(a)] for a in t.articles]]
        collided = any(t.slug != slugify(t.name) for t in site.tags)
        files = [a.file for a in articles]
        return Outline(made_for, pack(listing), keys, list(site.ordinals), files, written, whole.bad, tags, collided)  # type: ignore[arg-type]

    def dump(self) -> bytes:
        tags = {k: [*t[:5], self._packed_members(t)] for k, t in self.tags.items()}
        columns = ("\0".join(self.keys), array("i", self.ordinals).tobytes(), "\0".join(self.files))
        rest = ("\0".join(self.written), self.bad, tags, self.collided)
        return marshal.dumps((VERSION, self.made_for, *self.listing, *columns, *rest))

    @staticmethod
    def load(data: bytes, made_for: str) -> Outline | None:
        """The outline in `data`, if it holds for `made_for`."""
        try:
            version, was_for, *listing, keys, ordinals, files, written, bad, tags, collided = marshal.loads(data)
        except (ValueError, EOFError, TypeError):
            return None
        if version != VERSION or was_for != made_for:
            return None
        days = array("i")
        days.frombytes(ordinals)
        articles = (_split(keys), days.tolist(), _split(files), _split(written))
        return Outline(made_for, tuple(listing), *articles, bad, tags, collided)  # type: ignore[arg-type]

    def apply(
        self,
        root: str,
        listing: Sequence[Row],
        config: Config,
        records: Records,
    ) -> tuple[Site, Dirty] | None:
        """Bring the outline up to `listing` (content/ now; `root` is its path and a separator)
        and make the site. None if the outline cannot follow the change; it is then left half
        changed, to be thrown away."""
        now = pack(listing)
        gone, new = changes(self.listing, now)
        if len(gone) + len(new) > CHANGES_MAX:
            return None
        self.loaded, self.keys = self.keys, list(self.keys)  # the members' positions are of the keys loaded
        came = [rel for rel, _, _ in new]
        went = {rel for rel, _, _ in gone} | set(came)
        if gone:
            records.forget(sorted(went - set(came)))
        self.listing = now
        read = records.read(new) if new else {}
        resolved: dict[str, tuple[str, str] | None] = {}
        months: set[tuple[int, int]] = set()
        firsts: dict[str, int] = {}  # tag key → the first position in its articles that changed
        lasts: dict[str, int] = {}  # tag key → the last, as touched (see Dirty)
        counts: dict[str, int] = {}  # tag key → its articles before the change

        def touch(key: str, members: list[str], i: int) -> None:
            counts.setdefault(key, len(members))
            firsts[key] = min(firsts.get(key, i), i)
            lasts[key] = max(lasts.get(key, i), i)

        # Out: the articles whose files changed or went, from the last (positions stay true).
        where = {rel: i for i, rel in enumerate(self.files)} if len(went) > 8 else None
        out = sorted(i for rel in went if (i := _find(self.files, rel, where)) is not None)
        for i in out:  # their months, and their neighbours' (whose pages link to them)
            months.update(_month(self.ordinals[j]) for j in (i - 1, i, i + 1) if 0 <= j < len(self.keys))
        for i in reversed(out):
            key = self.keys[i]
            for tag_key, name, kind in resolve_tags(*_unwritten(self.written[i]), config, resolved):
                t = self.tags[tag_key]
                members = _changing(t)
                j = bisect.bisect_left(members, i)  # all positions as loaded: none has come yet
                touch(tag_key, members, j)
                del members[j]
                _count(t[3], name, -1)
                _count(t[4], kind, -1)
            del self.keys[i], self.ordinals[i], self.files[i], self.written[i]
        for rel in went:
            self.bad.pop(rel, None)

        # In: the files that came or changed.
        added: list[str] = []
        for rel in came:
            record = read[rel]
            if isinstance(record, str):
                self.bad[rel] = f"{root}{rel}: {record}"
                continue
            key, written = key_of(record[1], record[2]), _written(record[8], record[9])
            i = bisect.bisect_left(self.keys, key)
            if written is None or (i < len(self.keys) and self.keys[i] == key):
                return None  # two articles with one URL (which is left out is for a whole read to say)
            self.keys.insert(i, key)
            self.ordinals.insert(i, record[1])
            self.files.insert(i, rel)
            self.written.insert(i, written)
            added.append(key)
            for tag_key, name, kind in resolve_tags(record[8], record[9], config, resolved):
                t = self.tags.get(tag_key) or self.tags.setdefault(tag_key, ["", "", "", {}, {}, []])
                members = _changing(t)
                j = bisect.bisect_left(members, key, key=self._member_key)
                touch(tag_key, members, j)
                members.insert(j, key)
                lasts[tag_key] += 1  # an article put in before it moves an earlier one on
                _count(t[3], name, 1)
                _count(t[4], kind, 1)
        for key in added:
            i = bisect.bisect_left(self.keys, key)
            months.update(_month(self.ordinals[j]) for j in (i - 1, i, i + 1) if 0 <= j < len(self.keys))

        if not self._retag(firsts, lasts):
            return None
        came_at = sorted(bisect.bisect_left(self.keys, key) for key in added)
        self.moves = _moves(out, came_at)
        for key, first in firsts.items():  # the members changed: as positions in the site now
            if key in self.tags:
                self._settle(self.tags[key], first)
        self.loaded = []
        dirty = Dirty(months, {key: (firsts[key], lasts[key], counts[key]) for key in firsts})
        return self._site(root, config, resolved, records.load), dirty

    def _retag(self, firsts: dict[str, int], lasts: dict[str, int]) -> bool:
        """Name, slug and kind the tags whose articles changed (a kind changed changes all their
        pages); False if a name or slug (this tag's or, through a collision, another's) would
        change."""
        slugs: set[str] | None = None
        for key in sorted(firsts):
            t = self.tags[key]
            if not t[5]:  # no articles left: the tag goes
                if self.collided:
                    return False
                del self.tags[key]
                continue
            name = display_name(t[3])
            if not t[0]:  # a new tag
                slugs = slugs if slugs is not None else {s[1] for s in self.tags.values() if s[1]}
                slug = slugify(name)
                if slug in slugs:
                    return False
                slugs.add(slug)
                t[0], t[1], t[2] = name, slug, kind_of(t[4])
            elif name != t[0]:
                return False
            kind = kind_of(t[4])
            if kind != t[2]:  # shown on every page of the tag
                t[2] = kind
                firsts[key], lasts[key] = 0, len(t[5])
        return True

    def _site(
        self,
        root: str,
        config: Config,
        resolved: dict[str, tuple[str, str] | None],
        load: Callable[[list[str]], dict[str, Record | str]],
    ) -> Site:
        days: dict[int, dt.date] = {}
        by_key: dict[str, Tag] = {}

        def make(positions: list[int]) -> list[Article]:
            files = [self.files[p] for p in positions]
            records = load(files)
            out = []
            for p, rel in zip(positions, files, strict=True):
                record = records[rel]
                if isinstance(record, str) or key_of(record[1], record[2]) != self.keys[p]:
                    # The file changed under the build (or the state is not what it was): only
                    # a build that reads the site whole can say what the site is now.
                    raise RuntimeError(f"{root}{rel}: not as the last build left it; build again with --force")
                a = article(rel, root + rel, record, days)
                set_card(a, [by_key[key] for key, _, _ in resolve_tags(a.tags, a.kinds, config, resolved)])
                out.append(a)
            return out

        articles = Articles([None] * len(self.keys), make)
        for key, t in self.tags.items():
            positions = Lazy(functools.partial(self._members, t), sum(t[3].values()))
            by_key[key] = Tag(t[0], t[1], articles.view(positions), t[2])
        tags = sorted(by_key.values(), key=lambda t: (t.name.casefold(), t.slug))
        problems = [self.bad[rel] for rel in sorted(self.bad)]
        return Site(config, articles, tags, problems, self.ordinals, slug_of=functools.partial(_slug, self.keys))

    def _member_key(self, member: int | str) -> str:
        """The key of a member of a tag being changed: a position as loaded, or a key that came."""
        return self.loaded[member] if isinstance(member, int) else member

    def _settle(self, t: TagState, first: int) -> None:
        """A changed tag's members as positions in the site now. Those before its first change and
        before any article that went or came (`moves`) have not moved."""
        members = t[5]
        still = _still(self.moves, len(self.loaded))
        j = bisect.bisect_left(members, still, 0, first)  # members[:first] are positions as loaded
        t[5] = members[:j] + [
            _moved(self.moves, m) if isinstance(m, int) else bisect.bisect_left(self.keys, m) for m in members[j:]
        ]

    def _members(self, t: TagState) -> Sequence[int]:
        """A tag's members as positions in the site now (unpacked, and moved, once)."""
        if isinstance(t[5], bytes):
            t[5] = _moved_all(self.moves, t[5])
        return t[5]

    def _packed_members(self, t: TagState) -> bytes:
        return array("i", self._members(t)).tobytes()


def _changing(t: TagState) -> list[Any]:
    """A tag's members, as a list to change (positions as loaded, until keys come in)."""
    if isinstance(t[5], bytes):
        t[5] = array("i", t[5]).tolist()
    return t[5]


def _moves(went: list[int], came: list[int]) -> list[tuple[int, int]]:
    """How positions as loaded move when the articles at `went` (positions as loaded, sorted)
    go and those at `came` (positions now, sorted) come: [(from, by), …], sorted, the first
    from 0: an article that stays, at a position p as loaded, is now at p + by of the last pair
    whose `from` is at most p."""
    moves = [(0, 0)]
    gone = new = 0  # of the articles that went before p, of the positions taken before p's new one
    while gone < len(went) or new < len(came):
        # p's position now is p - gone + new, so the next that came is passed at p = came[new] + gone - new.
        at_gone = went[gone] + 1 if gone < len(went) else None
        at_new = came[new] + gone - new if new < len(came) else None
        if at_new is None or at_gone is not None and at_gone <= at_new:
            p, gone = at_gone, gone + 1
        else:
            p, new = at_new, new + 1
        if moves[-1][0] == p:
            moves[-1] = (p, new - gone)
        elif moves[-1][1] != new - gone:
            moves.append((p, new - gone))
    return moves


def _still(moves: list[tuple[int, int]], end: int) -> int:
    """The first position as loaded that moves (`end` if none does): those before it stay."""
    return next((start for start, by in moves if by), end)


def _moved(moves: list[tuple[int, int]], p: int) -> int:
    return p + moves[bisect.bisect_right(moves, (p, float("inf"))) - 1][1]


def _moved_all(moves: list[tuple[int, int]], packed: bytes) -> array[int]:
    """Sorted positions as loaded (packed) as positions now: only the stretches that moved are touched."""
    positions = array("i", packed)
    if not positions or positions[-1] < _still(moves, positions[-1] + 1):
        return positions
    cuts = [bisect.bisect_left(positions, start) for start, _ in moves] + [len(positions)]  # before any moves
    for (_, by), lo, hi in zip(moves, cuts[:-1], cuts[1:], strict=True):
        if by and lo < hi:
            positions[lo:hi] = array("i", [p + by for p in positions[lo:hi]])
    return positions


def _slug(keys: list[str], p: int) -> str:
    """The slug of the article at position p, from its key."""
    return keys[p].partition("\1")[2]


def _written(tags: tuple[str, ...], kinds: tuple[str, ...]) -> str | None:
    """An article's tags and their fields as the outline keeps them; None if they hold a separator."""
    if _CONTROL.search("".join(tags) + "".join(kinds)):
        return None
    return f"{chr(1).join(tags)}\2{chr(1).join(kinds)}"


def _unwritten(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    tags, _, kinds = text.partition("\2")
    return tuple(tags.split("\1")) if tags else (), tuple(kinds.split("\1")) if tags else ()


def _split(column: str) -> list[str]:
    return column.split("\0") if column else []


def _find(files: list[str], rel: str, where: dict[str, int] | None) -> int | None:
    if where is not None:
        return where.get(rel)
    try:
        return files.index(rel)
    except ValueError:
        return None


def _count(counts: dict[str, int], name: str, step: int) -> None:
    n = counts.get(name, 0) + step
    if n:
        counts[name] = n
    else:
        del counts[name]


def _month(ordinal: int) -> tuple[int, int]:
    d = dt.date.fromordinal(ordinal)
    return d.year, d.month
