"""The word lists and patterns of `ingest/data/`: data a reader can check and extend, read once.

Each file holds one entry a line; blank lines and lines starting with `#` are comments.
"""

from __future__ import annotations

import functools
from importlib import resources


@functools.cache
def entries(name: str) -> tuple[str, ...]:
    """The entries of `data/<name>`, stripped, in file order."""
    text = resources.files("site_builder.ingest").joinpath("data", name).read_text(encoding="utf-8")
    return tuple(s for s in (line.strip() for line in text.splitlines()) if s and not s.startswith("#"))
