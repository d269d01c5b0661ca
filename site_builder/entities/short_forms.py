"""The curated short forms of organizations and places (`WHO`, `U.S.`), for entity pages and search.

Ingest resolves a short form to its full name (`gazetteer`), so the archive never sees `WHO`
written as a spelling of the World Health Organization: without this table, searching `WHO`
found no entity page, and the page did not say it is also known as WHO. Only the two small
curated tables are read, not the gazetteer (whose city lists take most of a second to load):
the build needs these, and nothing else of the gazetteer.
"""

from __future__ import annotations

import functools
from importlib import resources

TABLES = {"organizations": "organizations.tsv", "places": "places.tsv"}


def read_tsv(name: str) -> dict[str, str]:
    """A curated `alias<TAB>canonical name` table of `entities/data` (`#` lines are comments)."""
    text = resources.files("site_builder.entities").joinpath("data", name).read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#") and "\t" in line:
            key, value = line.split("\t", 1)
            out[key.strip()] = value.strip()
    return out


@functools.lru_cache(maxsize=1)
def short_forms() -> dict[tuple[str, str], tuple[str, ...]]:
    """(kind, canonical name) -> the other names the tables give it, sorted."""
    out: dict[tuple[str, str], set[str]] = {}
    for kind, table in TABLES.items():
        for alias, name in read_tsv(table).items():
            if alias != name and not alias.startswith("the ") and ", " not in alias:
                # "the United States" and "Korea, Republic of" are how lists write the name,
                # not another name a reader would know it by
                out.setdefault((kind, name), set()).add(alias)
    return {key: tuple(sorted(names)) for key, names in out.items()}


@functools.lru_cache(maxsize=1)
def canonical_names() -> dict[tuple[str, str], str]:
    """(kind, short form) -> the full name the tables give it (`Czechia` -> `Czech Republic`):
    an archive ingested before a table knew a form, or typed by hand, still gets one page."""
    return {(kind, alias): name for (kind, name), aliases in short_forms().items() for alias in aliases}
