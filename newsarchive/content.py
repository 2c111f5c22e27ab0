"""Articles as front-mattered Markdown files: the editable source of truth.

Writing: Seed + Metadata → `content/YYYY/MM/DD/<slug>.md`, with every bit of
seed text escaped so that it shows as the text it was. Each imported file
records a digest of itself (`seed.content_sha256`); a file that no longer
matches its digest was edited by hand, and import leaves it alone.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import frontmatter
import yaml

from . import simple_yaml
from .tags import tags_for

if TYPE_CHECKING:
    from .extract import Metadata
    from .seeds import Seed

try:  # the C YAML loader is several times faster where libyaml is present
    YamlLoader: Any = yaml.CSafeLoader
    YamlDumper: Any = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - pure-Python PyYAML
    YamlLoader, YamlDumper = yaml.SafeLoader, yaml.SafeDumper

_HANDLER = frontmatter.YAMLHandler()
_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\r?\n)+")
_DIGEST_LINE = re.compile(r"^  content_sha256: [0-9a-f]{64}\n", re.MULTILINE)


def front_matter(seed: Seed, meta: Metadata) -> dict[str, Any]:
    """The front matter of an imported article, in the documented key order."""
    fm: dict[str, Any] = {"title": meta.title}
    if meta.title_original:
        fm["title_original"] = meta.title_original
    if meta.title_derived:
        fm["title_derived"] = True
    fm["date"] = seed.date
    fm["dateline"] = meta.dateline
    fm["location"] = dict(meta.location)
    fm["source"] = meta.source
    fm["via"] = meta.via
    fm["places"] = list(meta.places)
    fm["organisations"] = list(meta.organisations)
    fm["topics"] = list(meta.topics)
    fm["tags"] = tags_for(meta)
    fm["summary"] = meta.summary
    if seed.language:
        fm["language"] = seed.language
    fm["seed"] = {"file": seed.file, "sha256": seed.sha256}
    return fm


def body_markdown(paragraphs: tuple[str, ...] | list[str]) -> str:
    """Paragraphs as Markdown that renders to exactly their text. Tables become code blocks."""
    out = []
    for p in paragraphs:
        if "\n" in p:
            out.append("\n".join("    " + line for line in p.split("\n")))
        else:
            out.append(escape_markdown(p))
    return "\n\n".join(out) + "\n"


def escape_markdown(text: str) -> str:
    """Escape one line of plain text so Markdown shows it verbatim (no markup, no HTML)."""
    text = text.replace("\\", "\\\\")
    text = re.sub(r"([`*_\[\]{}!])", r"\\\1", text)
    text = text.replace("&", "&amp;")  # every one: a browser reads "&copy" or "&#0" without ';' too
    text = text.replace("<", "&lt;")
    text = re.sub(r"^([#>+-])", r"\\\1", text)
    text = re.sub(r"^(\d+)([.)])", r"\1\\\2", text)
    return text


def render_file(fm: dict[str, Any], body: str) -> str:
    """The text of an imported article file, carrying a digest of itself."""
    assert list(fm)[-1] == "seed", "the seed block comes last: the digest line closes it"
    yaml_text = yaml.dump(fm, Dumper=YamlDumper, sort_keys=False, allow_unicode=True, width=1 << 30)
    digest = _digest(f"---\n{yaml_text}---\n\n{body}")
    return f"---\n{yaml_text}  content_sha256: {digest}\n---\n\n{body}"


def edited_by_hand(text: str) -> bool:
    """True if an imported file no longer matches the digest it was written with (or has none)."""
    m = _DIGEST_LINE.search(text)
    return not m or m.group(0).split()[-1] != _digest(text)


def _digest(text: str) -> str:
    return hashlib.sha256(_DIGEST_LINE.sub("", text, count=1).encode()).hexdigest()


def split(text: str) -> tuple[str, str]:
    """The front matter text and the body of an article file; raises ValueError with a reason."""
    text = text.lstrip("\ufeff")
    if not _HANDLER.detect(text):
        raise ValueError("no front matter (the file must start with a '---' line)")
    try:
        return _HANDLER.split(text)
    except ValueError:
        raise ValueError("front matter is not closed by a '---' line") from None


def parse(text: str) -> tuple[dict[str, Any], str]:
    """Front matter and body of an article file; raises ValueError with a reason."""
    fm_text, body = split(text)
    try:
        fm = simple_yaml.load(fm_text)  # the importer's plain form, read without the YAML parser
        if fm is None:
            fm = yaml.load(fm_text, Loader=YamlLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        raise ValueError(f"front matter is not valid YAML{where}") from None
    except (ValueError, TypeError, OverflowError, RecursionError) as e:
        raise ValueError(_bad_value(fm_text, e)) from None
    if not isinstance(fm, dict):
        raise ValueError("front matter is not a mapping of keys to values")
    return fm, _trim(body)


def _bad_value(fm_text: str, error: Exception) -> str:
    """Why YAML could not make a value: most often an impossible date (2020-13-45), named here."""
    for key, value in re.findall(r"^([\w-]+):\s*([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})\s*$", fm_text, re.MULTILINE):
        try:
            yaml.load(value, Loader=YamlLoader)
        except ValueError:
            return f"{key} {value!r} is not a real date ({error})"
    return f"front matter holds a value that cannot be read ({error})"


def _trim(body: str) -> str:
    """The body without the blank lines around it. Only whole blank lines go: the indent of a
    first line is kept, or a table (a code block) at the start would become raw text and HTML."""
    return _LEADING_BLANK_LINES.sub("", body).rstrip() + "\n"


def body_of(text: str) -> str:
    """The Markdown body of an article file, without parsing its front matter."""
    text = text.lstrip("\ufeff")
    if not _HANDLER.detect(text):
        return text
    try:
        return _trim(_HANDLER.split(text)[1])
    except ValueError:
        return text


# The seed block closing the front matter as render_file writes it (a plain, unquoted file name).
_SEED_BLOCK = re.compile(r"\nseed:\n  file: ([\w.-]+)\n  sha256: ([0-9a-f]{64})\n  content_sha256: [0-9a-f]{64}\n---\n")


def seed_of(path: Path) -> tuple[str, str] | None:
    """(seed file, seed sha256) recorded in an article file, or None."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    end = text.find("\n---\n", 3) + 5 if text.startswith("---\n") else -1
    m = _SEED_BLOCK.search(text, 0, end) if end > 4 else None
    if m and m.end() == end:  # as imported: no need to parse the YAML
        return m.group(1), m.group(2)
    try:
        fm, _ = parse(text)
    except ValueError:
        return None
    seed = fm.get("seed")
    if isinstance(seed, dict) and isinstance(seed.get("file"), str):
        return seed["file"], str(seed.get("sha256", ""))
    return None
