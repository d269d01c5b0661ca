"""`make bench-trailer`: ingest does not slow down when articles share boilerplate.

Two JSON Lines files of N generated articles each (about 650 words, as `bench.py` makes them):
one plain, one where every article ends with the same 300-word trailer (a wire's standard
paragraph, a newsletter footer). Near-duplicate detection must not compare every pair that shares
the trailer (it did: 2,000 such articles took 274 s). Each file is ingested into a fresh archive
in a fresh process, three times, and the median reported with the ratio; the target is at most 2.
It also reports how many articles were linked as versions in each case: the trailer must not
make unrelated articles versions of each other. Usage: `bench/shared_trailer.py 5000`.
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench import article, pool

RUNS = 3
WORDS = (
    "agency news service report reporting editors desk copyright reserved distribution redistribution "
    "written consent subscribers publication broadcast rewritten material information accuracy "
    "corrections contact newsroom international bureau coverage weekly edition archive licence terms"
).split()


def trailer(words: int = 300) -> str:
    """One fixed boilerplate paragraph block of `words` words (the same in every article)."""
    rng = random.Random(300)
    sentences = []
    count = 0
    while count < words:
        n = rng.randint(8, 16)
        sentences.append(" ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + ".")
        count += n
    return "\n\n".join(" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4))


def write_jsonl(path: Path, count: int, with_trailer: bool) -> None:
    rng = random.Random(count)
    ents = pool(rng, max(300, int(2800 * (count / 10000) ** 0.5)))
    tail = trailer()
    with path.open("w", encoding="utf-8") as f:
        for n in range(count):
            _rel, text = article(rng, n, ents)
            head, _, body = text.partition("---\n\n")
            meta = yaml.safe_load(head.strip("-\n"))
            body = body.strip() + ("\n\n" + tail if with_trailer else "")
            row = {"title": meta["title"], "date": str(meta["date"]), "source": "Bench Wire", "text": body}
            f.write(json.dumps(row) + "\n")


def ingest_time(source: Path, work: Path) -> tuple[float, int]:
    """Seconds of one ingest into a fresh archive, and how many articles got other versions."""
    if work.exists():
        subprocess.run(["rm", "-rf", str(work)], check=True)
    (work / "content").mkdir(parents=True)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "site_builder", "ingest", "--root", str(work), "-q", str(source)],
        check=True,
        capture_output=True,
    )
    took = time.perf_counter() - started
    from site_builder.site.archive import gather

    linked = sum(1 for p in gather(work).pages if p.versions)
    return took, linked


def main(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="sb-trailer-") as tmp:
        results = {}
        for with_trailer in (False, True):
            source = Path(tmp) / f"articles-{'trailer' if with_trailer else 'plain'}.jsonl"
            write_jsonl(source, count, with_trailer)
            runs = [ingest_time(source, Path(tmp) / "archive") for _ in range(RUNS)]
            times = [r[0] for r in runs]
            print(f"  runs: {', '.join(f'{t:.1f}s' for t in times)}", file=sys.stderr)
            results[with_trailer] = (statistics.median(times), runs[-1][1])
        plain, shared = results[False], results[True]
        print(f"{'articles':>8} {'plain':>8} {'trailer':>8} {'ratio':>6}  versions linked (plain / trailer)")
        print(f"{count:>8} {plain[0]:>7.1f}s {shared[0]:>7.1f}s {shared[0] / plain[0]:>6.2f}  {plain[1]} / {shared[1]}")
        print("medians of 3 ingests, each a fresh process into a fresh archive; target ratio <= 2.")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
