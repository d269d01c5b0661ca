"""The built site against the reviewed golden copy (tests/golden.py; `make golden` refreshes it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden import build_site, differences


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("golden"))


def test_the_site_is_the_golden_site(fresh: Path) -> None:
    diff = differences(fresh)
    assert diff == [], "the built site differs from tests/golden/site (run `make golden` if intended):\n" + "\n".join(
        diff
    )


def test_the_fragment_cache_changes_nothing(fresh: Path, tmp_path: Path) -> None:
    """Partials rendered once and reused must give the pages that rendering each afresh gives."""
    assert differences(build_site(tmp_path, fragment_cache=False), golden=fresh) == []


def test_one_character_in_a_template_is_caught(tmp_path: Path) -> None:
    site = build_site(tmp_path, theme_edit=("_footer.html", "</footer>", ".</footer>"))
    diff = differences(site)
    assert diff and diff[0].startswith("changed: ") and any(line.startswith("+") for line in diff)
