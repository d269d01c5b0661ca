"""Search quality as a reader meets it (issue #14): judged queries over the Wikinews archive,
run in headless Chromium on three paths, with the same figures for each.

- `http`: search.html served over http (our Pagefind bundles, merged);
- `disk`: search.html opened from disk (the offline index);
- `pagefind-ui`: Pagefind's own default UI over one bundle of the same pages, the reference.

The archive is built from `../shared/corpus/wikinews-vanatteveldt/articles.jsonl` (293
articles) by the CLI, as a user would. Queries and their relevant articles are data, written by
reading the articles: `bench/search_queries.json` (ids of the corpus; an entity page counts as
relevant when it is the page of the entity a query names). Printed per path: P@5 (the share of
the first five results shown that are relevant; a query with no result scores 0), queries
with no result, overlap@10 with the http path, the median time to the first results and the
median bytes a query loads (a fresh browser context per query: the page, its scripts and the
index files). For misspelt names: how many pages offer the intended spelling, and P@5 of their
results against the pages judged for the intended spelling (the misspelt queries are not in the
first P@5).

Usage: python bench/search_quality.py [--split all|tune|heldout] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from slugify import slugify

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, SHARED, serve_dir

CORPUS = SHARED / "corpus" / "wikinews-vanatteveldt" / "articles.jsonl"
QUERIES = Path(__file__).with_name("search_queries.json")
REF_BUNDLE = "pagefind-ref"
REF_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pagefind UI</title>
<link href="pagefind-ref/pagefind-ui.css" rel="stylesheet"><script src="pagefind-ref/pagefind-ui.js"></script>
</head><body><div id="search"></div><script>
window.addEventListener("DOMContentLoaded", function () {
  var bundle = new URL("pagefind-ref/", location.href).pathname;
  new PagefindUI({element: "#search", bundlePath: bundle, showSubResults: false, showImages: false});
});</script></body></html>
"""
GLOBS = "{articles/**/*.html,people/*.html,organizations/*.html,places/*.html}"


def build_archive(work: Path) -> tuple[Path, dict[str, str]]:
    """Ingest and build the corpus with the CLI; returns the site and corpus id -> page URL."""
    cli = [sys.executable, "-m", "site_builder"]
    (work / "content").mkdir(parents=True)
    subprocess.run([*cli, "ingest", "--root", str(work), "-q", str(CORPUS)], check=True, capture_output=True)
    subprocess.run([*cli, "build", "--root", str(work)], check=True, capture_output=True)
    site = work / "_site"
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--glob", GLOBS, "--output-subdir", REF_BUNDLE],
        check=True,
        capture_output=True,
    )
    (site / "pagefind-ref.html").write_text(REF_PAGE, encoding="utf-8")
    from site_builder.site.archive import gather

    by_source = {p.article.url: p.url for p in gather(work).pages}
    ids = {}
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row.get("url") in by_source:
            ids[row["id"]] = by_source[row["url"]]
    return site, ids


def relevant_urls(query: dict[str, Any], ids: dict[str, str]) -> set[str]:
    """The judged articles, the page of the entity the judge named, and any entity page whose
    name is the query itself (the page of "Black Lives Matter" for that query)."""
    urls = {ids[i] for i in query["relevant"] if i in ids}
    if query.get("entity"):
        urls.add(f"{query['entity_kind']}/{slugify(query['entity'])}.html")
    urls.update(f"{kind}/{slugify(query['q'])}.html" for kind in ("people", "organizations", "places"))
    return urls


def our_search(page: Any, url: str) -> dict[str, Any]:
    t = time.perf_counter()
    page.goto(url)
    page.wait_for_selector("[data-search-results][aria-busy=false]", state="attached", timeout=60000)
    ms = (time.perf_counter() - t) * 1000
    hrefs = page.eval_on_selector_all("[data-search-results] li > a", "els => els.map(e => e.getAttribute('href'))")
    hint = page.locator("[data-search-hint] a").all_inner_texts()
    return {"urls": hrefs[:10], "ms": ms, "suggestion": hint[0] if hint else None}


def ref_search(page: Any, url: str, q: str) -> dict[str, Any]:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    t = time.perf_counter()  # from navigation, as for search.html?q=
    page.goto(url)
    page.wait_for_selector(".pagefind-ui__search-input", timeout=60000)
    page.fill(".pagefind-ui__search-input", q)
    try:
        page.wait_for_selector(".pagefind-ui__message", timeout=30000)
        page.wait_for_function(
            "!/Searching|Filters loading/i.test(document.querySelector('.pagefind-ui__message').textContent)",
            timeout=30000,
        )
    except PlaywrightTimeout:  # no message: no result either
        pass
    ms = (time.perf_counter() - t) * 1000
    base = url.rsplit("/", 1)[0] + "/"
    hrefs = page.eval_on_selector_all(".pagefind-ui__result-link", "els => els.map(e => e.href)")
    return {"urls": [h.removeprefix(base).split("#")[0] for h in hrefs[:10]], "ms": ms, "suggestion": None}


def page_bytes(page: Any, site: Path) -> int:
    """Bytes the page loaded: transfer sizes over http, file sizes from disk (the page, its
    stylesheets and every script, index shards included)."""
    if page.url.startswith("file://"):
        names = page.evaluate(
            "[location.href].concat(Array.from(document.scripts).map(s => s.src).filter(Boolean),"
            " Array.from(document.querySelectorAll('link[rel=stylesheet]')).map(l => l.href))"
        )
        files = {Path(n.removeprefix("file://").split("?")[0]) for n in names}
        return sum(f.stat().st_size for f in files if f.is_file())
    entries = page.evaluate(
        "[{name: location.href, size: (performance.getEntriesByType('navigation')[0] || {}).transferSize || 0}]"
        ".concat(performance.getEntriesByType('resource').map(e => ({name: e.name, size: e.transferSize})))"
    )
    total = 0
    for e in entries:
        if e["name"].startswith("file://"):
            path = Path(e["name"].removeprefix("file://").split("?")[0])
            total += path.stat().st_size if path.is_file() else 0
        else:
            total += int(e["size"] or 0)
    return total


def run(split: str, paths: list[str], browser: Any = None) -> dict[str, Any]:
    """Build the archive, run the queries of `split` on `paths`; `browser` is a Playwright
    browser to use (the tests' own), else one is launched."""
    from playwright.sync_api import sync_playwright

    if browser is None:
        with sync_playwright() as pw:
            launched = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return run(split, paths, launched)
            finally:
                launched.close()
    queries = [q for q in json.loads(QUERIES.read_text(encoding="utf-8")) if split == "all" or q["split"] == split]
    with tempfile.TemporaryDirectory(prefix="sb-quality-") as tmp:
        site, ids = build_archive(Path(tmp) / "archive")
        server, http = serve_dir(site)
        out: dict[str, Any] = {"queries": len(queries), "articles": len(ids), "paths": {}}
        runs: dict[str, list[dict[str, Any]]] = {p: [] for p in paths}
        try:
            for q in queries:
                text = q["q"]
                for path in runs:
                    ctx = browser.new_context()
                    page = ctx.new_page()
                    if path == "pagefind-ui":
                        got = ref_search(page, f"{http}pagefind-ref.html", text)
                    else:
                        where = http if path == "http" else site.as_uri() + "/"
                        got = our_search(page, f"{where}search.html?q={_quote(text)}")
                    got["bytes"] = page_bytes(page, site)
                    ctx.close()
                    runs[path].append(got)
        finally:
            server.shutdown()
        for path, results in runs.items():
            out["paths"][path] = summarise(queries, results, runs.get("http", results), ids)
        out["ceiling_p_at_5"] = ceiling(queries, ids, site)
        out["per_query"] = [{"q": q["q"], **{p: runs[p][n]["urls"][:10] for p in runs}} for n, q in enumerate(queries)]
        return out


def _quote(text: str) -> str:
    from urllib.parse import quote_plus

    return quote_plus(text)


def _fold(text: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"\W+", " ", plain.casefold()).strip()


def summarise(
    queries: list[dict[str, Any]], results: list[dict[str, Any]], http: list[dict[str, Any]], ids: dict[str, str]
) -> dict[str, Any]:
    precisions, zero, overlap, ms, size = [], 0, [], [], []
    suggested = misspelt = 0
    fixed: list[float] = []
    for q, got, ref in zip(queries, results, http, strict=True):
        ms.append(got["ms"])
        size.append(got["bytes"])
        if q["kind"] == "misspelt":
            misspelt += 1
            if got["suggestion"] and _fold(q["correct"]).endswith(_fold(got["suggestion"])):
                suggested += 1
            fixed.append(_precision(got["urls"][:5], relevant_urls({**q, "q": q["correct"]}, ids)))
            continue
        want = relevant_urls(q, ids)
        top = got["urls"][:5]
        zero += not top
        precisions.append(_precision(top, want))
        a, b = set(got["urls"][:10]), set(ref["urls"][:10])
        overlap.append(len(a & b) / max(len(a), len(b)) if a or b else 1.0)
    return {
        "p_at_5": round(statistics.mean(precisions), 3),
        "zero_results": zero,
        "overlap_at_10_with_http": round(statistics.mean(overlap), 3),
        "first_results_ms": round(statistics.median(ms)),
        "bytes_per_query": round(statistics.median(size)),
        "misspelt_suggested": f"{suggested}/{misspelt}",
        "misspelt_p_at_5": round(statistics.mean(fixed), 3) if fixed else None,
    }


def ceiling(queries: list[dict[str, Any]], ids: dict[str, str], site: Path) -> float:
    """The best P@5 a ranking could reach on these queries when it shows five results: a query
    with two relevant pages scores at most 0.4 (a path that shows fewer results can score more)."""
    best = []
    for q in queries:
        if q["kind"] != "misspelt":
            have = {u for u in relevant_urls(q, ids) if (site / u).is_file()}
            best.append(min(len(have), 5) / 5)
    return round(statistics.mean(best), 3)


def _precision(top: list[str], want: set[str]) -> float:
    """The share of the results shown (at most five) that are relevant; none shown scores 0."""
    return sum(u in want for u in top) / len(top) if top else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=["all", "tune", "heldout", "heldout2"], default="all")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--paths", default="http,disk,pagefind-ui", help="comma-separated: http, disk, pagefind-ui")
    args = ap.parse_args()
    out = run(args.split, args.paths.split(","))
    print(
        f"{out['queries']} queries ({args.split}), {out['articles']} articles; "
        f"the best P@5 a ranking showing five results can reach here: {out['ceiling_p_at_5']:.3f}"
    )
    print(
        f"{'path':<12} {'P@5':>6} {'zero':>5} {'overlap@10':>11} {'first ms':>9} {'KB/query':>9} "
        f"{'did you mean':>13} {'misspelt P@5':>13}"
    )
    for path, s in out["paths"].items():
        print(
            f"{path:<12} {s['p_at_5']:>6.3f} {s['zero_results']:>5} {s['overlap_at_10_with_http']:>11.3f} "
            f"{s['first_results_ms']:>9} {s['bytes_per_query'] / 1000:>9.0f} {s['misspelt_suggested']:>13} "
            f"{'-' if s['misspelt_p_at_5'] is None else s['misspelt_p_at_5']:>13}"
        )
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
