"""Map a function over many items on every core, with forked workers that inherit the caller's
memory (so large read-only state such as the gathered archive is never pickled).

Used for the heavy loops of a build: fingerprinting articles and rendering pages. Below a
threshold, or where fork is unavailable, it runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from site_builder.children import die_with_parent

R = TypeVar("R")

THRESHOLD = 400
"""Below this many items, starting worker processes costs more than it saves."""

_FUNC: Callable[[list[int]], list[Any]] | None = None
"""The function of the running map, set before the fork so that workers inherit it."""


def _run(indexes: list[int]) -> list[Any]:
    assert _FUNC is not None
    return _FUNC(indexes)


def map_batches(func: Callable[[list[int]], list[R]], count: int, jobs: int = 0) -> list[R]:
    """`func(batch of indexes) -> results` over range(count), results in index order. `func`
    reads its inputs from state it closes over; forked workers see that state as it was."""
    return list(iter_batches(func, count, jobs))


def iter_batches(func: Callable[[list[int]], list[R]], count: int, jobs: int = 0) -> Iterator[R]:
    """`map_batches` yielding each result as its batch comes back, so a caller that folds the
    results (a build's search rows) never holds them all."""
    global _FUNC
    workers = jobs or (os.cpu_count() or 1)
    indexes = list(range(count))
    if workers <= 1 or count < THRESHOLD or "fork" not in multiprocessing.get_all_start_methods():
        for i in range(0, count, 64):
            yield from func(indexes[i : i + 64])
        return
    size = max(20, count // (workers * 16))
    batches = [indexes[i : i + size] for i in range(0, count, size)]
    _FUNC = func
    try:
        with ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("fork"), initializer=die_with_parent
        ) as pool:
            for part in pool.map(_run, batches):
                yield from part
    finally:
        _FUNC = None
