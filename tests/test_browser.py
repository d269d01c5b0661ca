"""Search in a real headless Chromium: served at the root, under /archive/, and from disk."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEED, make_root, run_cli
from tests.conftest import serve_dir as serve

SEED_TITLES = ("Two senior U.S. officials", "Maduro Announces Resumption")


def results(page: Any) -> list[tuple[str, str]]:
    page.wait_for_selector("[data-search-results][aria-busy=false]", state="attached", timeout=60000)
    links = page.locator("[data-search-results] a")
    return [(links.nth(i).inner_text(), links.nth(i).get_attribute("href") or "") for i in range(links.count())]


def search_urls(http_root: dict[str, str], seed_site: Path) -> dict[str, str]:
    return {
        "root": f"{http_root['root']}search.html",
        "subpath": f"{http_root['subpath']}search.html",
        "disk": (seed_site / "search.html").as_uri(),
    }


@pytest.mark.parametrize("where", ["root", "subpath", "disk"])
def test_maduro_lists_both_seed_articles(where: str, page: Any, http_root: dict[str, str], seed_site: Path) -> None:
    url = search_urls(http_root, seed_site)[where]
    page.goto(f"{url}?q=Maduro")
    found = results(page)
    titles = [t for t, _ in found]
    for want in SEED_TITLES:
        assert any(t.startswith(want) for t in titles), (where, titles)
    engine = page.locator("[data-search-results]").get_attribute("data-engine")
    assert engine == ("offline" if where == "disk" else "pagefind")
    marks = page.locator("[data-search-results] mark")
    assert marks.count() >= 1 and marks.first.inner_text().lower().startswith("maduro")
    # dates read as on every other page ("8 March 2022"), in both engines, not as ISO dates
    metas = page.locator("[data-search-results] .result-article .meta").all_inner_texts()
    assert metas and all(re.match(r"(?:(?:\d{1,2} )?[A-Z][a-z]+ )?\d{4}\b(?!-)", m) for m in metas), metas
    counts = page.locator("[data-facet=source] label").all_inner_texts()
    assert any(c.startswith("AFP (") for c in counts) and any(c.startswith("Bloomberg (") for c in counts)
    href = next(h for t, h in found if t.startswith(SEED_TITLES[1]))
    page.locator(f"[data-search-results] a[href='{href}']").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Maduro Announces Resumption")


@pytest.mark.parametrize("where", ["root", "subpath", "disk"])
def test_a_misspelt_name_shows_the_results_of_the_nearest_word(
    where: str, page: Any, http_root: dict[str, str], seed_site: Path
) -> None:
    # a word the archive lacks is searched as the nearest word it has, with a way back
    url = search_urls(http_root, seed_site)[where]
    page.goto(f"{url}?q=Madurro")
    titles = [t for t, _ in results(page)]
    for want in SEED_TITLES:
        assert any(t.startswith(want) for t in titles), (where, titles)
    hint = page.locator("[data-search-hint]")
    assert hint.inner_text().startswith("Showing results for maduro"), hint.inner_text()
    assert "for “maduro”" in page.locator("[data-search-status]").inner_text()
    page.locator("[data-search-exact]").click()
    page.wait_for_selector("[data-search-results][aria-busy=false]", state="attached")
    page.wait_for_function("document.querySelector('[data-search-status]').textContent.includes('Madurro')")
    assert page.locator("[data-search-hint] [data-suggestion]").inner_text() == "maduro"
    assert hint.inner_text().startswith("Did you mean"), hint.inner_text()
    if where == "disk":
        assert page.locator("[data-search-status]").inner_text().startswith("0 results")
    else:  # the address keeps the choice, so the page can be shared as searched
        assert "exact=1" in page.url
    page.goto(f"{url}?q=Maduro")  # a word the archive has is searched as typed
    results(page)
    assert page.locator("[data-search-hint]").inner_text() == ""


@pytest.mark.parametrize("where", ["root", "subpath", "disk"])
def test_filter_by_source(where: str, page: Any, http_root: dict[str, str], seed_site: Path) -> None:
    url = search_urls(http_root, seed_site)[where]
    page.goto(f"{url}?q=Maduro&source=AFP")
    titles = [t for t, _ in results(page)]
    assert any(t.startswith(SEED_TITLES[1]) for t in titles)
    assert not any(t.startswith(SEED_TITLES[0]) for t in titles)
    assert page.locator("input[data-facet-value=source][value=AFP]").is_checked()


@pytest.mark.parametrize("where", ["root", "subpath", "disk"])
def test_entity_page_first(where: str, page: Any, http_root: dict[str, str], seed_site: Path) -> None:
    url = search_urls(http_root, seed_site)[where]
    page.goto(f"{url}?q=Bill+Nelson")
    found = results(page)
    assert found[0][1].endswith("people/bill-nelson.html"), found[:3]
    page.goto(f"{url}?q=maduro")  # a unique surname finds the person too
    found = results(page)
    assert found[0][1].endswith("people/nicolas-maduro.html"), found[:3]


def test_facet_click_filters(page: Any, seed_site: Path) -> None:
    page.goto((seed_site / "search.html").as_uri() + "?q=telescope")
    before = len(results(page))
    page.locator("input[data-facet-value=year][value='2022']").check()
    after = len(results(page))
    assert 0 < after < before


def test_header_search_box_goes_to_search(page: Any, http_root: dict[str, str]) -> None:
    page.goto(f"{http_root['subpath']}archive/index.html")
    page.fill("#site-search", "Guterres")
    page.press("#site-search", "Enter")
    page.wait_for_url("**/search.html?q=Guterres")
    titles = [t for t, _ in results(page)]
    assert titles and any("Guterres" in t for t in titles[:3]), titles


@pytest.fixture(scope="module")
def sharded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The seed plus example content indexed in bundles of at most 8 pages, served over http."""
    from site_builder.site import search

    root = make_root(tmp_path_factory.mktemp("sharded"), example=True)
    assert run_cli("ingest", "--root", str(root), "-q", str(root / "content" / "raw"), str(SEED))[0] == 0
    saved = search.SHARD_CHARS
    search.SHARD_CHARS = 6000
    try:
        code, out = run_cli("build", "--root", str(root))
    finally:
        search.SHARD_CHARS = saved
    assert code == 0, out
    server, url = serve(root / "_site")
    yield root / "_site", url
    server.shutdown()


def test_search_across_bundles(sharded: tuple[Path, str], page: Any) -> None:
    site, url = sharded
    bundles = sorted(p.name for p in site.glob("pagefind*") if p.is_dir())
    assert len(bundles) >= 4 and bundles[0] == "pagefind"
    for query, engine in (("Maduro", "offline"), ('"Maduro"', "pagefind")):
        # several bundles: the offline index answers words, Pagefind (merged) phrases
        page.goto(f"{url}search.html?q={query}")
        titles = [t for t, _ in results(page)]
        for want in SEED_TITLES:
            assert any(t.startswith(want) for t in titles), (query, titles)
        assert page.locator("[data-search-results]").get_attribute("data-engine") == engine
    page.goto(f"{url}search.html?q=Maduro&source=AFP")
    titles = [t for t, _ in results(page)]
    assert any(t.startswith(SEED_TITLES[1]) for t in titles) and not any(t.startswith(SEED_TITLES[0]) for t in titles)


@pytest.mark.parametrize("query", ["Maduro", "Venezuela", "Webb"])
def test_results_from_every_bundle_link_inside_the_site_once(sharded: tuple[Path, str], page: Any, query: str) -> None:
    """Merged bundles answer with absolute addresses; read as such, the pinned entity row was
    not recognised and one page was listed twice (#14)."""
    site, url = sharded
    page.goto(f"{url}search.html?q={query}")
    hrefs = [h for _t, h in results(page)]
    assert hrefs
    assert not [h for h in hrefs if h.startswith(("http:", "https:", "//", "/"))], hrefs
    assert len(hrefs) == len(set(hrefs)), hrefs
    assert all((site / h.split("#")[0]).is_file() for h in hrefs)


@pytest.mark.parametrize("query", ["telescope", "astronomers", "sanctioned", "talks", "mirrors"])
def test_merged_bundles_list_only_pages_with_the_words(sharded: tuple[Path, str], page: Any, query: str) -> None:
    """A bundle without a query's word falls back to the longest prefix it has (Pagefind's
    own behaviour): merged, "Sanders" listed San Francisco, and here "astronomers" listed an
    article without it. Served results are pages that hold the words (#14)."""
    import json
    import subprocess

    site, url = sharded
    spec = site.parent / f"q-{query}.json"
    spec.write_text(json.dumps([{"q": query, "all": True}]), encoding="utf-8")
    script = Path(__file__).resolve().parent.parent / "bench" / "offline_query.js"
    run = subprocess.run(["node", str(script), str(site), str(spec)], capture_output=True, text=True, check=True)
    offline = json.loads(run.stdout)
    for typed, engine in ((query, "offline"), (f'"{query}"', "pagefind")):
        page.goto(f"{url}search.html?q={typed}")
        hrefs = [h for _t, h in results(page)]
        assert page.locator("[data-search-results]").get_attribute("data-engine") == engine
        assert hrefs and set(hrefs) <= set(offline["all"]), (typed, hrefs, offline["all"])


@pytest.mark.parametrize("where", ["root", "disk"])
def test_exact_entity_filter_from_a_result(where: str, page: Any, http_root: dict[str, str], seed_site: Path) -> None:
    url = search_urls(http_root, seed_site)[where]
    page.goto(f"{url}?q=Juan+Guaido")
    results(page)
    page.locator("[data-search-results] li").first.locator("button[data-entity-filter=people]").click()
    titles = [t for t, _ in results(page)]
    assert titles and all(not t.startswith(SEED_TITLES[0]) for t in titles)  # Guaido is only in the AFP story
    assert any(t.startswith(SEED_TITLES[1]) for t in titles)
    assert "people=Juan+Guaido" in page.url


def test_site_built_without_search_says_so(page: Any, tmp_path: Path) -> None:
    """`build --no-search` writes no index; its search page explains instead of failing."""
    root = make_root(tmp_path)
    assert run_cli("ingest", "--root", str(root), str(SEED))[0] == 0
    assert run_cli("build", "--root", str(root), "--no-search")[0] == 0
    site = root / "_site"
    assert not (site / "pagefind").exists()
    page.goto((site / "search.html").as_uri() + "?q=Maduro")
    status = page.locator("[data-search-status]")
    status.wait_for(state="attached")
    page.wait_for_function("document.querySelector('[data-search-status]').textContent.length > 0")
    assert "built without its search index" in status.inner_text()
    assert page.locator("[data-search-results] a").count() == 0


def test_offline_query_leaves_out_stop_words_like_the_index(page: Any, seed_site: Path) -> None:
    """From disk the offline index answers; it has no stop words, so a query's are dropped."""
    page.goto((seed_site / "search.html").as_uri() + "?q=telescope")
    plain = [t for t, _ in results(page)]
    page.goto((seed_site / "search.html").as_uri() + "?q=the+telescope")
    assert plain and [t for t, _ in results(page)] == plain


def test_rebuild_reindexes_only_the_bundles_whose_pages_changed(page: Any, tmp_path: Path) -> None:
    """A build copies each Pagefind bundle whose pages are unchanged from the last build and
    indexes the others afresh; search over http finds an edit at once (#19, #15)."""
    from site_builder.site import search

    root = make_root(tmp_path, example=True)
    assert run_cli("ingest", "--root", str(root), "-q", str(root / "content" / "raw"), str(SEED))[0] == 0
    saved = search.SHARD_CHARS
    search.SHARD_CHARS = 6000
    try:
        logs = [run_cli("build", "--root", str(root))[1]]
        logs.append(run_cli("build", "--root", str(root))[1])
        article = sorted((root / "content" / "articles").rglob("*.md"))[0]
        article.write_text(article.read_text(encoding="utf-8") + "\nA zebrafinch was seen.\n", encoding="utf-8")
        logs.append(run_cli("build", "--root", str(root))[1])
    finally:
        search.SHARD_CHARS = saved
    assert logs[1].startswith("up to date: nothing changed"), logs  # no change: nothing to do at all
    counts = [re.search(r"pagefind: \d+ pages in (\d+) bundle\(s\), (\d+) indexed", log) for log in logs[::2]]
    assert all(counts), logs
    bundles, first, edited = int(counts[0].group(1)), *(int(c.group(2)) for c in counts)  # type: ignore[union-attr]
    assert bundles >= 4 and first == bundles and edited == 1, logs
    server, url = serve(root / "_site")
    try:
        page.goto(f'{url}search.html?q="zebrafinch"')  # quoted: Pagefind answers
        found = results(page)
        assert len(found) == 1 and page.locator("[data-search-results]").get_attribute("data-engine") == "pagefind"
        page.goto(f"{url}search.html?q=Maduro")
        titles = [t for t, _ in results(page)]
        assert all(any(t.startswith(w) for t in titles) for w in SEED_TITLES), titles
    finally:
        server.shutdown()


def test_filters_fold_on_a_phone_and_open_on_a_desktop(browser: Any, seed_site: Path) -> None:
    """At 390 px the filters are one line above the results, so the first result is on the
    first screen; a search arriving filtered shows them; at 1280 px they are open."""
    url = (seed_site / "search.html").as_uri()
    for width, query, expect_open in [(390, "?q=telescope", False), (390, "?q=telescope&year=2022", True),
                                      (1280, "?q=telescope", True)]:  # fmt: skip
        ctx = browser.new_context(viewport={"width": width, "height": 844})
        page = ctx.new_page()
        page.goto(url + query)
        results(page)
        assert page.locator("[data-search-filters]").evaluate("d => d.open") is expect_open, (width, query)
        top = page.locator("[data-search-results] li").first.bounding_box()
        if width == 390 and not expect_open:
            assert top is not None and top["y"] < 844, top
        ctx.close()


def test_served_search_keeps_to_the_words_not_their_prefixes(page: Any, tmp_path: Path) -> None:
    """Pagefind matches every query word as a prefix too: "Super Tuesday" listed pages holding
    only "superbug" or "supermarket" and "Tuesday", and "stabbing" must still find "stabbed".
    Over http the results hold each word in some form, as from disk (#14)."""
    root = make_root(tmp_path)
    day = "\n\nThe vote was counted on Tuesday night by the county clerks of the state.\n"
    texts = {
        "primary": "Candidates campaigned across the country before Super Tuesday, the biggest day of the primaries.",
        "bug": "Doctors warned that a superbug resistant to antibiotics had spread in two hospitals.",
        "shop": "A supermarket chain cut its prices on bread and milk after a fall in sales.",
        "knife": "A man was stabbed outside a cinema and taken to hospital; police arrested a suspect.",
    }
    folder = root / "content" / "articles" / "2024" / "03"
    folder.mkdir(parents=True)
    for n, (slug, text) in enumerate(texts.items(), start=1):
        (folder / f"{slug}.md").write_text(
            f"---\ntitle: Report number {n} on {slug}\ndate: '2024-03-0{n}'\nsource: Test Wire\n---\n\n{text}{day}",
            encoding="utf-8",
        )
    code, out = run_cli("build", "--root", str(root))
    assert code == 0, out
    server, url = serve(root / "_site")
    try:
        for where in (url, (root / "_site").as_uri() + "/"):
            page.goto(f"{where}search.html?q=Super+Tuesday")
            hrefs = [h for _t, h in results(page)]
            assert hrefs == ["articles/2024/03/primary.html"], (where, hrefs)
            page.goto(f"{where}search.html?q=stabbing")
            assert [h for _t, h in results(page)] == ["articles/2024/03/knife.html"], where
    finally:
        server.shutdown()
