"""A seeded random sample of an archive's entity pages, with the evidence a judge needs.

Usage: python bench/entity_sample.py ROOT [--n 80] [--seed 13] > sample.jsonl

ROOT is an archive (content/articles ingested). Half the sample is drawn from pages linked by
one article only (where junk collects), half from the rest, so that a judged sample says how
far a reader can trust the pages they meet by browsing. Each line gives the page's kind, name,
aliases and article count, and for up to three of its articles the title and the sentences that
mention one of its names, so a judge can decide without opening the site.

The judged results live in `bench/judged/` as TSV files (one row per sampled page:
kind, name, articles, verdict, comment), verdicts being `right`, `junk`, `truncated`,
`duplicate` or `wrong-type`; `python bench/entity_sample.py --score FILE` prints the shares.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

VERDICTS = ("right", "junk", "truncated", "duplicate", "wrong-type")


def sample(root: Path, n: int, seed: int) -> list[dict[str, object]]:
    """Draw the sample (half single-article pages) and collect each page's evidence."""
    from site_builder.site.archive import gather

    archive = gather(root)
    ents = sorted(archive.entities.values(), key=lambda e: e.key)
    single = [e for e in ents if len(e.pages) == 1]
    multi = [e for e in ents if len(e.pages) > 1]
    rng = random.Random(seed)
    half = n // 2
    picked = rng.sample(single, min(half, len(single))) + rng.sample(multi, min(n - half, len(multi)))
    out = []
    for ent in picked:
        names = [ent.name, *ent.aliases]
        pattern = re.compile("|".join(re.escape(x) for x in sorted(names, key=len, reverse=True)))
        evidence = []
        for page in ent.pages[:3]:
            body = page.article.body
            sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", body) if pattern.search(s)]
            evidence.append({"title": page.article.title, "sentences": sentences[:3]})
        out.append(
            {
                "kind": ent.kind,
                "name": ent.name,
                "aliases": list(ent.aliases),
                "articles": len(ent.pages),
                "evidence": evidence,
            }
        )
    return out


def score(path: Path) -> Counter[str]:
    """Verdict counts of a judged TSV file."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    bad = [r for r in rows if r["verdict"] not in VERDICTS]
    if bad:
        raise SystemExit(f"{path}: unknown verdict {bad[0]['verdict']!r} (use one of {', '.join(VERDICTS)})")
    return Counter(r["verdict"] for r in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", nargs="?", type=Path)
    parser.add_argument("--n", type=int, default=80)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--score", type=Path, help="print the verdict shares of a judged TSV file")
    args = parser.parse_args()
    if args.score:
        counts = score(args.score)
        total = sum(counts.values())
        for verdict in VERDICTS:
            print(f"{verdict:<11} {counts[verdict]:>3}  {counts[verdict] / total:.0%}")
        print(f"{'total':<11} {total:>3}")
        return
    if args.root is None:
        parser.error("give an archive ROOT or --score FILE")
    for row in sample(args.root, args.n, args.seed):
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
