"""The seed file ingests into exactly the two articles its expected.json describes."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from site_builder.frontmatter_io import loads
from site_builder.model import Article
from tests.conftest import SEED, make_root, run_cli

EXPECTED = json.loads(SEED.with_name("000_9d1449ccce0eda8e.expected.json").read_text(encoding="utf-8"))


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


@pytest.fixture(scope="module")
def seed_articles(tmp_path_factory: pytest.TempPathFactory) -> list[Article]:
    root = make_root(tmp_path_factory.mktemp("seed"))
    code, out = run_cli("ingest", "--root", str(root), str(SEED))
    assert code == 0, out
    files = sorted((root / "content" / "articles").rglob("*.md"))
    arts = [loads(f.read_text(encoding="utf-8")) for f in files]
    return sorted(arts, key=lambda a: a.origin.index if a.origin else 0)


def test_exactly_two_articles(seed_articles: list[Article]) -> None:
    assert len(seed_articles) == 2


@pytest.mark.parametrize("n", [0, 1])
def test_metadata(seed_articles: list[Article], n: int) -> None:
    art, exp = seed_articles[n], EXPECTED["articles"][n]
    sources = exp["source"] if isinstance(exp["source"], list) else [exp["source"]]
    assert art.source in sources
    for key in ("title", "date", "byline", "copyright", "title_generated"):
        if key in exp:
            assert getattr(art, key) == exp[key], key
    assert art.body.startswith(exp["body_starts"])
    for text in exp["body_excludes"]:
        assert text not in art.body
    for cap in exp.get("captions", []):
        assert any(c.text.startswith(cap["text_starts"]) and c.credit == cap["credit"] for c in art.captions)


@pytest.mark.parametrize("n", [0, 1])
def test_entities(seed_articles: list[Article], n: int) -> None:
    art, exp = seed_articles[n], EXPECTED["articles"][n]
    for kind in ("people", "organizations", "places"):
        have = {norm(x) for x in getattr(art.entities, kind)}
        for want in exp[kind]:
            options = want if isinstance(want, list) else [want]
            assert any(norm(o) in have for o in options), f"{kind}: {want} missing from {sorted(have)}"
    everything = {norm(x) for k in ("people", "organizations", "places") for x in getattr(art.entities, k)}
    for bad in exp["not_entities"]:
        assert norm(bad) not in everything


def test_generated_title_is_marked(seed_articles: list[Article]) -> None:
    assert seed_articles[0].title_generated
    assert seed_articles[0].title.startswith("Two senior U.S. officials")


def test_roles_seen(seed_articles: list[Article]) -> None:
    roles = dict(seed_articles[0].entities.roles)
    assert roles.get("Antony Blinken") == "Secretary of State"
    assert roles.get("Bob Menendez") == "Senator"


def test_articles_under_dated_folders(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    run_cli("ingest", "--root", str(root), str(SEED))
    rels = sorted(
        p.relative_to(root / "content" / "articles").as_posix() for p in (root / "content" / "articles").rglob("*.md")
    )
    assert sorted(r.rsplit("/", 1)[0] for r in rels) == ["2022", "2022/03"]
