"""The search-quality benchmark (bench/search_quality.py) in CI's headless Chromium: the
judged queries over the Wikinews archive, served and from disk. Floors, like an evaluation
gate, so that ranking cannot fall silently; `make bench-search-quality` prints the full table,
with Pagefind's default UI for reference."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


def test_judged_queries_both_modes(browser: Any) -> None:
    from bench.search_quality import run

    out = run("all", ["http", "disk"], browser)
    http, disk = out["paths"]["http"], out["paths"]["disk"]
    assert out["queries"] >= 60 and out["articles"] == 293
    assert http["p_at_5"] >= 0.82 and disk["p_at_5"] >= 0.82, out["paths"]
    assert disk["overlap_at_10_with_http"] >= 0.85, out["paths"]
    assert http["zero_results"] == 0 and disk["zero_results"] == 0, out["paths"]
    for path in (http, disk):
        done, total = map(int, path["misspelt_suggested"].split("/"))
        assert done >= 0.8 * total, out["paths"]
