"""site.toml → a frozen Config. Every key is optional; unknown keys are an error."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

BUILTIN = Path(__file__).resolve().parent.parent  # the repository: the built-in layouts/ and assets/


class ConfigError(Exception):
    pass


class LayoutError(Exception):
    """A layout that cannot be rendered; str() names the layout file, line and reason."""


@dataclass(frozen=True)
class Config:
    title: str = "News Archive"
    description: str = "An archive of news articles."
    base_url: str = "http://localhost:8000/"  # absolute URLs (canonical, feeds, sitemap) start with it
    language: str = "en"
    per_page: int = 20  # articles on one listing page (tag pages)
    home_entries: int = 20  # latest articles on the home page
    feed_entries: int = 20  # latest articles in each Atom feed
    pretty_urls: bool = False  # links to folders ('tags/x/') instead of files: for hosts, not for reading from disk
    # [tags] table: aliases = {"old name" = "new name"} renames and merges; hide = ["name"] drops.
    # Keys are case-folded here, so that matching is case-insensitive.
    tag_aliases: dict[str, str] = field(default_factory=dict)
    tag_hide: frozenset[str] = frozenset()

    def __repr__(self) -> str:
        """Every field, in an order that is the same in every process (a set's is not): digests of
        what pages are made from include it."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return f"Config({ {k: sorted(v) if isinstance(v, frozenset) else v for k, v in values.items()}!r})"

    def tag_name(self, name: str) -> str | None:
        """A tag name after the alias table; None if hidden."""
        name = self.tag_aliases.get(name.casefold(), name)
        return None if name.casefold() in self.tag_hide else name


def load_config(path: Path, **overrides: object) -> Config:
    """Read site.toml if it exists; `overrides` (from the command line) win."""
    values: dict[str, object] = {}
    if path.exists():
        try:
            values = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise ConfigError(f"{path}: {e}") from None
    values.update({k: v for k, v in overrides.items() if v is not None})
    values.update(_tags_table(path, values.pop("tags", {})))
    known = {f.name: f for f in fields(Config) if not f.name.startswith("tag_")}
    for key, value in values.items():
        if key.startswith("tag_"):
            continue
        if key not in known:
            raise ConfigError(f"{path}: unknown key {key!r} (known: {', '.join(known)})")
        want = type(getattr(Config, key))
        if not isinstance(value, want) or isinstance(value, bool) != (want is bool):
            raise ConfigError(f"{path}: {key!r} must be a {want.__name__}, not {value!r}")
        if want is int and value < 1:  # type: ignore[operator]
            raise ConfigError(f"{path}: {key!r} must be at least 1")
    config = Config(**values)  # type: ignore[arg-type]
    if not config.base_url.endswith("/"):
        config = Config(**{**values, "base_url": config.base_url + "/"})  # type: ignore[arg-type]
    return config


def _tags_table(path: Path, table: object) -> dict[str, object]:
    """The [tags] table: aliases (a table of strings) and hide (a list of strings)."""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: 'tags' must be a table")
    for key in table:
        if key not in ("aliases", "hide"):
            raise ConfigError(f"{path}: unknown key 'tags.{key}' (known: aliases, hide)")
    aliases = table.get("aliases", {})
    hide = table.get("hide", [])
    if not isinstance(aliases, dict) or not all(isinstance(v, str) and v.strip() for v in aliases.values()):
        raise ConfigError(f"{path}: 'tags.aliases' must map tag names to new names")
    if not isinstance(hide, list) or not all(isinstance(v, str) for v in hide):
        raise ConfigError(f"{path}: 'tags.hide' must be a list of tag names")
    return {
        "tag_aliases": {k.casefold(): " ".join(v.split()) for k, v in aliases.items()},
        "tag_hide": frozenset(v.casefold() for v in hide),
    }
