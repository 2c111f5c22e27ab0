"""The three tools the benchmark builds the same articles with: ours, Hugo and Pelican.

Each Tool owns a site folder under bench/work/: it writes its content, config
and theme there (themes are copied from bench/themes/, so a layout edit never
touches the repository), knows the command that builds it, what "cold" has to
delete, how to add and edit one article and edit the article layout, and
counts the pages its output should have. Peers get the articles our importer
made (title, date, dateline, tags, summary, body), so every tool has the same
articles and the same tags.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THEMES = Path(__file__).resolve().parent / "themes"
STYLE = THEMES.parent.parent / "assets" / "style.css"  # the peers wear our stylesheet: the same pages to draw


def _copy_style(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(STYLE, folder / "style.css")


sys.path.insert(0, str(ROOT))

from newsarchive import content  # noqa: E402

PELICAN = "pelican[markdown]==4.12.0"
ARTICLE_GLOB = "[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]/*/index.html"
_EDITION = re.compile(r'<article(?: data-edition="\d+")?')


@dataclass
class Article:
    rel: str  # YYYY/MM/DD/<slug>, as in our content/
    seed: str  # the seed's file name
    title: str
    date: dt.date
    dateline: str
    tags: list[str]
    summary: str
    body: str


def discard(path: Path, trash: Path) -> None:
    """Move a file or folder into trash, which the run deletes at its end. Nothing is deleted while
    tools are timed: on this machine's file system (ext4 without a journal) every file made skips
    the inodes freed in the last minutes, so a build just after a big delete pays for it, and how
    much depends on what was deleted before it (bench/README.md, "Cold build")."""
    if path.exists():
        trash.mkdir(parents=True, exist_ok=True)
        path.rename(trash / f"{sum(1 for _ in trash.iterdir())}-{path.name}")


def load_articles(content_dir: Path) -> list[Article]:
    """The articles of an imported content/ folder, oldest first."""
    found = []
    for md in sorted(content_dir.rglob("*.md")):
        fm, body = content.parse(md.read_text(encoding="utf-8"))
        rel = md.relative_to(content_dir).with_suffix("").as_posix()
        tags = [t.replace(",", " ") for t in fm.get("tags") or []]
        seed = (fm.get("seed") or {}).get("file", "")
        found.append(
            Article(rel, seed, fm["title"], fm["date"], fm.get("dateline") or "", tags, fm.get("summary") or "", body)
        )
    return sorted(found, key=lambda a: (a.date, a.rel))


def edit_sentence(k: int) -> str:
    return f" Updated in edition {k}."


def append_to_file(path: Path, text: str) -> None:
    """Append text to the last paragraph of a file."""
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + text + "\n", encoding="utf-8")


def edit_layout(path: Path, k: int) -> None:
    """Mark the article element with edition k, so that every article page changes."""
    text = path.read_text(encoding="utf-8")
    path.write_text(_EDITION.sub(f'<article data-edition="{k}"', text, count=1), encoding="utf-8")


def count(folder: Path, pattern: str) -> int:
    return sum(1 for _ in folder.glob(pattern))


class Tool:
    name = ""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.output = root / "output"

    def missing(self) -> str | None:
        """Why this tool cannot run here, or None."""
        return None

    def version(self) -> str:
        return ""

    def setup(self, articles: list[Article]) -> None:
        raise NotImplementedError

    def command(self) -> list[str]:
        raise NotImplementedError

    def caches(self) -> list[Path]:
        return []

    def clean(self, trash: Path) -> None:
        """Move the output and every cache into trash: the next build is cold."""
        for p in [self.output, *self.caches()]:
            discard(p, trash)

    def content_path(self, a: Article) -> Path:
        return self.root / "content" / f"{a.rel}.md"

    def write_article(self, a: Article) -> None:
        raise NotImplementedError

    def add(self, a: Article, seed: Path) -> None:
        self.write_article(a)

    def edit(self, a: Article, seed: Path, k: int) -> None:
        append_to_file(self.content_path(a), edit_sentence(k))

    def layout(self) -> Path:
        raise NotImplementedError

    def pages(self) -> dict[str, int]:
        """Pages of the output to check: articles, tags, years."""
        return {
            "articles": count(self.output, ARTICLE_GLOB),
            "tags": count(self.output, "tags/*/index.html"),
            "years": count(self.output, "[0-9][0-9][0-9][0-9]/index.html"),
        }


class Ours(Tool):
    name = "newsarchive"

    def __init__(self, root: Path, python: str) -> None:
        super().__init__(root)
        self.python = python

    def version(self) -> str:
        rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
        return rev.stdout.strip()

    def setup(self, articles: list[Article]) -> None:
        """The seeds are in root/seeds and imported already; add a layout of our own to edit. The
        code is compiled to bytecode first, as installing it would (and as the peers' is: pip
        compiles Pelican's; Hugo's is a binary): not compiled again in every measured run when
        PYTHONDONTWRITEBYTECODE is set."""
        subprocess.run([self.python, "-m", "compileall", "-q", str(ROOT / "newsarchive")], check=True)
        (self.root / "layouts").mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "layouts" / "article.html", self.layout())
        (self.root / "site.toml").write_text('title = "News Archive"\nbase_url = "http://localhost:8000/"\n')

    def command(self) -> list[str]:
        return [self.python, str(ROOT / "build.py"), "--site", str(self.root), "--quiet"]

    def caches(self) -> list[Path]:
        return [self.root / ".cache"]

    def add(self, a: Article, seed: Path) -> None:
        shutil.copy(seed, self.root / "seeds" / seed.name)  # the daily job: a new seed in the inbox

    def edit(self, a: Article, seed: Path, k: int) -> None:
        append_to_file(self.root / "seeds" / seed.name, edit_sentence(k))  # a corrected seed

    def layout(self) -> Path:
        return self.root / "layouts" / "article.html"


class Hugo(Tool):
    name = "Hugo"

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.output = root / "public"

    def missing(self) -> str | None:
        if not shutil.which("hugo"):
            return "hugo is not installed (Debian: apt-get install -y hugo)"
        return None

    def version(self) -> str:
        out = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout
        found = re.search(r"v(\d+\.\d+\.\d+)", out)
        return found.group(1) if found else out.strip()

    def setup(self, articles: list[Article]) -> None:
        shutil.copytree(THEMES / "hugo", self.root / "themes" / "newsarchive", dirs_exist_ok=True)
        _copy_style(self.root / "themes" / "newsarchive" / "static" / "assets")
        (self.root / "config.toml").write_text(
            'baseURL = "http://localhost:8000/"\ntitle = "News Archive"\ntheme = "newsarchive"\n'
            'languageCode = "en"\nrelativeURLs = true\npaginate = 20\nrssLimit = 20\nenableRobotsTXT = true\n'
            '[params]\ndescription = "Wire stories, by date, place and subject."\n'
            '[taxonomies]\ntag = "tags"\n'
            '[outputs]\nhome = ["HTML", "RSS"]\nsection = ["HTML"]\ntaxonomy = ["HTML"]\nterm = ["HTML", "RSS"]\n'
        )
        for a in articles:
            self.write_article(a)

    def command(self) -> list[str]:
        return ["hugo", "--quiet", "--source", str(self.root), "--cacheDir", str(self.root / ".hugo-cache")]

    def caches(self) -> list[Path]:
        return [self.root / ".hugo-cache", self.root / "resources"]

    def write_article(self, a: Article) -> None:
        path = self.content_path(a)
        if not path.parent.is_dir():  # a date section: year, month and day pages come from _index.md files
            day = a.date
            for folder, title, weight in [
                (self.root / "content" / f"{day:%Y}", f"{day:%Y}", day.year),
                (self.root / "content" / f"{day:%Y/%m}", f"{day:%B %Y}", day.month),
                (path.parent, f"{day.day} {day:%B %Y}", day.day),
            ]:
                folder.mkdir(parents=True, exist_ok=True)
                index = folder / "_index.md"
                if not index.exists():
                    index.write_text(f"---\ntitle: {json.dumps(title)}\nweight: {weight}\n---\n", encoding="utf-8")
        fm = [
            f"title: {json.dumps(a.title)}",
            f"date: {a.date.isoformat()}",
            f"dateline: {json.dumps(a.dateline)}",
            f"summary: {json.dumps(a.summary)}",
            f"tags: {json.dumps(a.tags)}",
        ]
        path.write_text("---\n" + "\n".join(fm) + "\n---\n\n" + a.body, encoding="utf-8")

    def layout(self) -> Path:
        return self.root / "themes" / "newsarchive" / "layouts" / "_default" / "single.html"


class Pelican(Tool):
    name = "Pelican"

    def __init__(self, root: Path, venv: Path) -> None:
        super().__init__(root)
        self.venv = venv
        self.why: str | None = None

    def missing(self) -> str | None:
        """Install Pelican from pip into its own virtualenv on first use."""
        if (self.venv / "bin" / "pelican").exists() or self.why:
            return self.why
        print(f"installing {PELICAN} into {self.venv} …", file=sys.stderr)
        made = subprocess.run([sys.executable, "-m", "venv", str(self.venv)], capture_output=True, text=True)
        if made.returncode == 0:
            made = subprocess.run(
                [str(self.venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check", PELICAN],
                capture_output=True,
                text=True,
            )
        if made.returncode != 0:
            self.why = f"Pelican could not be installed: {(made.stderr or made.stdout).strip()[-300:]}"
        return self.why

    def version(self) -> str:
        out = subprocess.run([str(self.venv / "bin" / "pelican"), "--version"], capture_output=True, text=True)
        return out.stdout.strip()

    def setup(self, articles: list[Article]) -> None:
        shutil.copytree(THEMES / "pelican", self.root / "theme", dirs_exist_ok=True)
        _copy_style(self.root / "theme" / "static" / "assets")
        r = self.root
        (r / "pelicanconf.py").write_text(
            f"""SITENAME = "News Archive"
SITEURL = ""
RELATIVE_URLS = True
PATH = {str(r / "content")!r}
OUTPUT_PATH = {str(self.output)!r}
THEME = {str(r / "theme")!r}
CACHE_PATH = {str(r / "cache")!r}
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%d %B %Y"
ARTICLE_URL = "{{date:%Y}}/{{date:%m}}/{{date:%d}}/{{slug}}/"
ARTICLE_SAVE_AS = "{{date:%Y}}/{{date:%m}}/{{date:%d}}/{{slug}}/index.html"
TAG_URL = "tags/{{slug}}/"
TAG_SAVE_AS = "tags/{{slug}}/index.html"
TAGS_SAVE_AS = "tags/index.html"
ARCHIVES_SAVE_AS = "archive/index.html"
YEAR_ARCHIVE_SAVE_AS = "{{date:%Y}}/index.html"
MONTH_ARCHIVE_SAVE_AS = "{{date:%Y}}/{{date:%m}}/index.html"
DAY_ARCHIVE_SAVE_AS = "{{date:%Y}}/{{date:%m}}/{{date:%d}}/index.html"
CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
PAGE_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "tags", "archives"]
DEFAULT_PAGINATION = 20
PAGINATED_TEMPLATES = {{"tag": None}}
PAGINATION_PATTERNS = (
    (1, "{{url}}", "{{save_as}}"),
    (2, "{{base_name}}/page/{{number}}/", "{{base_name}}/page/{{number}}/index.html"),
)
FEED_ALL_ATOM = "feed.xml"
TAG_FEED_ATOM = "tags/{{slug}}/feed.xml"
FEED_MAX_ITEMS = 20
CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
STATIC_PATHS = []
""",
            encoding="utf-8",
        )
        for a in articles:
            self.write_article(a)

    def command(self) -> list[str]:
        r = self.root
        return [str(self.venv / "bin" / "pelican"), str(r / "content"), "-s", str(r / "pelicanconf.py"), "-q"]

    def caches(self) -> list[Path]:
        return [self.root / "cache"]

    def write_article(self, a: Article) -> None:
        path = self.content_path(a)
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = [
            f"Title: {a.title}",
            f"Date: {a.date.isoformat()}",
            f"Slug: {a.rel.rsplit('/', 1)[1]}",
            f"Tags: {', '.join(a.tags)}",
            f"Summary: {a.summary}",
            f"Dateline: {a.dateline}",
        ]
        path.write_text("\n".join(meta) + "\n\n" + a.body, encoding="utf-8")

    def layout(self) -> Path:
        return self.root / "theme" / "templates" / "article.html"
