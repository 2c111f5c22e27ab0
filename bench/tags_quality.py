#!/usr/bin/env python3
"""How good is the metadata import extracts? `python bench/tags_quality.py SEEDS GOLD`

Imports the seeds in SEEDS into a temporary folder, then compares each
article's `places` with the gold file (JSON lines with "file" and "places",
Reuters country codes such as `usa`, `west-germany`, `ussr`). Prints micro
precision, recall and F1 of places, the share of articles with a location,
the import time, and the ten most common topic and organisation tags.
Options: --errors lists the articles whose places differ from the gold;
--split NAME scores only the gold rows whose `lewissplit` is NAME (Reuters'
own TRAIN/TEST split, a check that rules were not fitted to some articles).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsarchive import content, countries  # noqa: E402
from newsarchive.importer import import_seeds  # noqa: E402

# Reuters PLACES codes whose name is not a country name, or not the ISO one.
REUTERS_CODES = {
    "usa": "US", "uk": "GB", "ussr": "SU", "uae": "AE", "west-germany": "WG", "east-germany": "DD",
    "ivory-coast": "CI", "burma": "MM", "kampuchea": "KH", "zaire": "CD", "congo": "CG",
    "yemen-demo-republic": "YD", "yemen-arab-republic": "YE", "st-kitts-nevis": "KN", "st-lucia": "LC",
    "st-vincent": "VC", "st-helena": "SH", "sao-tome": "ST", "trinidad-tobago": "TT", "antigua": "AG",
    "turks-caicos": "TC", "falkland": "FK", "western-samoa": "WS", "netherlands-antilles": "AN",
    "british-virgin-islands": "VG", "us-virgin-islands": "VI", "vatican": "VA", "macau": "MO",
    "swaziland": "SZ", "cape-verde": "CV", "czechoslovakia": "CS", "yugoslavia": "YU", "laos": "LA",
    "brunei": "BN", "north-korea": "KP", "south-korea": "KR", "bahamas": "BS", "gambia": "GM",
    "canary-islands": "IC", "east-timor": "TL", "vietnam": "VN", "syria": "SY", "iran": "IR",
    "taiwan": "TW", "tanzania": "TZ", "bolivia": "BO", "venezuela": "VE", "moldova": "MD", "russia": "RU",
}  # fmt: skip


def gold_code(code: str) -> str:
    """A Reuters place code as the ISO (or historic) code countries.py uses; '?code' if unknown."""
    if code in REUTERS_CODES:
        return REUTERS_CODES[code]
    found = countries.lookup(code.replace("-", " "))
    return found.code if found else f"?{code}"


def our_code(name: str) -> str:
    found = countries.lookup(name)
    return found.code if found else f"?{name}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("seeds", type=Path)
    parser.add_argument("gold", type=Path)
    parser.add_argument("--errors", action="store_true", help="list the articles whose places differ")
    parser.add_argument("--split", help="score only the gold rows whose lewissplit is this (TRAIN, TEST)")
    args = parser.parse_args()

    gold = {}
    for line in args.gold.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            if args.split is None or row.get("lewissplit") == args.split:
                gold[row["file"]] = row
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        report = import_seeds([args.seeds], Path(tmp) / "content")
        elapsed = time.perf_counter() - started
        articles = [content.parse(p.read_text(encoding="utf-8"))[0] for p in report.imported]

    tp = fp = fn = scored = 0
    located = 0
    topics: Counter[str] = Counter()
    orgs: Counter[str] = Counter()
    errors: list[str] = []
    for fm in articles:
        located += bool(fm.get("location"))
        topics.update(fm.get("topics") or [])
        orgs.update(fm.get("organisations") or [])
        row = gold.get(fm["seed"]["file"])
        if row is None:
            continue
        scored += 1
        want = {gold_code(c) for c in row["places"]}
        got = {our_code(n) for n in fm.get("places") or []}
        tp += len(want & got)
        fp += len(got - want)
        fn += len(want - got)
        if want != got:
            errors.append(
                f"{fm['seed']['file']}: +{sorted(got - want)} -{sorted(want - got)} | {fm.get('dateline')} | "
                f"{fm.get('title_original') or fm.get('title')}"
            )

    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    n = len(articles)
    if args.errors:
        print("\n".join(errors), end="\n\n")
    print(f"articles     {n} imported, {len(report.errors)} skipped, in {elapsed:.2f} s")
    print(f"places       P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  (tp {tp}, fp {fp}, fn {fn}; {scored} articles scored)")
    print(f"location     {located / n if n else 0:.1%} of articles")
    print("topics       " + ", ".join(f"{t} {c}" for t, c in topics.most_common(10)))
    print("organisations " + ", ".join(f"{t} {c}" for t, c in orgs.most_common(10)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
