"""The nouns of the domain: raw articles, extracted articles, captions, origins.

Every stage passes these frozen dataclasses along so that parsing, extraction and rendering
stay pure functions that tests can drive with strings, never with files.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

KINDS = ("people", "organizations", "places")
"""Entity kinds: folder names under content/entities and _site, and front-matter list names."""
KIND_SINGULAR = {"people": "person", "organizations": "organization", "places": "place"}


@dataclass(frozen=True, slots=True)
class Caption:
    """A photo caption lifted out of an article body."""

    text: str
    credit: str | None = None


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an article came from: the raw file, its position in it, and a checksum of its text."""

    file: str
    index: int
    line: int
    sha256: str


@dataclass(frozen=True, slots=True)
class RawArticle:
    """One article as a reader found it, before metadata is cleaned up.

    Readers fill in whatever their format states explicitly (a LexisNexis `BYLINE:` field, a
    CSV `title` column); `extract` derives the rest from the text.
    """

    body: str
    """The article text, paragraphs separated by blank lines, boilerplate removed."""
    line: int
    """1-based line of the input where the article starts (for errors and provenance)."""
    title: str | None = None
    date_text: str | None = None
    byline: str | None = None
    source: str | None = None
    dateline: str | None = None
    copyright: str | None = None
    section: str | None = None
    language: str | None = None
    url: str | None = None
    authors: tuple[str, ...] = ()
    captions: tuple[Caption, ...] = ()
    trailer: str | None = None
    extra: tuple[tuple[str, str], ...] = ()
    """Other header fields worth keeping (document ids, load dates...), as (name, value)."""
    date_order: str | None = None
    """`dmy` or `mdy` when the file's own unambiguous dates say how to read `06/12/1996`."""


@dataclass(frozen=True, slots=True)
class Entities:
    """Named entities found in one article, by type, each list sorted and free of duplicates."""

    people: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    roles: tuple[tuple[str, str], ...] = ()
    """(person, role) pairs seen in the text, e.g. ("Antony Blinken", "Secretary of State")."""


@dataclass(frozen=True, slots=True)
class Article:
    """A fully extracted article: what `ingest` writes and what `build` renders."""

    title: str
    body: str
    date: str | None
    source: str | None
    title_generated: bool = False
    date_flag: str | None = None
    date_partial: str | None = None
    """Month and day when no year is known anywhere (`--12-06`); `date` is then None."""
    authors: tuple[str, ...] = ()
    byline: str | None = None
    dateline: str | None = None
    copyright: str | None = None
    section: str | None = None
    language: str = "en"
    url: str | None = None
    captions: tuple[Caption, ...] = ()
    trailer: str | None = None
    word_count: int = 0
    entities: Entities = field(default_factory=Entities)
    origin: Origin | None = None
    also_in: tuple[Origin, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()
    status: str = "published"
    """`published`, `draft` (not on the site at all) or `retracted` (a notice at its URL only)."""
    notice: str | None = None
    """The editor's note shown in place of a retracted article."""
    warnings: tuple[str, ...] = ()


def _reduce(self: Any) -> tuple[type, tuple[Any, ...]]:
    """Pickle as the class and its field values: unpickling then calls the generated `__init__`
    instead of the generic frozen-dataclass `__setstate__`, which looks the fields up again
    for every object (a third of loading 10,000 cached articles for a rebuild)."""
    return type(self), tuple(getattr(self, f.name) for f in fields(self))


for _cls in (Caption, Origin, RawArticle, Entities, Article):
    _cls.__reduce__ = _reduce  # type: ignore[method-assign]
