"""Direct table tests of the small recognisers the readers are built from: line shapes,
paragraph unwrapping and near-duplicate sketches (dates have their table in
fixtures/dates.tsv, run by test_layouts.py). Each row is (input, expected) a reader can check."""

from __future__ import annotations

import random
from typing import Any

import pytest

from site_builder.ingest import lines as L
from site_builder.ingest.paragraphs import blocks, join_body, unwrap
from site_builder.versions import MAX_POSTING, containment, fingerprint, version_groups_of

LINE_CASES: list[tuple[str, str, Any]] = [
    ("byline", "By Jane Doe and John Roe, Reuters", "Jane Doe and John Roe, Reuters"),
    ("byline", "BY ANA LIMA", "ANA LIMA"),
    ("byline", "The harbour reopened by Monday.", None),
    ("is_copyright", "© 2022 Reuters", True),
    ("is_copyright", "Copyright 2021 The Associated Press. All rights reserved.", True),
    ("is_copyright", "The copyright dispute went to court.", False),
    ("is_end", "-30-", True),
    ("is_end", "* * *", True),
    ("is_end", "The end of the talks came on Friday.", False),
    ("is_boilerplate", "Share this article", True),
    ("is_boilerplate", "Sign up for our newsletter", True),
    ("is_boilerplate", "Officials shared the report on Monday.", False),
    ("is_boilerplate", "related to now-bankrupt energy giant Enron Corp.", False),  # a wrapped line, not a label
    ("is_trailer", "Reporting by Jane Doe; Editing by John Roe", True),
    ("is_trailer", "The reporting was done by volunteers.", False),
    ("url_line", "https://example.org/news/1", "https://example.org/news/1"),
    ("url_line", "See https://example.org for more.", None),
    ("plain_byline", "Jane Doe", "Jane Doe"),
    ("dateline_alone", "WASHINGTON —", "WASHINGTON"),
    ("credit", "Photo: Ann Lee/AFP", "Ann Lee/AFP"),
]


@pytest.mark.parametrize("func, text, expected", LINE_CASES)
def test_line_recognisers(func: str, text: str, expected: Any) -> None:
    assert getattr(L, func)(text) == expected


@pytest.mark.parametrize(
    "text, source, dateline, date, rest",
    [
        ("WASHINGTON (Reuters) - The Senate voted.", "Reuters", "WASHINGTON", None, "The Senate voted."),
        ("(Bloomberg) -- Oil rose.", "Bloomberg", None, None, "Oil rose."),
        ("PARIS, March 3 (AFP) - Talks resumed.", "AFP", "PARIS", "March 3", "Talks resumed."),
    ],
)
def test_wire_leads(text: str, source: str, dateline: str | None, date: str | None, rest: str) -> None:
    lead = L.lead(text)
    assert lead is not None and (lead.source, lead.dateline, lead.date, lead.rest) == (source, dateline, date, rest)


def test_a_plain_paragraph_is_not_a_lead() -> None:
    assert L.lead("The council met on Monday (as planned) - and voted.") is None
    assert L.lead("(MDC) — said that while planting on undesignated land was not approved") is None
    assert L.lead("ECONOMY - BUSH TOUGHENS UP ON CENTRAL AMERICA") is None  # a headline in capitals


@pytest.mark.parametrize(
    "line, text, heading, numbered",
    [
        ("## A heading", "A heading", True, False),
        ("3. Third item", "Third item", False, True),
        ("Plain line", "Plain line", False, False),
    ],
)
def test_unmark(line: str, text: str, heading: bool, numbered: bool) -> None:
    marked = L.unmark(line)
    assert (marked.text, marked.heading, marked.numbered) == (text, heading, numbered)


def test_blocks_keep_line_numbers() -> None:
    assert blocks(["a", "b", "", "", "c"], first_line=10) == [[(10, "a"), (11, "b")], [(14, "c")]]


def test_hard_wrapped_paragraphs_are_joined_and_dehyphenated() -> None:
    block = [
        (1, "The council said on Monday that the gov-"),
        (2, "ernment plan starts."),
        (3, "A second paragraph begins on this line"),
        (4, "and goes on."),
    ]
    paras = unwrap(block)
    assert [p.text for p in paras] == [
        "The council said on Monday that the government plan starts.",
        "A second paragraph begins on this line and goes on.",
    ]
    assert [p.line for p in paras] == [1, 3]
    assert join_body(paras).count("\n\n") == 1


def test_long_lines_stay_one_paragraph_each() -> None:
    long = "word " * 40
    assert len(unwrap([(1, long.strip()), (2, long.strip())])) == 2


def _story(rnd: random.Random, n: int) -> str:
    words = ["harbour", "council", "ferry", "storm", "bridge", "market", "school", "budget", "river", "road"]
    return " ".join(f"{rnd.choice(words)}{rnd.randrange(n)}" for _ in range(120))


def test_sketches_find_rewrites_and_not_strangers() -> None:
    rnd = random.Random(3)
    a, b = _story(rnd, 1000), _story(rnd, 1000)
    trimmed = " ".join(a.split()[:90])
    assert containment(fingerprint(a), fingerprint(a)) == 1.0
    assert containment(fingerprint(a), fingerprint(trimmed)) >= 0.7
    assert containment(fingerprint(a), fingerprint(b)) < 0.2
    assert version_groups_of([fingerprint(a), fingerprint(b), fingerprint(trimmed)]) == [[0, 2]]


def test_shared_boilerplate_does_not_make_versions() -> None:
    """Many different stories with one long shared trailer: no groups, and no pair compared
    through the trailer's hashes (they sit in postings longer than MAX_POSTING)."""
    rnd = random.Random(5)
    trailer = " ".join(_story(random.Random(9), 1000).split()[:40])
    sketches = [
        fingerprint(_story(rnd, 10**6) + " " + _story(rnd, 10**6) + " " + trailer) for _ in range(MAX_POSTING * 2)
    ]
    assert version_groups_of(sketches) == []


def _field_rows() -> list[tuple[str, str | None]]:
    from tests.conftest import REPO

    rows = []
    for line in (REPO / "tests" / "fixtures" / "date_fields.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            text, expected = line.split("\t")
            rows.append((text, None if expected == "-" else expected))
    return rows


@pytest.mark.parametrize(("text", "expected"), _field_rows())
def test_date_fields_in_any_language(text: str, expected: str | None) -> None:
    """fixtures/date_fields.tsv: dates in the languages news is collected in, at their precision."""
    from site_builder.dates import parse_date_anywhere

    parsed = parse_date_anywhere(text)
    assert (parsed.iso() if parsed else None) == expected


def test_a_hand_written_foreign_date_in_front_matter() -> None:
    from site_builder.frontmatter_io import loads

    assert loads("---\ntitle: Brug\ndate: 4 maart 2024\n---\n\nTekst.\n").date == "2024-03-04"
