"""Growth with the archive (`make bench-scale`): ingest and a clean build with search at 1,000,
10,000 and 100,000 articles, per article, with the peak memory of each.

Why: issue #15 asks that time per article at 100,000 be no more than 1.2 times that at 10,000
and that peak memory stay under 2 GiB; `bench.py` starts from written articles and so never
times ingest, the step a new archive of that size pays first.

Input is what a user has: raw text files of 500 articles each, pasted one after another (Title
Case headline, `By` line, date, body, rights line), bodies from `bench.generate` (about 650
words, 3-15 entities each, every article distinct, so near-duplicate detection finds no
versions). Per size, each in a fresh process: `ingest` of the whole `content/raw/` folder into
an empty archive, then `build --clean` with search. Reported: wall seconds, milliseconds per
article, peak RSS of the largest process (`ru_maxrss` of the children: ingest's and the
build's workers, Pagefind), and the per-article time against the 10,000 row (or the smallest
size when 10,000 is not run). Usage: `python bench/scale.py [--runs K] 1000 10000 100000`;
the median of K runs (default 1: a 100,000-article run takes about ten minutes here).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench import generate, timed

PER_FILE = 500
SOURCES = ("Harbour Wire", "Desk News", "Coast Post")


def raw_files(root: Path, count: int) -> int:
    """Write `count` generated articles as pasted raw files under content/raw; returns bytes."""
    scratch = root / "_generated"
    bodies = generate(scratch, count)
    heads = sorted((scratch / "content" / "articles").rglob("*.md"), key=lambda p: int(p.stem.split("-")[1]))
    raw = root / "content" / "raw"
    raw.mkdir(parents=True)
    size = 0
    for lo in range(0, count, PER_FILE):
        parts = []
        for n in range(lo, min(lo + PER_FILE, count)):
            head = heads[n].read_text(encoding="utf-8").split("---\n", 2)[1]
            title = re.search(r"^title: '?(.*?)'?$", head, flags=re.M)
            date = re.search(r"^date: '?([\d-]+)'?$", head, flags=re.M)
            assert title and date
            parts.append(
                f"{title.group(1)}\n\nBy Ana Lima\n{date.group(1)}\n\n{bodies[n].strip()}\n\n"
                f"Copyright {date.group(1)[:4]} {SOURCES[n % 3]}. All rights reserved.\n"
            )
        text = "\n\n".join(parts)
        (raw / f"part-{lo // PER_FILE:04d}.txt").write_text(text, encoding="utf-8")
        size += len(text.encode("utf-8"))
    shutil.rmtree(scratch)
    return size


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args(argv)
    cli = [sys.executable, "-m", "site_builder"]
    print(f"{os.cpu_count()} cores; median of {args.runs} run(s), each in a fresh process")
    print(
        f"{'articles':>9} {'raw MB':>7} {'written':>8} {'ingest':>8} {'ms/art':>7} {'peak GiB':>9} "
        f"{'build':>8} {'ms/art':>7} {'peak GiB':>9} {'ingest x':>9} {'build x':>8}"
    )
    base: tuple[float, float] | None = None
    for count in args.sizes:
        tmp = Path(tempfile.mkdtemp(prefix=f"sb-scale-{count}-", dir=os.environ.get("SB_BENCH_DIR")))
        try:
            size = raw_files(tmp, count)
            ingests, builds, written = [], [], 0
            for _ in range(args.runs):
                shutil.rmtree(tmp / "content" / "articles", ignore_errors=True)
                shutil.rmtree(tmp / ".site-builder", ignore_errors=True)
                ingests.append(timed([*cli, "ingest", "--root", str(tmp), "-q"]))
                written = sum(1 for _ in (tmp / "content" / "articles").rglob("*.md"))
                builds.append(timed([*cli, "build", "--root", str(tmp), "--clean", "-q"]))
            ingest_s = statistics.median(r[0] for r in ingests)
            build_s = statistics.median(r[0] for r in builds)
            per = (1000 * ingest_s / count, 1000 * build_s / count)
            if base is None or count == 10000:
                base = per
            print(
                f"{count:>9} {size / 1e6:>7.1f} {written:>8} {ingest_s:>7.1f}s {per[0]:>7.2f} "
                f"{max(r[1] for r in ingests):>9.2f} {build_s:>7.1f}s {per[1]:>7.2f} "
                f"{max(r[1] for r in builds):>9.2f} {per[0] / base[0]:>9.2f} {per[1] / base[1]:>8.2f}",
                flush=True,
            )
            for name, runs in (("ingest", ingests), ("build", builds)):
                print(f"  {name} runs: " + ", ".join(f"{r[0]:.1f}s" for r in runs), file=sys.stderr)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    print(
        "ms/art: wall milliseconds per article; peak: the largest process; x: ms/art against the 10,000 row "
        "(targets at 100,000: at most 1.2, peak under 2 GiB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
