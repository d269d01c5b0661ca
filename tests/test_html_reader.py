"""Saved web pages (bench/html_pages.py): the reader keeps the article and leaves the furniture,
on the held-out templates too, at least as well as trafilatura with its defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import html_pages as H


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, dict[str, float]]]:
    items = H.pages(6, seed=3)
    tmp = tmp_path_factory.mktemp("pages")
    return {"ours": H.score(H.site_builder_reader, items, tmp), "plain": H.score(H.trafilatura_reader, items, tmp)}


def test_held_out_templates_are_read(scores: dict[str, dict[str, dict[str, float]]]) -> None:
    held = scores["ours"]["held-out"]
    assert held["f1"] >= 0.95 and held["empty"] == 0


def test_at_least_as_good_as_plain_trafilatura(scores: dict[str, dict[str, dict[str, float]]]) -> None:
    assert scores["ours"]["all"]["f1"] >= scores["plain"]["all"]["f1"]
    assert scores["ours"]["all"]["precision"] >= 0.97


def test_comments_and_banners_stay_out(tmp_path: Path) -> None:
    item = next(i for i in H.pages(1, seed=5) if i["template"] == "comments")
    text = H.site_builder_reader(str(item["html"]), tmp_path)
    assert H.COMMENTS[0][:40] not in text and "Related Coverage" not in text


def test_a_page_that_says_it_holds_several_articles_gives_several(tmp_path: Path) -> None:
    """A live blog or front page whose JSON-LD lists several articles with their text."""
    import json

    from site_builder.ingest.readers.html_page import read

    updates = [
        {
            "@type": "NewsArticle",
            "headline": f"Update {n}: the river level",
            "datePublished": f"2024-03-0{n}",
            "author": {"@type": "Person", "name": "Ana Lima"},
            "articleBody": f"Update {n}. " + "The river rose again overnight and crews built new defences. " * 8,
        }
        for n in (1, 2, 3)
    ]
    page = (
        "<html><head><script type='application/ld+json'>"
        + json.dumps({"@graph": updates})
        + "</script></head><body><p>Live: the floods</p></body></html>"
    )
    arts = read(page).articles
    assert [a.title for a in arts] == [
        "Update 1: the river level",
        "Update 2: the river level",
        "Update 3: the river level",
    ]
    assert all(a.body.startswith(f"Update {n}.") for n, a in zip((1, 2, 3), arts, strict=True))
    assert arts[1].date_text == "2024-03-02" and arts[0].byline == "Ana Lima"


def test_blog_postings_and_graph_references_give_author_and_publisher() -> None:
    """Yoast-style JSON-LD: a BlogPosting whose author and publisher are @id references."""
    import json

    from site_builder.ingest.readers.html_page import read

    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "BlogPosting",
                "@id": "#post",
                "headline": "Ferry timetable changes",
                "datePublished": "2024-03-05T23:30:00-05:00",
                "author": {"@id": "#/schema/person/7"},
                "publisher": {"@id": "#org"},
            },
            {"@type": "Person", "@id": "#/schema/person/7", "name": "Ruth Okafor"},
            {"@type": "Organization", "@id": "#org", "name": "Harbour Gazette"},
        ],
    }
    body = "".join(
        f"<p>The ferry operator changed its winter timetable, paragraph {n} of the story.</p>" for n in range(6)
    )
    page = (
        f"<html><head><script type='application/ld+json'>{json.dumps(graph)}</script></head>"
        f"<body><article><h1>Ferry timetable changes</h1>{body}</article></body></html>"
    )
    art = read(page).articles[0]
    assert (art.title, art.byline, art.source) == ("Ferry timetable changes", "Ruth Okafor", "Harbour Gazette")
    assert art.date_text is not None and art.date_text.startswith("2024-03-05")  # the local day, as written
