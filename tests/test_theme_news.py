"""The theme reads like a news site: teasers, an A–Z by surname, linked identifiers, Open Graph,
and a 404 page styled at any depth."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_builder.site.pages import identifier_urls, teaser_text
from site_builder.site.search import excerpt
from tests.conftest import make_root, run_cli


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_root(tmp_path_factory.mktemp("news"), example=True)
    notes = root / "content" / "entities" / "people"
    notes.mkdir(parents=True, exist_ok=True)
    (notes / "antonio-guterres.md").write_text(
        "---\nname: António Guterres\nwikidata: Q311440\nviaf: not a number\n---\nUN Secretary-General.\n",
        encoding="utf-8",
    )
    code, out = run_cli("build", "--root", str(root), "--no-search", "--base-url", "https://example.org/arch/")
    assert code == 0, out
    return root / "_site"


def test_lists_show_the_first_sentences(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    summaries = re.findall(r'<p class="summary">([^<]+)</p>', home)
    assert len(summaries) >= 5 and all(len(s) <= 240 for s in summaries)


def test_teaser_text_cuts_at_a_sentence_and_drops_markup() -> None:
    body = "**Lead** sentence here. " + "A second sentence that is long enough. " * 10
    text = teaser_text(body, limit=80)
    assert text.startswith("Lead sentence here.") and text.endswith(".") and len(text) <= 80
    assert teaser_text("# Heading\n\nFirst paragraph.") == "First paragraph."
    assert teaser_text("one " * 100, limit=40).endswith("…")


@pytest.mark.parametrize(
    "lead",
    [
        "On Monday, administrator Emily W. Murphy wrote to the president-elect.",
        "Mr. Biden and Dr. Fauci met U.S. officials in Washington on Tuesday.",
        "The St. Louis Cardinals beat the Chicago Cubs 5-2 at Busch Stadium.",
    ],
)
def test_teaser_is_not_cut_at_an_initial_or_abbreviation(lead: str) -> None:
    """Seen on the Wikinews archive: a list teaser ending "administrator Emily W."."""
    body = lead + " " + "A second sentence, long enough to go past the limit of the teaser. " * 4
    assert teaser_text(body, limit=len(lead) + 20) == lead


def test_search_excerpt_ends_at_a_word() -> None:
    """Seen in the results from disk: excerpts ending "a 44 ye" or "the \"ki"."""
    body = "Retired teacher Brian Carroll answered questions about his campaign. " * 6
    text = excerpt(body, limit=100)
    assert text.endswith("…") and len(text) <= 101
    assert body.startswith(text[:-1]) and body[len(text) - 1] == " "
    assert excerpt("Short body.") == "Short body."


def test_people_a_to_z_is_by_surname(site: Path) -> None:
    page = (site / "people" / "index.html").read_text(encoding="utf-8")
    sections = re.findall(r'<section id="letter-(\w)">(.*?)</section>', page, re.S)
    by_letter = {letter: re.findall(r">([^<]+)</a>", body) for letter, body in sections}
    assert "Joe Biden" in by_letter["B"] and "António Guterres" in by_letter["G"]
    assert '<nav class="letters"' in page


def test_identifiers_link_only_when_well_formed(site: Path) -> None:
    page = (site / "people" / "antonio-guterres.html").read_text(encoding="utf-8")
    assert '<a href="https://www.wikidata.org/wiki/Q311440">Q311440</a>' in page
    assert "not a number" in page and "viaf.org" not in page
    assert identifier_urls([("wikidata", "Q57413"), ("orcid", "0000-0002-1825-0097"), ("url", "ftp://x")]) == {
        "wikidata": "https://www.wikidata.org/wiki/Q57413",
        "orcid": "https://orcid.org/0000-0002-1825-0097",
    }


def test_open_graph_and_the_404_base_first(site: Path) -> None:
    article = next((site / "articles").rglob("*.html")).read_text(encoding="utf-8")
    assert '<meta property="og:type" content="article">' in article
    assert '<meta property="og:url" content="https://example.org/arch/articles/' in article
    missing = (site / "404.html").read_text(encoding="utf-8")
    assert missing.index("<base ") < missing.index('rel="stylesheet"')


@pytest.fixture(scope="module")
def paged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example archive with page limits small enough that its A–Z and years are split."""
    from site_builder.site import pages

    root = make_root(tmp_path_factory.mktemp("paged"), example=True)
    (root / "content" / "site.toml").write_text('title = "Paged"\nper_page = 1\n', encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pages, "DIRECTORY_PAGE", 1)
        mp.setattr(pages, "YEAR_PAGE", 2)
        mp.setattr(pages, "MONTH_PREVIEW", 1)
        code, out = run_cli("build", "--root", str(root), "--no-search")
    assert code == 0, out
    return root / "_site"


def _hrefs(page: Path) -> list[str]:
    return re.findall(r'href="([^"#]+)', page.read_text(encoding="utf-8"))


def _entity_links(page: Path) -> list[str]:
    body = page.read_text(encoding="utf-8").split("<main", 1)[1]
    return re.findall(r'<li><a href="([^"]+)"', body)


@pytest.mark.parametrize("kind", ["people", "organizations", "places"])
def test_a_long_a_to_z_gets_a_page_per_letter(paged: Path, kind: str) -> None:
    """Every entity is on exactly one letter page, a letter longer than the limit is split
    into pages that link each other, and every link of every A–Z page resolves."""
    folder = paged / kind
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert "Most mentioned" in index and f'href="../{kind}/az/' in index
    letter_pages = sorted((folder / "az").glob("*.html"))
    listed = [Path(h).name for p in letter_pages for h in _entity_links(p)]
    on_disk = {p.name for p in folder.glob("*.html") if p.name != "index.html" and "-page-" not in p.name}
    assert sorted(listed) == sorted(on_disk), "each entity once, on a letter page"
    for page in [folder / "index.html", *letter_pages]:
        for href in _hrefs(page):
            if not href.startswith(("http", "mailto")):
                assert (page.parent / href).resolve().is_file(), (page.name, href)
    for second in (p for p in letter_pages if "-page-2" in p.name):
        text = second.read_text(encoding="utf-8")
        assert 'aria-current="page">2<' in text and f"All {kind}" in text


def test_some_letter_is_long_enough_to_be_split(paged: Path) -> None:
    assert any(
        p.name.endswith("-page-2.html")
        for k in ("people", "organizations", "places")
        for p in (paged / k / "az").glob("*")
    )


def test_a_big_year_gets_a_page_per_month(paged: Path) -> None:
    """A year over the limit shows each month's newest and links month pages that together
    list every article of the month once, one page after another."""
    year = (paged / "archive" / "2021.html").read_text(encoding="utf-8")
    months = sorted(set(re.findall(r'href="(?:\.\./archive/)?(2021-\d\d\.html)"', year)))
    assert months, year
    articles = {p.name for p in (paged / "articles" / "2021").rglob("*.html")}
    seen: list[str] = []
    for first in months:
        pages = sorted((paged / "archive").glob(first.replace(".html", "*.html")))
        for page in pages:
            seen += [Path(h).name for h in re.findall(r'href="(\.\./articles/2021/[^"]+)"', page.read_text("utf-8"))]
            for href in _hrefs(page):
                if not href.startswith("http"):
                    assert (page.parent / href).resolve().is_file(), (page.name, href)
    assert sorted(set(seen)) == sorted(articles) and len(seen) == len(set(seen))
    archive = (paged / "archive" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="(\.\./archive/)?2021-\d\d\.html"', archive), "the archive's months link the month pages"
