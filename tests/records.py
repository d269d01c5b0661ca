"""Synthetic but realistic JSON Lines exports for the record-keeping and fault tests.

Each record is a short local-news item whose sentences are drawn at random from a vocabulary,
so that no two records are near-duplicates (near-duplicate grouping is tested elsewhere) and
5,000 of them ingest in seconds. The wording is this project's own.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

_TOWNS = [
    "Aldermoor",
    "Brackwater",
    "Caddon",
    "Dunmere",
    "Elsford",
    "Farrow",
    "Glenhollow",
    "Harwick",
    "Ivybridge",
    "Juniper Falls",
    "Kestrel Bay",
    "Lowmoor",
]
_SUBJECTS = [
    "the council",
    "the water board",
    "local traders",
    "the school governors",
    "residents",
    "the ferry operator",
    "volunteers",
    "the health trust",
    "the planning committee",
    "farmers",
]
_VERBS = ["approved", "rejected", "delayed", "questioned", "welcomed", "funded", "reviewed", "opposed"]
_OBJECTS = [
    "a new bridge",
    "the library extension",
    "winter gritting",
    "the bus timetable",
    "a flood wall",
    "street lighting",
    "the market charter",
    "a cycle path",
    "the harbour dredging",
    "park repairs",
]
_EXTRAS = [
    "after a long debate",
    "by a narrow vote",
    "despite objections",
    "at a packed meeting",
    "in a short session",
    "following a public survey",
    "ahead of the budget",
    "with little comment",
]


def record(n: int, rnd: random.Random) -> dict[str, str]:
    town = rnd.choice(_TOWNS)
    sentences = [
        f"In {town}, {rnd.choice(_SUBJECTS)} {rnd.choice(_VERBS)} {rnd.choice(_OBJECTS)} {rnd.choice(_EXTRAS)}."
        for _ in range(4)
    ]
    sentences.append(f"The item was number {n} on the agenda and cost {rnd.randint(2, 900)} thousand pounds.")
    return {
        "title": f"{town} item {n}: {rnd.choice(_OBJECTS)} {rnd.choice(_VERBS)}",
        "date": f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}",
        "source": "Valley Courier",
        "text": " ".join(sentences),
    }


def write_records(path: Path, count: int, *, seed: int = 1, start: int = 0) -> list[dict[str, str]]:
    """Write `count` records as JSON Lines; returns them."""
    rnd = random.Random(seed)
    records = [record(n, rnd) for n in range(start, start + count)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return records
