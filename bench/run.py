#!/usr/bin/env python3
"""Benchmark newsarchive against Hugo and Pelican: `python bench/run.py --n 10000`

Generates N synthetic seeds (bench/corpus.py), imports them with our importer,
writes the same articles as Hugo and Pelican content with a minimal theme each
(bench/peers.py, bench/themes/), then measures, repeated --reps times, for
every tool: a cold build (output and caches moved away), a no-op rebuild, a
rebuild after adding one article, after editing one article, and after editing
the article layout; with peak memory and output size. Each step runs for every
tool in turn (in an order rotated each time) before the next step, and nothing
is deleted until the measures are done (peers.discard says why). Then,
for us only, the long-running modes: a seed dropped into seeds/ while `watch`
runs, timed until its rebuild is done; and the same while `serve` runs, until
the server tells open pages to reload. It
checks each tool's output (article, tag and year pages; the edit and the
layout edit show on the edited page) and prints a table of medians with our
ratios to each peer. Results go to bench/work/results-n<N>-<time>.json.
A peer that is missing is reported and left out; the rest are still measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"

try:  # our importer needs the project's requirements: use the project's virtualenv if this Python lacks them
    import frontmatter  # noqa: F401
    import jinja2  # noqa: F401
    import markdown  # noqa: F401
except ImportError:
    if VENV_PYTHON.exists() and Path(sys.executable) != VENV_PYTHON:
        os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), *sys.argv])
    raise SystemExit("run `make .venv/.dev` first, or install requirements.txt") from None

sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import corpus  # noqa: E402
import measure  # noqa: E402
import peers  # noqa: E402

from newsarchive.importer import import_seeds  # noqa: E402

STEPS = ["cold", "noop", "add", "edit", "layout"]
LABELS = {
    "cold": "cold build (s)",
    "noop": "no-op rebuild (s)",
    "add": "rebuild, +1 article (s)",
    "edit": "rebuild, 1 article edited (s)",
    "layout": "rebuild, article layout edited (s)",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="articles (default: %(default)s)")
    parser.add_argument("--reps", type=int, default=3, help="runs of each measure; medians are quoted (default: 3)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds a peer's build may take (default: 600)")
    parser.add_argument("--tools", default="newsarchive,hugo,pelican", help="comma-separated (default: all)")
    parser.add_argument("--work", type=Path, default=HERE / "work", help="work folder (default: bench/work)")
    args = parser.parse_args()

    work = args.work.resolve()
    site = work / f"n{args.n}"
    trash = work / "trash"  # what the run would delete, deleted at its end
    peers.discard(site, trash)
    site.mkdir(parents=True)
    python = str(VENV_PYTHON if VENV_PYTHON.exists() else Path(sys.executable))
    ours = peers.Ours(site / "newsarchive", python)
    wanted = {t.strip().lower() for t in args.tools.split(",")}
    tools: list[peers.Tool] = [ours]
    if "hugo" in wanted:
        tools.append(peers.Hugo(site / "hugo"))
    if "pelican" in wanted:
        tools.append(peers.Pelican(site / "pelican", work / "pelican-venv"))
    notes: list[str] = []
    for tool in list(tools):
        why = tool.missing()
        if why:
            notes.append(f"{tool.name} NOT MEASURED: {why}")
            print(f"*** {notes[-1]}", file=sys.stderr)
            tools.remove(tool)

    say(f"generating {args.n:,} seeds (+{args.reps} to add) …")
    corpus.write(ours.root / "seeds", args.n, seed=args.seed)
    # the seeds to add are the day's news: newer than every article, as in the archive's daily job
    # (one for each "add" run, then one for each drop into the preview, then into the watch)
    extra_seeds = corpus.write(site / "extra" / "seeds", 3 * args.reps, start=args.n, seed=args.seed, newest=True)
    say("importing them (newsarchive, timed once) …")
    imported = measure.run([*ours.command(), "import"])
    if imported.returncode != 0:
        print(imported.output, file=sys.stderr)
        return 1
    import_seeds([site / "extra" / "seeds"], site / "extra" / "content")
    articles = peers.load_articles(ours.root / "content")
    rels = {a.rel for a in articles}
    extras = {a.seed: a for a in peers.load_articles(site / "extra" / "content")}
    for a in extras.values():  # the slug our import will give it, if the day has one like it
        if a.rel in rels:
            a.rel += "-2"
    added = [extras[p.name] for p in extra_seeds[: args.reps]]
    previewed = [extras[p.name] for p in extra_seeds[args.reps : 2 * args.reps]]
    watched = [extras[p.name] for p in extra_seeds[2 * args.reps :]]
    edited = [articles[(k + 1) * len(articles) // (args.reps + 1)] for k in range(args.reps)]
    tag_count = len({t for a in articles for t in a.tags})
    say(f"{len(articles):,} articles, {tag_count:,} tags; writing each tool's site …")
    for tool in tools:
        tool.setup(articles)

    versions = {t.name: t.version() for t in tools}
    load_before = os.getloadavg()[0]
    times: dict[str, dict[str, list[float]]] = {t.name: {s: [] for s in STEPS} for t in tools}
    peaks: dict[str, dict[str, list[int]]] = {t.name: {s: [] for s in STEPS} for t in tools}
    sizes: dict[str, tuple[int, int]] = {}
    checks: dict[str, list[str]] = {t.name: [] for t in tools}
    summaries: dict[str, list[str]] = {s: [] for s in STEPS}  # our summary line: pages written, unchanged, removed
    failed: set[str] = set()
    for rep in range(args.reps):
        order = tools[rep % len(tools) :] + tools[: rep % len(tools)]  # rotate, so no tool always goes first
        for step in STEPS:
            for tool in order:
                if tool.name in failed:
                    continue
                if step == "cold":
                    tool.clean(trash)
                elif step == "add":
                    tool.add(added[rep], extra_seeds[rep])
                elif step == "edit":
                    seed_file = ours.root / "seeds" / edited[rep].seed
                    tool.edit(edited[rep], seed_file, rep + 1)
                elif step == "layout":
                    peers.edit_layout(tool.layout(), rep + 1)
                os.sync()  # each run starts with the last one's writes on disk, as a day's rebuild would
                result = measure.run(tool.command(), cwd=tool.root, timeout=None if tool is ours else args.timeout)
                if result.returncode != 0:
                    why = "timed out" if result.seconds >= args.timeout else f"exit {result.returncode}"
                    notes.append(f"{tool.name} {step} build failed ({why}): {result.output.strip()[-500:]}")
                    print(f"*** {notes[-1]}", file=sys.stderr)
                    failed.add(tool.name)
                    continue
                times[tool.name][step].append(result.seconds)
                if tool is ours:
                    summaries[step].append(result.output.strip().splitlines()[-1] if result.output.strip() else "")
                peaks[tool.name][step].append(result.peak_bytes)
                say(f"  run {rep + 1}/{args.reps} {tool.name:11} {step:6} {result.seconds:8.2f} s")
                problem = verify(tool, step, rep, args.n, tag_count, added[rep], edited[rep])
                if problem:
                    checks[tool.name].append(problem)
                    print(f"*** check: {tool.name} after {step}: {problem}", file=sys.stderr)
                if step == "cold" and rep == 0:
                    sizes[tool.name] = measure.folder_size(tool.output)

    if ours in tools and ours.name not in failed:  # our long-running modes: a seed dropped in, until rebuilt
        for mode, seeds, made, ready in (
            ("preview", extra_seeds[args.reps : 2 * args.reps], previewed, ["serve", "--port", "0"]),
            ("watch", extra_seeds[2 * args.reps :], watched, ["watch"]),
        ):
            say(f"newsarchive {ready[0]}: dropping seeds in …")
            drops = [(p, ours.root / "seeds" / p.name) for p in seeds]
            times[ours.name][mode] = measure.watch_latency([*ours.command(), *ready], ours.root, drops)
            for seconds, a in zip(times[ours.name][mode], made, strict=True):
                say(f"  {mode} {ours.name:11} +1     {seconds:8.2f} s")
                if not (ours.output / a.rel / "index.html").is_file():
                    checks[ours.name].append(f"{mode}: no page {a.rel}/index.html")
    shutil.rmtree(trash, ignore_errors=True)
    load = f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    machine = f"{machine_info()}, {load}"
    stamp = dt.datetime.now(dt.UTC)
    table = render_table(tools, times, peaks, sizes, imported.seconds, args, versions, machine, stamp)
    table += "\n\nnewsarchive's summary line, last run of each step:\n" + "\n".join(
        f"  {step:6} {lines[-1]}" for step, lines in summaries.items() if lines
    )
    print()
    print(table)
    for name, found in checks.items():
        print(f"check {name}: " + ("ok" if not found and name not in failed else "; ".join(found) or "failed"))
    for note in notes:
        print(note)
    results = {
        "date": stamp.isoformat(timespec="seconds"),
        "n": args.n,
        "reps": args.reps,
        "seed": args.seed,
        "machine": machine,
        "versions": versions,
        "import_seconds": imported.seconds,
        "import_peak_bytes": imported.peak_bytes,
        "times": times,
        "peak_bytes": peaks,
        "output": {k: {"files": f, "bytes": b} for k, (f, b) in sizes.items()},
        "checks": checks,
        "summaries": summaries,
        "notes": notes,
        "failed": sorted(failed),
        "table": table,
    }
    out = work / f"results-n{args.n}-{stamp:%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"results: {out}")
    return 1 if failed or any(checks.values()) else 0


def verify(
    tool: peers.Tool, step: str, rep: int, n: int, tags: int, added: peers.Article, edited: peers.Article
) -> str | None:
    """What is wrong with the output after a step, or None: a quick check, not a full comparison."""
    out = tool.output
    if step == "cold" and rep == 0 or step == "layout" and rep == 0:
        pages = tool.pages()
        expected = n + (1 if step == "layout" else 0)
        if pages["articles"] != expected:
            return f"{pages['articles']} article pages, expected {expected}"
        if not 0.9 * tags <= pages["tags"] <= tags:
            return f"{pages['tags']} tag pages for {tags} tags"
        if pages["years"] < 14:
            return f"{pages['years']} year pages"
    page = {"add": added, "edit": edited, "layout": edited}.get(step)
    if page is None:
        return None
    path = out / page.rel / "index.html"
    if not path.is_file():
        return f"no page {path.relative_to(out)}"
    text = path.read_text(encoding="utf-8")
    if step == "edit" and peers.edit_sentence(rep + 1).strip() not in text:
        return f"{path.relative_to(out)} does not show the edit"
    if step == "layout" and f'data-edition="{rep + 1}"' not in text:
        return f"{path.relative_to(out)} does not show the layout edit"
    return None


def render_table(
    tools: list[peers.Tool],
    times: dict[str, dict[str, list[float]]],
    peaks: dict[str, dict[str, list[int]]],
    sizes: dict[str, tuple[int, int]],
    import_seconds: float,
    args: argparse.Namespace,
    versions: dict[str, str],
    machine: str,
    stamp: dt.datetime,
) -> str:
    names = [t.name for t in tools]
    rivals = [name for name in names if name != "newsarchive"]
    heads = [f"{name} {versions[name]}".strip() for name in names] + [f"ours/{r}" for r in rivals]
    lines = [
        f"n = {args.n:,} articles, medians of {args.reps} runs, {stamp:%Y-%m-%d %H:%M} UTC, {machine}",
        "",
        "| measure | " + " | ".join(heads) + " |",
        "|---|" + "---|" * len(heads),
    ]

    def row(label: str, values: dict[str, float], fmt: str) -> None:
        cells = [format(values[n], fmt) if n in values else "–" for n in names]
        ours = values.get("newsarchive")
        for r in rivals:
            cells.append(f"{ours / values[r]:.2f}×" if ours is not None and values.get(r) else "–")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    for step in STEPS:
        row(LABELS[step], {n: measure.median(times[n][step]) for n in names if times[n][step]}, ".2f")
    for mode, label in (("watch", "watch, +1 article built (s)"), ("preview", "preview (serve), +1 article shown (s)")):
        row(label, {n: measure.median(times[n][mode]) for n in names if times[n].get(mode)}, ".2f")
    mib = 1024 * 1024
    cold = {n: measure.median(peaks[n]["cold"]) / mib for n in names if peaks[n]["cold"]}
    row("peak memory, cold (MiB)", cold, ".0f")
    every = {n: max(max(v) for v in peaks[n].values() if v) / mib for n in names if any(peaks[n].values())}
    row("peak memory, any run (MiB)", every, ".0f")
    row("output files", {n: sizes[n][0] for n in sizes}, ",")
    row("output size (MiB)", {n: sizes[n][1] / mib for n in sizes}, ".1f")
    lines.append("")
    lines.append(f"newsarchive import of the {args.n:,} seeds (once, not in the table): {import_seconds:.2f} s")
    return "\n".join(lines)


def machine_info() -> str:
    cpu = platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
