"""Round trips and invariants, checked on generated input with Hypothesis."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.frontmatter_io import dumps, loads
from site_builder.ingest.readers import pasted
from site_builder.model import Article, Caption, Entities, Origin
from tests.conftest import run_cli

text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).map(str.strip)
names = st.lists(text.filter(bool), max_size=4, unique=True).map(lambda xs: tuple(sorted(xs)))
dates = st.one_of(st.none(), st.from_regex(r"\A(19|20)\d\d(-(0[1-9]|1[0-2])(-(0[1-9]|1[0-9]|2[0-8]))?)?\Z"))


@st.composite
def articles(draw: st.DrawFn) -> Article:
    body_paras = draw(st.lists(st.from_regex(r"\A[A-Za-z][A-Za-z ,.'’]{0,60}[a-z.]\Z"), min_size=1, max_size=5))
    return Article(
        title=draw(text.filter(lambda t: bool(t) and t[0] not in "#>-*+=|")),
        body="\n\n".join(body_paras),
        date=draw(dates),
        source=draw(st.one_of(st.none(), text.filter(bool))),
        title_generated=draw(st.booleans()),
        authors=draw(names),
        byline=draw(st.one_of(st.none(), text.filter(bool))),
        dateline=draw(st.one_of(st.none(), text.filter(bool))),
        copyright=draw(st.one_of(st.none(), text.filter(bool))),
        captions=tuple(Caption(c, None) for c in draw(names)),
        word_count=draw(st.integers(1, 5000)),
        entities=Entities(people=draw(names), organizations=draw(names), places=draw(names)),
        origin=Origin("content/raw/x.txt", 1, 1, "0" * 64),
    )


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_front_matter_round_trip(article: Article) -> None:
    back = loads(dumps(article))
    for field in (
        "title",
        "date",
        "source",
        "title_generated",
        "authors",
        "byline",
        "dateline",
        "copyright",
        "captions",
        "word_count",
        "entities",
        "origin",
        "body",
    ):
        assert getattr(back, field) == getattr(article, field), field


sentence = st.from_regex(r"\A[A-Z][a-z]{2,9}( [a-z]{2,9}){3,12}\.\Z")


@settings(max_examples=150)
@given(
    st.lists(st.lists(sentence, min_size=1, max_size=4), min_size=1, max_size=6), st.sampled_from(["\n\n", "\n\n\n"])
)
def test_splitting_never_loses_or_duplicates_body_text(paragraphs: list[list[str]], gap: str) -> None:
    """Every sentence of the input is in exactly one article body, once, and no header line
    eats body text (the inputs are plain paragraphs, optionally hard-wrapped)."""
    raw = gap.join(" ".join(p) for p in paragraphs)
    result = pasted.read(raw)
    bodies = "\n\n".join(a.body for a in result.articles)
    titles = [a.title or "" for a in result.articles]
    for para in paragraphs:
        for s in para:
            assert bodies.count(s) + sum(t.count(s.rstrip(".")) for t in titles) >= 1, s
    joined = " ".join(bodies.split())
    assert len(joined) <= len(" ".join(raw.split()))


headline = st.from_regex(r"\A[A-Z][a-z]{3,9}( [A-Z][a-z]{2,9}){2,6}\Z")
dateline = st.sampled_from(["March 3, 2022", "04/12/21", "2020-06-01", "24 January 2022"])


@st.composite
def pasted_files(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        paras = draw(st.lists(st.lists(sentence, min_size=1, max_size=3), min_size=1, max_size=4))
        body = "\n\n".join(" ".join(p) for p in paras)
        parts.append(
            f"{draw(headline)}\n\nBy {draw(st.sampled_from(['Ana Lima', 'Jon Reyes', 'AFP News']))}\n"
            f"{draw(dateline)}\n\n{body}\n\n© 2022 Harbour Wire. All rights reserved."
        )
    return "\n\n".join(parts) + "\n"


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(pasted_files())
def test_ingest_twice_changes_nothing(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    root = tmp_path_factory.mktemp("twice")
    raw = root / "content" / "raw"
    raw.mkdir(parents=True)
    (raw / "dump.txt").write_text(text, encoding="utf-8")
    assert run_cli("ingest", "--root", str(root), "-q")[0] == 0
    folder = root / "content" / "articles"
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    code, out = run_cli("ingest", "--root", str(root), "-q")
    assert code == 0 and " 0 new, 0 updated" in out
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600))
def test_any_text_reads_without_crashing(text: str) -> None:
    """Hostile or garbage input never raises inside a reader, the extractor or the entity finder."""
    from site_builder.entities.recognise import extract_entities
    from site_builder.ingest.decode import normalise_text
    from site_builder.ingest.metadata import extract as extract_meta
    from site_builder.ingest.readers import factiva, lexisnexis, proquest

    clean = normalise_text(text)
    for reader in (pasted.read, lexisnexis.read, factiva.read_text, factiva.read_html, proquest.read):
        for raw in reader(clean).articles:
            art = extract_meta(raw, year_hint=2020)
            extract_entities(art.title, art.body)


markdownish = st.lists(
    st.sampled_from(
        [*"ab Z1.)\n\t#>+=-*_`~[]!<>&|\\:/'\"()@$%^{}é", "  \n", "\n\n", "1. ", "http://x.y", "Word", "    "]
    ),
    max_size=40,
).map("".join)
nearly_plain = st.lists(
    st.sampled_from([*"ab Z1.):;,'\"?%$@^{}é\n", "  \n", "\n\n", "12", "Word", "x-y", "a#b", "c=d"]), max_size=40
).map("".join)


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(markdownish, nearly_plain))
def test_plain_parser_agrees_with_full_parser(source: str) -> None:
    """Every text the fast paragraph-only parser is trusted with renders exactly as with the full one."""
    from site_builder.site.render_markdown import _MD, _PLAIN_MD, is_plain

    if is_plain(source):
        assert _PLAIN_MD.render(source) == _MD.render(source)


def test_plain_parser_agrees_on_real_articles() -> None:
    import json

    from site_builder.site.render_markdown import _MD, _PLAIN_MD, is_plain
    from tests.conftest import SHARED

    rows = (json.loads(line) for line in (SHARED / "corpus" / "wikinews-vanatteveldt" / "articles.jsonl").open())
    texts = [str(r.get("text") or "") for r in rows]
    plain = [t for t in texts if is_plain(t)]
    assert len(plain) > 50  # most news text has no Markdown syntax: the fast path is the common one
    for t in plain:
        assert _PLAIN_MD.render(t) == _MD.render(t)


def _ftfy_whole(text: str) -> str:
    import ftfy

    return ftfy.fix_text(
        text,
        uncurl_quotes=False,
        fix_latin_ligatures=True,
        fix_character_width=True,
        normalization="NFC",
        explain=False,
    )


mojibake = st.lists(
    st.sampled_from(
        [
            "Venezuelaâ€™s",
            "cafÃ©",
            "&amp;",
            "&lt;b&gt;",
            "<p>",
            "ﬁne",
            "ＡＢ",
            "e\u0301",
            "\x1b[31m",
            "plain words",
            "\n",
            "\n\n",
            " ",
            "naïve",
            "Â\xa0",
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=400)
@given(st.one_of(mojibake, st.text(max_size=200)))
def test_line_wise_repair_equals_ftfy(text: str) -> None:
    """ftfy run only on the lines it could change gives what ftfy gives on the whole text."""
    from site_builder.ingest.decode import fix_text

    assert fix_text(text) == _ftfy_whole(text)


def test_line_wise_repair_on_real_articles() -> None:
    import json

    from site_builder.ingest.decode import fix_text
    from tests.conftest import SHARED

    rows = (json.loads(line) for line in (SHARED / "corpus" / "wikinews-vanatteveldt" / "articles.jsonl").open())
    text = "\n\n".join(str(r.get("title") or "") + "\n" + str(r.get("text") or "") for r in rows)
    assert fix_text(text) == _ftfy_whole(text)
