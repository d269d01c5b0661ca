"""Speed of pasted-text ingest on one big file: `python bench/pasted_speed.py [N]` (default 10,000).

Why: segmenting a whole file at once (`ingest/segment.py`) must not make big pasted files slower
to ingest. The file is N Wikinews articles from `../shared/corpus/` (cycled when N is larger than
the corpus), each as Title Case headline / `By` line / ISO date / body / rights line, one after
another. Reported: the reader and metadata extraction in this process (median of three), and the
whole `site-builder ingest` command in a fresh process into an empty archive (median of three,
entities and writing included), with the articles written and the peak memory of that process.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "wikinews-toscadata" / "articles.jsonl"


def pasted_file(n: int) -> str:
    """N articles pasted one after another."""
    rows = [json.loads(line) for line in CORPUS.open(encoding="utf-8")]
    out = []
    for i in range(n):
        r = rows[i % len(rows)]
        paras = [p.strip() for p in r["text"].split("\n\n") if p.strip()][:8]
        title = " ".join(w[:1].upper() + w[1:] for w in r["title"].split())
        out.append(
            f"{title}\n\nBy Ana Lima\n{r['date']}\n\n"
            + "\n\n".join(paras)
            + f"\n\nCopyright {r['date'][:4]} Harbour Wire. All rights reserved.\n"
        )
    return "\n\n".join(out)


def main(argv: list[str]) -> int:
    from site_builder.ingest.metadata import extract
    from site_builder.ingest.pipeline import read_file

    n = int(argv[0]) if argv else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pasted.txt"
        path.write_text(pasted_file(n), encoding="utf-8")
        size = path.stat().st_size
        reads = []
        for _ in range(3):
            start = time.perf_counter()
            opened = read_file(path, path.name)
            arts = [extract(r, year_hint=opened.year_hint) for r in opened.raws]
            reads.append(time.perf_counter() - start)
        runs = []
        summary = ""
        for k in range(3):
            root = Path(tmp) / f"root{k}"
            (root / "content").mkdir(parents=True)
            cmd = [sys.executable, "-m", "site_builder", "ingest", "--root", str(root), "-q", str(path)]
            start = time.perf_counter()
            # run from the temporary folder: `-m` puts the working directory first on sys.path, and
            # PYTHONPATH (another checkout to compare with) must win over this repository
            done = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=tmp)
            runs.append((round(time.perf_counter() - start, 2), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
            summary = next((line for line in done.stdout.splitlines() if "file(s) read" in line), summary)
    print(f"pasted file of {n} articles ({size / 1e6:.1f} MB): {len(arts)} read")
    print(f"  read + extract, in process: median {statistics.median(reads):.2f} s of {[round(x, 2) for x in reads]}")
    print(
        f"  ingest command: median {statistics.median(w for w, _ in runs):.2f} s of {[w for w, _ in runs]}, "
        f"peak {max(r for _, r in runs) / 1024:.0f} MiB (largest child)"
    )
    print(f"  {summary}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
