"""The plain block YAML the importer writes, read without a YAML parser.

Front matter as `yaml.dump` writes it for an imported article: top-level keys
with a plain scalar (or `null`, `true`, `false`, `[]`, `{}`), a list of plain
scalars (`- item`), or a mapping of plain scalars one level down. `load` reads exactly that and returns None for
anything else (quotes, flow style, numbers, comments, deeper nesting ...), and
the caller then uses the YAML parser: the result is always what YAML would
give, only sooner (a cold build reads every article's front matter).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
# A plain scalar: it starts with a letter or digit (no indicator), holds no control or
# line-breaking character, and does not end in ':' or a space. Whether YAML then reads it as a
# string (not a number, boolean, null or date) its own resolver says.
_PLAIN = re.compile(r"[^\W_][^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]*(?<![:\s])")
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
# The other top-level values yaml.dump writes for front matter: null, booleans, empty collections.
_OPEN = object()  # a key whose list or mapping is still to come
_WORDS: dict[str, Any] = {"null": None, "true": True, "false": False, "[]": list, "{}": dict}


def _scalar(text: str) -> str | None:
    if not _PLAIN.fullmatch(text) or ": " in text or " #" in text:
        return None
    return text if _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR else None


def load(text: str) -> dict[str, Any] | None:
    """The mapping `text` holds, or None when it is not in the plain form above."""
    out: dict[str, Any] = {}
    lines = text.strip("\n").split("\n")  # blank lines before and after are nothing in YAML
    key: str | None = None  # the key whose list or mapping is being read
    for line in lines:
        if line.startswith("- "):
            value = _scalar(line[2:])
            if key is None or value is None or isinstance(out[key], dict):
                return None
            if out[key] is _OPEN:
                out[key] = []
            out[key].append(value)
        elif line.startswith("  "):
            sub, sep, rest = line[2:].partition(": ")
            value = _scalar(rest)
            if key is None or not sep or not _KEY.fullmatch(sub) or value is None or isinstance(out[key], list):
                return None
            if out[key] is _OPEN:
                out[key] = {}
            if sub in out[key]:
                return None
            out[key][sub] = value
        else:
            name, sep, rest = line.partition(":")
            if not _KEY.fullmatch(name) or name in out:
                return None
            if rest == "":  # a list or a mapping follows
                key = name
                out[name] = _OPEN
                continue
            if not rest.startswith(" "):
                return None
            value = rest[1:]
            if value in _WORDS:
                out[name] = _WORDS[value]() if callable(_WORDS[value]) else _WORDS[value]
            elif _DATE.fullmatch(value):
                try:
                    out[name] = dt.date.fromisoformat(value)
                except ValueError:
                    return None
            elif (plain := _scalar(value)) is not None:
                out[name] = plain
            else:
                return None
            key = None
    # `key:` with nothing under it is null in YAML, and an empty text is no mapping: left to the parser
    return None if not out or any(v is _OPEN for v in out.values()) else out
