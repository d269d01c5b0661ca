"""Screenshots of a built site at desktop and phone widths, to look at (issue #17).

Takes home, an article, the most-mentioned person, the people A–Z, the newest year and a
search, each at 1280 and 390 CSS pixels wide, from the site opened from disk (as a reader with
a copy of the archive sees it), into tests/screenshots/. The first screen of each page is
taken, plus a full-page phone shot of the search results (facets below results).

Usage: python tools/screenshots.py SITE [--out tests/screenshots] [--query "climate"]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.conftest import CHROMIUM, CHROMIUM_ARGS

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


def targets(site: Path, query: str) -> dict[str, str]:
    """Page name -> path (with query) under the site."""
    articles = sorted((site / "articles").rglob("*.html"), key=lambda p: p.stat().st_size, reverse=True)
    people = (site / "people" / "index.html").read_text(encoding="utf-8")
    counts = re.findall(r'<a href="(?:\.\./people/)?([^"/]+\.html)">[^<]+</a> <span class="count">(\d+)</span>', people)
    person = max(counts, key=lambda c: int(c[1]))[0] if counts else "index.html"
    years = sorted(p.name for p in (site / "archive").glob("[0-9][0-9][0-9][0-9].html"))
    return {
        "home": "index.html",
        "article": str(articles[len(articles) // 2].relative_to(site)),
        "person": f"people/{person}",
        "a-z": "people/index.html",
        "year": f"archive/{years[-1]}",
        "search": f"search.html?q={query}",
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("site", type=Path)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "tests" / "screenshots")
    ap.add_argument("--query", default="climate")
    args = ap.parse_args()
    site = args.site.resolve()
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width_name, (w, h) in WIDTHS.items():
            page = browser.new_page(viewport={"width": w, "height": h})
            for name, path in targets(site, args.query).items():
                page.goto(f"file://{site}/{path}")
                if name == "search":
                    page.wait_for_selector("[data-search-results] li", timeout=15000)
                page.wait_for_timeout(300)
                out = args.out / f"{name}-{width_name}.png"
                page.screenshot(path=str(out), full_page=name == "search" and width_name == "phone")
                print(f"{out.name}: {path}")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
