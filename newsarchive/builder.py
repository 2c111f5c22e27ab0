"""Build: content/ → Site → pages → output/."""

from __future__ import annotations

from pathlib import Path

from . import search
from .config import Config
from .output import Output, WriteReport
from .pages import plan
from .render import BUILTIN, Renderer
from .site import Site, load_site


def build(site_dir: Path, config: Config, output_dir: Path) -> tuple[Site, WriteReport]:
    site = load_site(site_dir / "content", config)
    renderer = Renderer(site_dir, config)
    out = Output(output_dir)
    out.write_all((page.path, lambda page=page: renderer.render(page)) for page in plan(site))
    out.write_all(search.files(site, renderer.render, renderer.markdown))
    for rel, path in sorted(assets(site_dir).items()):
        out.write(f"assets/{rel}", path.read_bytes())
    out.remove_stale()
    return site, out.report


def assets(site_dir: Path) -> dict[str, Path]:
    """Asset files by path under assets/: the site's own over the built-in ones."""
    found: dict[str, Path] = {}
    for root in (BUILTIN / "assets", site_dir / "assets"):
        if root.is_dir():
            for f in root.rglob("*"):
                if f.is_file() and not f.name.startswith("."):
                    found[f.relative_to(root).as_posix()] = f
    return found
