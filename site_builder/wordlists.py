"""Word lists kept as data files (`<package>/data/*.txt`) a reader can check and extend, read once.

Each file holds one entry a line; blank lines and lines starting with `#` are comments (a `#`
entry is written `\\#`). The lists are package data, so an installed wheel has them.
"""

from __future__ import annotations

import functools
from importlib import resources


@functools.cache
def entries(name: str, package: str = "site_builder") -> tuple[str, ...]:
    """The entries of `<package>/data/<name>`, stripped, in file order."""
    text = resources.files(package).joinpath("data", name).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        entry = line.strip()
        if entry and not entry.startswith("#"):
            out.append(entry[1:] if entry.startswith("\\#") else entry)
    return tuple(out)
