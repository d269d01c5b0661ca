"""The layout bench (`bench/layouts.py`) itself: fixtures load, files are deterministic, splits
are disjoint. The reader's accuracy is reported by the bench, not asserted here."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bench import layouts as B

FIXTURES = sorted(B.FIXTURES.glob("*.txt"))

pytestmark = pytest.mark.slow


def test_one_fixture_per_layout() -> None:
    names = {p.stem.split("-", 1)[1] for p in FIXTURES}
    assert names == set(B.LAYOUTS)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_fixture_loads_and_scores(path: Path) -> None:
    text, expected = B.load_fixture(path)
    assert len(expected) == 3
    lines = text.split("\n")
    for e in expected:
        assert 0 < e.line <= len(lines) and lines[e.line - 1].strip()
        assert B._ws(e.body_start)[:40] in B._ws(text.replace("\n", " "))
    score = B.evaluate(text, expected, name=path.name)
    assert score.expected == 3 and score.files == 1


def test_pools_are_disjoint() -> None:
    tune, held = B.pools("tune"), B.pools("heldout")
    for name in tune.__dataclass_fields__:
        assert not set(getattr(tune, name)) & set(getattr(held, name)), name


def test_splits_and_files_are_deterministic() -> None:
    tune, held = B.stories("tune"), B.stories("heldout")
    assert tune and held and not {s.id for s in tune} & {s.id for s in held}
    for name in B.LAYOUTS:
        one = B.make_file(name, tune[:5], random.Random(7), "tune")
        two = B.make_file(name, tune[:5], random.Random(7), "tune")
        assert one == two
        assert len(one[1]) == 5
