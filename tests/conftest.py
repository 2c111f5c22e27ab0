"""Shared test helpers: a site folder on disk and the command line run in-process."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsarchive.cli import main

REPO = Path(__file__).resolve().parent.parent
ORIGINAL_SEED = REPO / "seeds" / "000_ad940214b716725d.txt"


class SiteDir:
    """A site folder in tmp: seeds/, content/, output/ and an optional site.toml."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.seeds = root / "seeds"
        self.content = root / "content"
        self.output = root / "output"
        self.seeds.mkdir(parents=True)

    def seed(self, name: str, text: str | bytes) -> Path:
        path = self.seeds / name
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        return path

    def run(self, *args: str) -> int:
        return main(["--site", str(self.root), *args])

    def page(self, rel: str) -> str:
        return (self.output / rel).read_text(encoding="utf-8")

    def articles(self) -> list[Path]:
        return sorted(self.content.rglob("*.md"))

    def snapshot(self) -> dict[str, bytes]:
        """Every file under content/ and output/, by path."""
        return {
            p.relative_to(self.root).as_posix(): p.read_bytes()
            for d in (self.content, self.output)
            if d.exists()
            for p in sorted(d.rglob("*"))
            if p.is_file()
        }


@pytest.fixture
def site(tmp_path: Path) -> SiteDir:
    return SiteDir(tmp_path / "site")


@pytest.fixture
def original(site: SiteDir) -> SiteDir:
    """A site with the shipped original seed in its inbox."""
    shutil.copy(ORIGINAL_SEED, site.seeds / ORIGINAL_SEED.name)
    return site
