"""The timeline, the map and the co-mention graphs: every mark links to a page, and two builds
draw them to the byte."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag

import pytest

from site_builder.site import geo
from site_builder.site.charts import ego_graph, month_chart
from tests.conftest import make_root, run_cli

_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
_HREF = re.compile(r'<a href="([^"]+)"')


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory: pytest.TempPathFactory, seed_site: Path) -> tuple[Path, Path]:
    """The seed site, and the same archive built again elsewhere."""
    root = seed_site.parent
    other = tmp_path_factory.mktemp("again") / "_site"
    code, out = run_cli("build", "--root", str(root), "--no-search", "--out", str(other))
    assert code == 0, out
    return seed_site, other


def _svg_links(page: Path) -> list[str]:
    return [h for svg in _SVG.findall(page.read_text(encoding="utf-8")) for h in _HREF.findall(svg)]


def _resolves(page: Path, href: str, site: Path) -> bool:
    target = (page.parent / unquote(urldefrag(href).url)).resolve()
    return target.is_file() and target.is_relative_to(site.resolve())


def test_every_marker_and_node_links_to_an_existing_page(seed_site: Path) -> None:
    map_links = _svg_links(seed_site / "map.html")
    assert map_links, "the map has markers"
    assert all(_resolves(seed_site / "map.html", h, seed_site) for h in map_links)
    graphs = 0
    for page in sorted((seed_site / "people").glob("*.html")) + sorted((seed_site / "places").glob("*.html")):
        links = _svg_links(page)
        graphs += bool(links)
        bad = [h for h in links if not _resolves(page, h, seed_site)]
        assert not bad, (page.name, bad)
    assert graphs > 0, "some entity pages have a graph"
    home = _svg_links(seed_site / "index.html")
    assert home and all(h.startswith("archive/") and "#m-" in h for h in home)
    for href in home:
        year, anchor = href.split("#")
        assert f'id="{anchor}"' in (seed_site / year).read_text(encoding="utf-8")


def test_two_builds_draw_the_same_svg(two_sites: tuple[Path, Path]) -> None:
    a, b = two_sites
    pages = ["index.html", "map.html", "network.html", "map/world.svg"]
    pages += [p.relative_to(a).as_posix() for p in sorted((a / "people").glob("*.html"))[:20]]
    for rel in pages:
        sa = _SVG.findall((a / rel).read_text(encoding="utf-8"))
        sb = _SVG.findall((b / rel).read_text(encoding="utf-8"))
        assert sa == sb, rel
    assert (a / "map/world.svg").read_bytes() == (b / "map/world.svg").read_bytes()


def test_each_picture_has_its_numbers_as_text(seed_site: Path) -> None:
    home = (seed_site / "index.html").read_text(encoding="utf-8")
    assert "<table>" in home and "The same as a table" in home
    world = (seed_site / "map.html").read_text(encoding="utf-8")
    assert world.count("<tr>") >= len(_svg_links(seed_site / "map.html"))
    assert 'aria-labelledby="map-title"' in world and "<title" in world


def test_places_sit_where_the_atlas_says() -> None:
    london, tokyo, lima = geo.locate("London"), geo.locate("Tokyo"), geo.locate("Lima")
    assert london and tokyo and lima
    assert abs(london.lon) < 1 and 51 < london.lat < 52
    assert london.x < tokyo.x and lima.y > london.y  # east is right, south is down
    assert geo.locate("Florida") is None, "a US state is not put on a namesake town"
    russia = geo.locate("Russia")
    assert russia is not None and russia.lon > 30, "a country across the 180th meridian is centred on itself"
    assert geo.locate("Nowhere-on-earth") is None


def test_the_timeline_counts_empty_months_and_links_each_bar() -> None:
    chart = month_chart(
        ["2020-01-05", "2020-01-09", "2020-03-01"], lambda k: f"archive/{k[:4]}.html#m-{k[5:]}", lambda k: k
    )
    assert chart is not None
    assert [b.count for b in chart.bars] == [2, 0, 1]
    assert chart.bars[0].url == "archive/2020.html#m-01" and chart.peak == 2
    assert month_chart([], str, str) is None


def test_an_entity_with_no_company_has_no_graph(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    folder = root / "content" / "articles" / "2024" / "01"
    folder.mkdir(parents=True)
    (folder / "a.md").write_text(
        "---\ntitle: Alone\ndate: '2024-01-02'\npeople:\n- Ada Lovelace\n---\nAda Lovelace.\n", encoding="utf-8"
    )
    from site_builder.site.archive import gather

    archive = gather(root)
    ent = next(iter(archive.entities.values()))
    assert ego_graph(ent, [], lambda e: e.url) is None


def test_the_shipped_coordinate_table_is_what_the_script_writes() -> None:
    shipped = (Path(geo.__file__).parent.parent / "data" / "world" / geo.PLACES_FILE).read_text(encoding="utf-8")
    assert shipped == geo.table_text(), "run: python tools/build_places.py"


@pytest.mark.parametrize("width", [1280, 390])
def test_chart_and_graph_labels_are_readable_and_inside_the_drawing(browser: Any, seed_site: Path, width: int) -> None:
    """In Chromium, every label of the timeline and of a co-mention graph is at least 9 px tall
    on screen and lies inside its SVG (a long name is cut to its room, not clipped)."""
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    page = ctx.new_page()
    graphs = 0
    for path in ["index.html", *sorted(str(p.relative_to(seed_site)) for p in (seed_site / "people").glob("*.html"))]:
        page.goto((seed_site / path).as_uri())
        boxes = page.evaluate(
            """() => [...document.querySelectorAll('.timeline svg, .graph svg')].map(svg => {
                 const b = svg.getBoundingClientRect();
                 return [svg.closest('figure').className, [...svg.querySelectorAll('text')].map(t => {
                   const r = t.getBoundingClientRect();
                   return [t.textContent, r.height, r.left - b.left, b.right - r.right];
                 })];
               })"""
        )
        for kind, labels in boxes:
            graphs += "graph" in kind
            for text, height, left, right in labels:
                assert height >= 9, (path, kind, text, height)
                assert left >= -1 and right >= -1, (path, kind, text, left, right)
    ctx.close()
    assert graphs, "no co-mention graph was drawn"
