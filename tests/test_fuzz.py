"""A short run of the mutation fuzzer (tests/fuzz.py) in every `make test`; `make fuzz` runs
10,000+ cases. Any exception but the project's user-facing error, or a case over 5 s, fails."""

from __future__ import annotations

import os

from tests.fuzz import run


def test_mutated_inputs_end_in_a_result_or_a_user_facing_error() -> None:
    result = run(int(os.environ.get("SITE_BUILDER_FUZZ_CASES", "1500")), seed=7)
    assert result.failures == []
    assert result.cases >= 1500
    kinds = {key.split(":")[0] for key in result.outcomes}
    assert kinds == {"raw", "article", "note"}
    assert any("user-facing error" in key for key in result.outcomes)  # the mutations do break things
