"""Search at scale (`make bench-search`): build generated archives with search and measure
what a big archive costs, for the indexing memory and the offline index (issue #19).

Per size: the clean build with search (wall time), the peak RSS of the largest process of the
build (render workers and Pagefind included: `ru_maxrss` of the children) and of the largest
Pagefind process (the build reads it with `os.wait4`), the search step's time (offline index
plus Pagefind) per 1,000 articles, Pagefind's bundles (count, total and largest MB), the
offline index (total MB, files) and the bytes one offline query loads from disk, as
search.html does it (manifest, term shards, pinned entity, first page of 10 results), over a
fixed set of queries run under node (`bench/offline_query.js`): median and largest.

Usage: python bench/search_scale.py 10000 30000 100000   (SB_BENCH_DIR=/dev/shm for memory)
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench import VOCAB, dir_size, generate, timed


def queries(root: Path, rng: random.Random) -> list[dict[str, object]]:
    """Words of every frequency, two-word queries, entity names, a misspelling, a filter."""
    names: list[str] = []
    for f in sorted((root / "content" / "articles").rglob("*.md"))[:50]:
        head = f.read_text(encoding="utf-8").split("---")[1]
        names += re.findall(r"^- (.+)$", head, flags=re.M)
    words = sorted(set(VOCAB))
    out: list[dict[str, object]] = [{"q": w} for w in rng.sample(words, 12)]
    out += [{"q": " ".join(rng.sample(words, 2))} for _ in range(6)]
    out += [{"q": n} for n in rng.sample(sorted(set(names)), 8)]
    out += [{"q": words[3][:-1] + "x"}, {"q": words[5], "sort": "date"}, {"q": words[7], "filters": {"year": ["2019"]}}]
    return out


def query_bytes(site: Path, items: list[dict[str, object]]) -> list[dict[str, object]]:
    spec = site.parent / "queries.json"
    spec.write_text(json.dumps(items), encoding="utf-8")
    script = Path(__file__).parent / "offline_query.js"
    run = subprocess.run(["node", str(script), str(site), str(spec)], capture_output=True, text=True, check=True)
    return [json.loads(line) for line in run.stdout.splitlines()]


def main(sizes: list[int]) -> None:
    cli = [sys.executable, "-m", "site_builder"]
    print(f"clean build with search, one run per size; {os.cpu_count()} cores")
    head = (
        f"{'articles':>9} {'build':>8} {'peak GiB':>9} {'pagefind GiB':>13} {'search s':>9} {'per 1k':>7} "
        f"{'bundles':>8} {'bundle MB':>10} {'largest':>8} {'offline MB':>11} {'files':>7} "
        f"{'query KB med':>13} {'max':>7} {'query ms':>9}"
    )
    print(head)
    for count in sizes:
        tmp = Path(tempfile.mkdtemp(prefix=f"sb-search-{count}-", dir=os.environ.get("SB_BENCH_DIR")))
        try:
            generate(tmp, count)
            wall, gib, log = timed([*cli, "build", "--root", str(tmp)])
            found = re.search(r"offline index: .*\(([\d.]+)s\)", log)
            offline_s = float(found.group(1)) if found else float("nan")
            found = re.search(r"pagefind: .*largest process (\d+) MiB \(([\d.]+)s\)", log)
            pf_gib, pf_s = (int(found.group(1)) / 1024, float(found.group(2))) if found else (float("nan"),) * 2
            site = tmp / "_site"
            bundles = [dir_size(b) / 1e6 for b in site.glob("pagefind*") if b.is_dir()]
            index_files = list((site / "search-index").glob("*.js"))
            offline_mb = (sum(f.stat().st_size for f in index_files) + (site / "search-index.js").stat().st_size) / 1e6
            got = query_bytes(site, queries(tmp, random.Random(count)))
            kb = [int(g["bytes"]) / 1000 for g in got]
            ms = [float(g["ms"]) for g in got]
            search_s = offline_s + pf_s
            per_1k = search_s / count * 1000
            print(
                f"{count:>9} {wall:>7.1f}s {gib:>9.2f} {pf_gib:>13.2f} {search_s:>8.1f}s {per_1k:>6.2f}s "
                f"{len(bundles):>8} {sum(bundles):>10.1f} {max(bundles):>8.1f} {offline_mb:>11.1f} "
                f"{len(index_files) + 1:>7} {statistics.median(kb):>13.0f} {max(kb):>7.0f} "
                f"{statistics.median(ms):>9.0f}",
                flush=True,
            )
            worst = max(got, key=lambda g: int(g["bytes"]))
            print(f"  heaviest query: {worst['q']!r} ({worst['files']} files, {worst['total']} results)", flush=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    print("peak GiB: the largest process of the build; pagefind GiB: the largest Pagefind process.")
    print("search s: offline index + Pagefind steps of the build; query KB: bytes one offline query loads.")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10000, 30000, 100000])
