"""site.toml → a frozen Config. Every key is optional; unknown keys are an error."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path


class ConfigError(Exception):
    pass


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


def load_config(path: Path, **overrides: object) -> Config:
    """Read site.toml if it exists; `overrides` (from the command line) win."""
    values: dict[str, object] = {}
    if path.exists():
        try:
            values = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise ConfigError(f"{path}: {e}") from None
    values.update({k: v for k, v in overrides.items() if v is not None})
    known = {f.name: f for f in fields(Config)}
    for key, value in values.items():
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
