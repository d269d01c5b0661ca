"""Misspellings the search page corrects, on cases nobody looked at while the rule was written.

From the 293-article Wikinews archive (built by the CLI, as `search_quality.py` does), a seeded
sample of people's names (two articles or more, a surname of six letters or more) and of words
of seven letters or more from the articles' text, each misspelt once at random (a letter
replaced, dropped, doubled or swapped with the next). Printed for names and words: how many
misspellings the page corrects to the intended words, corrects to other words, or leaves alone,
and how many of the correctly spelt queries it would alter (it should alter none). Runs the real
`search.js` under node (`bench/spelling_check.js`).

Usage: python bench/spelling_heldout.py [--seed 2026] [--n 100]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.search_quality import CORPUS

CHECK = Path(__file__).with_name("spelling_check.js")


def misspell(word: str, rng: random.Random) -> str:
    """One typing slip inside the word (never its first or last letter alone)."""
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice("sdxt")
    if op == "s":
        return word[:i] + rng.choice("aeioulnrst".replace(word[i], "")) + word[i + 1 :]
    if op == "d" or word[i] == word[i + 1]:
        return word[:i] + word[i + 1 :]
    if op == "x":
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def cases(root: Path, n: int, seed: int) -> list[tuple[str, str, str]]:
    from site_builder.site.archive import gather

    archive = gather(root)
    rng = random.Random(seed)
    people = sorted(
        e.name
        for e in archive.entities.values()
        if e.kind == "people" and len(e.pages) >= 2 and " " in e.name and len(e.name.split()[-1]) >= 6
    )
    words = sorted({w for p in archive.pages for w in re.findall(r"\b[a-z]{7,}\b", p.article.body)})
    out = []
    for name in rng.sample(people, min(n, len(people))):
        *given, last = name.split()
        out.append(("name", name, " ".join([*given, misspell(last, rng)])))
    out.extend(("word", w, misspell(w, rng)) for w in rng.sample(words, min(n, len(words))))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--n", type=int, default=100)
    args = ap.parse_args()
    cli = [sys.executable, "-m", "site_builder"]
    with tempfile.TemporaryDirectory(prefix="sb-spelling-") as tmp:
        root = Path(tmp) / "archive"
        (root / "content").mkdir(parents=True)
        subprocess.run([*cli, "ingest", "--root", str(root), "-q", str(CORPUS)], check=True, capture_output=True)
        subprocess.run([*cli, "build", "--root", str(root), "-q"], check=True, capture_output=True)
        spec = Path(tmp) / "cases.json"
        spec.write_text(json.dumps(cases(root, args.n, args.seed)), encoding="utf-8")
        run = subprocess.run(["node", str(CHECK), str(root / "_site"), str(spec)], check=True, capture_output=True)
    results = json.loads(run.stdout)
    print(f"{'kind':<6} {'cases':>6} {'corrected':>10} {'other word':>11} {'left':>5} {'right ones altered':>19}")
    for kind in ("name", "word"):
        rows = [r for r in results if r["kind"] == kind]
        fixed = sum(r["fixed"] == r["want"] for r in rows)
        other = sum(bool(r["fixed"]) and r["fixed"] != r["want"] for r in rows)
        altered = sum(not r["untouched"] for r in rows)
        print(f"{kind:<6} {len(rows):>6} {fixed:>10} {other:>11} {len(rows) - fixed - other:>5} {altered:>19}")
    misses = [f"{r['bad']} -> {r['fixed'] or '(none)'}" for r in results if r["fixed"] != r["want"]]
    print("missed: " + "; ".join(misses[:12]))


if __name__ == "__main__":
    main()
