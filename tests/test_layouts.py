"""Pasted text in the layouts people really have: every fixture read exactly as its expected
front matter says, a floor on real articles the splitter was never tuned on, and the property
that N well-formed articles pasted one after another in any layout give exactly N articles."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench import layouts as B
from site_builder.ingest.readers import pasted

FIXTURES = sorted(B.FIXTURES.glob("*.txt"))
FIELDS = ("title", "date", "body", "source", "authors", "dateline", "clean")


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_fixture_read_as_expected(path: Path) -> None:
    """Each hand-written layout fixture: as many articles as expected, every checked field right."""
    text, expected = B.load_fixture(path)
    score = B.evaluate(text, expected, name=path.name)
    assert score.written == score.expected, f"{score.written} articles written for {score.expected}"
    wrong = [(f.field, f.expected, f.got, f.line) for f in score.failures]
    assert not wrong, wrong


def test_held_out_articles_in_every_layout() -> None:
    """Real Wikinews articles and decoration never looked at while tuning: each layout scores
    at least 0.95 (the bench prints the full table: `make bench-ingest`)."""
    rows = B.run("heldout", 8, seed=11)
    low = {r.layout: round(r.score.score, 3) for r in rows if r.score.score < 0.95}
    assert not low, low
    total = B.Score()
    for r in rows:
        total.add(r.score)
    assert total.written <= total.expected * 1.02


_POOL = B.stories("tune")[:400]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(sorted(B.LAYOUTS)),
    st.lists(st.integers(0, len(_POOL) - 1), min_size=1, max_size=6, unique=True),
    st.integers(0, 2**32 - 1),
)
def test_n_articles_in_one_layout_give_n(layout: str, picks: list[int], seed: int) -> None:
    batch = [_POOL[i] for i in picks]
    text, expected = B.make_file(layout, batch, random.Random(seed))
    assert len(expected) == len(batch)
    got = pasted.read(text).articles
    assert len(got) == len(batch), [a.title for a in got]
    bodies = " ".join(" ".join(f"{a.title or ''} {a.body}".split()) for a in got)
    for story in batch:  # nothing lost: every paragraph is in a body or a title
        for para in story.paragraphs:
            words = " ".join(para.split()).split(" ")
            middle = len(words) // 2  # the middle: a wire lead or dateline may be taken off the start
            assert " ".join(words[middle : middle + 8]) in bodies, para[:80]


def test_boilerplate_is_dropped_and_counted() -> None:
    text = (
        "Harbour reopens after storm\nBy Ana Lima\n4 March 2021\n\nShare on Facebook\nShare via Email\n\n"
        "The harbour reopened on Thursday after a week of repairs to the sea wall.\n\nAdvertisement\n\n"
        "Fishing crews said they had lost several days of work.\n\nSign up for our morning newsletter\n"
    )
    result = pasted.read(text)
    assert len(result.articles) == 1 and result.boilerplate == 4
    body = result.articles[0].body
    assert body.startswith("The harbour reopened") and "Advertisement" not in body and "newsletter" not in body


@pytest.mark.parametrize(
    ("text", "order", "iso", "flag"),
    [
        (
            "A\n\nBy Ana Lima | The Independent\n06/12/1996\n\nOne sentence here about the port today.\n",
            None,
            "1996-12-06",
            None,
        ),  # a British outlet prints the day first
        (
            "A\n\nBy Ana Lima\n06/12/1996\n\nOne sentence here about the port today.\n",
            None,
            "1996-06-12",
            "day_month_order_assumed",
        ),
        ("A\n\nBy Ana Lima\n06/12/1996\n\nOne sentence here about the port today.\n", "dmy", "1996-12-06", None),
    ],
)
def test_numeric_date_order(text: str, order: str | None, iso: str, flag: str | None) -> None:
    from site_builder.ingest.metadata import extract

    art = extract(pasted.read(text).articles[0], date_order=order)
    assert (art.date, art.date_flag) == (iso, flag)


def test_file_settles_numeric_order() -> None:
    """One unambiguous day-first date in the file decides how its other numeric dates read."""
    from site_builder.ingest.metadata import extract

    arts = [
        f"Story {n} about harbours\nBy Ana Lima\n{d}\n\nThe harbour reopened on Thursday after repairs.\n\n"
        for n, d in enumerate(["06/12/1996", "22/11/1996", "03/04/1996"])
    ]
    got = [extract(r).date for r in pasted.read("\n".join(arts)).articles]
    assert got == ["1996-12-06", "1996-11-22", "1996-04-03"]


def test_month_and_day_kept_without_year() -> None:
    from site_builder.ingest.metadata import extract

    text = (
        "Mine reopens\n\nLIMA, Dec 6 (Reuters) - A copper mine reopened on Friday after a strike ended.\n\n"
        "Workers returned in the morning.\n"
    )
    art = extract(pasted.read(text).articles[0])
    assert art.date is None and art.date_partial == "--12-06" and art.date_flag == "year_unknown"
    assert art.source == "Reuters" and art.dateline == "LIMA"


@pytest.mark.parametrize(
    ("byline", "authors", "source"),
    [
        ("By Kevin Mendoza | The Independent", ["Kevin Mendoza"], "The Independent"),
        ("By Maria Walsh, Deutsche Welle", ["Maria Walsh"], "Deutsche Welle"),
        ("Maria Walsh · Harbour Gazette", ["Maria Walsh"], "Harbour Gazette"),
        ("By Ana Lima, Jon Reyes and Sam Hill", ["Ana Lima", "Jon Reyes", "Sam Hill"], None),
        ("By Ana Lima in Lisbon", ["Ana Lima"], None),
        ("By Ana Lima, Staff Writer", ["Ana Lima"], None),
        ("By Harbour Wire staff", [], "Harbour Wire"),
    ],
)
def test_bylines_split_by_position(byline: str, authors: list[str], source: str | None) -> None:
    from site_builder.ingest.sources import parse_byline

    assert parse_byline(byline) == (authors, source)


LABELLED = """Title: Harbour authority approves second ferry berth
Date: 14 March 2023
Source: Harbour Gazette
Author: Ana Lima
URL: https://example.org/news/ferry-berth

The harbour authority approved a second ferry berth on Tuesday after a year of consultation.

Work on the new quay will start in the autumn.

====================

Title: Flood defences tested as river rises
Date: 15 March 2023
Publication: Valley Post

Engineers closed the flood gates on Wednesday as the river rose a metre in six hours.

No homes were flooded, the council said.
"""

FORWARDED = """---------- Forwarded message ---------
From: Desk Editor <desk@example.org>
Sent: Monday, 3 April 2023 09:12
To: Archive Team <archive@example.org>
Subject: Rail strike called off after overnight talks

Unions called off Tuesday's rail strike after talks that ran through the night.

Page 1 of 2

Commuters were told that trains would run to the normal timetable.
"""


def test_labelled_fields() -> None:
    """`Title:`, `Date:`, `Source:`/`Publication:`, `Author:` and `URL:` lines, as people type them."""
    from site_builder.ingest.metadata import extract

    arts = [extract(r) for r in pasted.read(LABELLED).articles]
    assert [a.title for a in arts] == [
        "Harbour authority approves second ferry berth",
        "Flood defences tested as river rises",
    ]
    assert [a.date for a in arts] == ["2023-03-14", "2023-03-15"]
    assert [a.source for a in arts] == ["Harbour Gazette", "Valley Post"]
    assert arts[0].authors == ("Ana Lima",) and arts[0].url == "https://example.org/news/ferry-berth"
    assert arts[0].body.startswith("The harbour authority") and arts[1].body.startswith("Engineers closed")


def test_forwarded_email() -> None:
    """A forwarded e-mail: the subject is the headline, mail headers and page numbers are dropped."""
    from site_builder.ingest.metadata import extract

    result = pasted.read(FORWARDED)
    assert len(result.articles) == 1
    art = extract(result.articles[0])
    assert art.title == "Rail strike called off after overnight talks" and not art.title_generated
    assert art.body.startswith("Unions called off") and "Page 1 of 2" not in art.body
    assert "desk@example.org" not in art.body and "Commuters were told" in art.body


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        (
            "Senate passes water bill\n\nWASHINGTON —\n\nThe Senate passed a bill on Tuesday to fund pipe repairs.\n",
            "dateline",
            "WASHINGTON",
        ),
        (
            "Storm closes mountain pass\nUpdated 3 hours ago\n\nA storm closed the main mountain pass on Sunday.\n",
            "title",
            "Storm closes mountain pass",
        ),
        (
            "CITY COUNCIL DELAYS BUDGET VOTE\nBy JOHN SMITH\nStaff Writer\n\n"
            "The city council delayed its budget vote.\n",
            "body",
            "The city council delayed its budget vote.",
        ),
        (
            "Mine output falls\nReuters\n\nCopper output at the largest mine fell by a tenth in March.\n",
            "source",
            "Reuters",
        ),
        (
            "Storm hits the coast - BBC News\n3 March 2022\n\nA storm hit the coast on Thursday night.\n",
            "source",
            "BBC",
        ),
        (
            "Storm hits the coast | The Guardian\n3 March 2022\n\nA storm hit the coast on Thursday night.\n",
            "title",
            "Storm hits the coast",
        ),
    ],
)
def test_header_lines_seen_in_the_wild(text: str, field: str, value: str) -> None:
    """A dateline on its own line, a relative time, a job title under the byline, an agency name
    alone, an outlet after the headline (a browser tab's title): each stays out of the title and
    the body."""
    from site_builder.ingest.metadata import extract

    arts = pasted.read(text).articles
    assert len(arts) == 1
    assert getattr(extract(arts[0]), field) == value


def _date_rows() -> list[tuple[str, str | None, str | None, bool]]:
    rows = []
    for line in (Path(__file__).parent / "fixtures" / "dates.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, order, expected, ambiguous = line.split("\t")
        rows.append((text, None if order == "-" else order, None if expected == "-" else expected, ambiguous == "yes"))
    return rows


@pytest.mark.parametrize(("text", "order", "expected", "ambiguous"), _date_rows())
def test_date_table(text: str, order: str | None, expected: str | None, ambiguous: bool) -> None:
    """The date lines of `fixtures/dates.tsv`: formats, languages, orders and precisions."""
    from site_builder.dates import parse_date

    parsed = parse_date(text, order)
    if expected is None:
        assert parsed is None or (parsed.year is None and parsed.partial() is None), parsed
        return
    assert parsed is not None, text
    from site_builder.ingest.lines import is_boilerplate

    assert not is_boilerplate(text), "a date line must never be dropped as boilerplate"
    got = parsed.iso() if parsed.year is not None else parsed.partial()
    assert (got, parsed.ambiguous) == (expected, ambiguous)


def test_pasted_files_from_the_wild() -> None:
    """27 files in layouts the bench does not generate (`bench/pasted_wild.py` prints the table):
    a floor under the share of right fields, so that a change for one layout cannot quietly
    break the others."""
    from bench import pasted_wild

    expected, written, total = pasted_wild.totals()
    assert abs(written - expected) <= 3, (expected, written)
    for field in ("title", "date", "body", "source", "authors", "clean"):
        right, checked = total[field]
        assert right / checked >= 0.75, (field, right, checked)


def test_caption_lines_lifted_out() -> None:
    """Captions printed as lines of their own leave the body for `captions`, with their credits,
    and the paragraph above them stays body text."""
    text = (
        "Volcano forces island evacuation\nBy Ana Lucero\nJanuary 22, 2025\n\n"
        "[Photo: Ash rises from the crater on Tuesday morning. Credit: Ana Lucero]\n\n"
        "Authorities evacuated four villages on the slopes of the volcano on Tuesday.\n\n"
        "(Photo by Marco Diaz/Getty Images)\n\n"
        "About 1,800 residents were moved to schools on the other side of the island.\n"
    )
    arts = pasted.read(text).articles
    assert len(arts) == 1
    art = arts[0]
    assert "Photo" not in art.body and "Authorities evacuated" in art.body and "About 1,800" in art.body
    assert [(c.text, c.credit) for c in art.captions] == [
        ("Ash rises from the crater on Tuesday morning", "Ana Lucero"),
        ("", "Marco Diaz/Getty Images"),
    ]
