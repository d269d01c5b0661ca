"""`make bench-incremental`: how much of a clean build a rebuild costs, and that it is the same site.

For each size (generated articles, as `bench.py` makes them), with search and without (HTML
only), three times each in a fresh process, the median reported:

- a clean build (`build --clean`, into a site that already exists, so it pays for the swap);
- a rebuild after no change;
- a rebuild after one article's body was edited (another article each run), twice: a sentence
  put before its first paragraph (its teaser and feed summary change, so every list showing it
  is made again) and a sentence added at its end (what other pages show of it is unchanged).

After the last edit, the incremental site is compared file by file with a clean build of the
same content (Pagefind's bundles aside: Pagefind names its filter files differently in two clean
builds of the same pages; what each bundle was made from is compared instead). The ratios are
the issue's targets: a no-change rebuild at most 5% of a clean build, a one-article edit at most
10%. Usage: `bench/incremental.py 1000 10000`.
"""

from __future__ import annotations

import hashlib
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench import generate, timed

RUNS = 3


def build_cmd(root: Path, search: bool, *extra: str) -> list[str]:
    cmd = [sys.executable, "-m", "site_builder", "build", "--root", str(root), "-q", *extra]
    return cmd if search else [*cmd, "--no-search"]


def edit(root: Path, n: int, at_end: bool = False) -> None:
    """Open (or close) the n-th article (by name) with a new sentence: a change to one body."""
    path = sorted((root / "content" / "articles").rglob("*.md"))[n * 7919 % 1000]
    head, sep, body = path.read_text(encoding="utf-8").partition("---\n\n")
    line = f"Edit {n}: a sentence added by the benchmark."
    text = f"{body.rstrip()}\n\n{line}\n" if at_end else f"{line}\n\n{body}"
    path.write_text(f"{head}{sep}{text}", encoding="utf-8")


def tree_digest(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.blake2b(p.read_bytes(), digest_size=16).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file() and not p.relative_to(site).parts[0].startswith("pagefind")
    }


def median(runs: list[float]) -> float:
    print("  runs: " + ", ".join(f"{r:.2f}s" for r in runs), file=sys.stderr)
    return statistics.median(runs)


def measure(root: Path, search: bool, edits: list[int]) -> tuple[float, float, float, float, bool]:
    """(clean, no change, one edit at the start, one at the end) median seconds, and whether the
    edited site is a clean one."""
    timed(build_cmd(root, search, "--clean"))  # the site the rebuilds start from
    clean = median([timed(build_cmd(root, search, "--clean"))[0] for _ in range(RUNS)])
    timed(build_cmd(root, search))  # records the clean site as the last build
    same = median([timed(build_cmd(root, search))[0] for _ in range(RUNS)])
    edited: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(RUNS):
        for at_end in (False, True):
            edit(root, edits.pop(), at_end)
            edited[at_end].append(timed(build_cmd(root, search))[0])
    start, end = median(edited[False]), median(edited[True])
    timed(build_cmd(root, search, "--clean", "--out", str(root / "_clean")))
    identical = tree_digest(root / "_site") == tree_digest(root / "_clean")
    return clean, same, start, end, identical


def main(sizes: list[int]) -> None:
    print(
        f"{'articles':>8} {'search':>6} {'clean':>7} {'no change':>9} {'%':>5} {'edit lede':>9} {'%':>5} "
        f"{'edit end':>8} {'%':>5}  same as clean"
    )
    with tempfile.TemporaryDirectory(prefix="sb-incremental-") as tmp:
        for size in sizes:
            root = Path(tmp) / str(size)
            generate(root, size)
            edits = list(range(100))
            for search in (False, True):
                clean, same, start, end, identical = measure(root, search, edits)
                verdict = "yes" if identical else "NO"
                print(
                    f"{size:>8} {'yes' if search else 'no':>6} {clean:>6.2f}s {same:>8.2f}s "
                    f"{100 * same / clean:>4.1f}% {start:>8.2f}s {100 * start / clean:>4.1f}% "
                    f"{end:>7.2f}s {100 * end / clean:>4.1f}%  {verdict}",
                    flush=True,
                )
    print(
        "medians of 3 runs, each a fresh process; edit lede: a sentence before an article's first paragraph "
        "(lists showing it change); edit end: a sentence after its last. Targets: no change <= 5%, one edit <= 10%."
    )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])
