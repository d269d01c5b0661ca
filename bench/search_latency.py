"""Time to first results on a generated archive (issue #14: within 1 s at 10,000 articles), in
headless Chromium, served and from disk, a fresh browser context per query (nothing cached).

Usage: python bench/search_latency.py SITE [QUERY ...]   (SITE: a built _site folder, e.g. from
`python -m site_builder build` over bench.generate's articles); prints the median per mode.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote_plus

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, serve_dir

DEFAULT = ["council budget", "Okafor", "storm", "election results", "Lindqvist Harbour", "rail", "farmers trade"]


def main(site: Path, queries: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    server, http = serve_dir(site)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for mode, base in (("http", http), ("disk", site.as_uri() + "/")):
                times = []
                for q in queries:
                    ctx = browser.new_context()
                    page = ctx.new_page()
                    t = time.perf_counter()
                    page.goto(f"{base}search.html?q={quote_plus(q)}")
                    page.wait_for_selector("[data-search-results][aria-busy=false]", state="attached", timeout=60000)
                    times.append((time.perf_counter() - t) * 1000)
                    ctx.close()
                median, worst = statistics.median(times), max(times)
                print(f"{mode:>5}: median {median:.0f} ms, max {worst:.0f} ms over {len(times)} queries")
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:] or DEFAULT)
