"""The theme reads like a news site: teasers, an A–Z by surname, linked identifiers, Open Graph,
and a 404 page styled at any depth."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_builder.site.pages import identifier_urls, teaser_text
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
