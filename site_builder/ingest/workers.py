"""Extraction on every core, ahead of the writer: the metadata, entities and near-duplicate
sketch of each raw article, made in forked worker processes while the main process writes.

Why: extraction (language, metadata, entities) is nearly all of ingest's time, 5 ms an article,
and it depends only on the raw article, the archive's entity notes and its settings; writing
(the manifest, the hand-edit checks, duplicates met in this run) must stay in one process and
in input order. So the main process reads ahead (`ahead`), hands each raw article to a worker
as it is read, and takes the results back in order: the files are written exactly as one
process would write them, in the same order.

The first few articles are extracted in this process: a small ingest (one file, a test) never
pays for starting workers, and the extractor's models are loaded before the fork, so workers
share them instead of loading their own.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from types import TracebackType
from typing import TypeVar

from site_builder.children import die_with_parent
from site_builder.entities.curation import Curation
from site_builder.entities.recognise import extract_entities
from site_builder.ingest.metadata import extract, smart_title
from site_builder.model import Article, Entities, RawArticle
from site_builder.versions import Sketch, fingerprint

T = TypeVar("T")
U = TypeVar("U")

INLINE = 48
"""Articles extracted in this process before workers start: below this, starting them costs
more than it saves (and loading the models first lets the workers inherit them)."""
WINDOW = 256
"""Articles read ahead of the writer: enough to keep every core busy, few enough that memory
does not grow with the input (a streamed JSON Lines file of any size stays streamed)."""


@dataclass(frozen=True)
class Settings:
    """What extraction depends on besides the raw article: the same in every worker."""

    curation: Curation
    date_order: str | None


_SETTINGS: Settings | None = None
"""The running extractor's settings, set before the fork so that workers inherit them."""


def extract_article(raw: RawArticle, year_hint: int | None, settings: Settings) -> tuple[Article, Sketch]:
    """One raw article as it will be written (before its origin is known), and its sketch."""
    art = extract(raw, year_hint=year_hint, date_order=settings.date_order)
    found = extract_entities(art.title, entity_text(art))
    art = replace(art, entities=settings.curation.apply(with_dateline(found, art)))
    return art, fingerprint(art.body)


def _in_worker(raw: RawArticle, year_hint: int | None) -> tuple[Article, Sketch] | BaseException:
    """`extract_article` in a worker; a failure comes back as the exception, to be raised in
    the main process at that article's turn (its file's error), or as a plain one naming it
    when it cannot be pickled."""
    assert _SETTINGS is not None
    try:
        return extract_article(raw, year_hint, _SETTINGS)
    except Exception as exc:  # sent back, raised in its file's boundary
        try:
            pickle.dumps(exc)
        except Exception:
            return RuntimeError(f"{type(exc).__name__}: {str(exc)[:200]}")
        return exc


class Extractor:
    """Hands raw articles to worker processes (`submit`), the first `INLINE` in this process.
    Use as a context manager: the workers stop at its end, whatever happened."""

    def __init__(self, settings: Settings, jobs: int = 0) -> None:
        self.settings = settings
        self.jobs = jobs or (os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None
        self._count = 0

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        global _SETTINGS
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        _SETTINGS = None

    def submit(self, raw: RawArticle, year_hint: int | None) -> Future[tuple[Article, Sketch] | BaseException]:
        """The extraction of one raw article, running or done."""
        global _SETTINGS
        self._count += 1
        if self._pool is None and self._count > INLINE and self.jobs > 1 and _forks():
            _SETTINGS = self.settings
            self._pool = ProcessPoolExecutor(
                self.jobs, mp_context=multiprocessing.get_context("fork"), initializer=die_with_parent
            )
        if self._pool is not None:
            return self._pool.submit(_in_worker, raw, year_hint)
        done: Future[tuple[Article, Sketch] | BaseException] = Future()
        try:
            done.set_result(extract_article(raw, year_hint, self.settings))
        except Exception as exc:  # raised at the article's turn, as a worker's would be
            done.set_result(exc)
        return done


def _forks() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def ahead(items: Iterator[T], start: Callable[[T], U], window: int = WINDOW) -> Iterator[U]:
    """`start(item)` for each item as soon as it is read, up to `window` items before the
    consumer takes it; the started items yielded in order."""
    started: deque[U] = deque()
    for item in items:
        started.append(start(item))
        if len(started) >= window:
            yield started.popleft()
    while started:
        yield started.popleft()


def with_dateline(ents: Entities, art: Article) -> Entities:
    """The dateline city is a place the article mentions (`NEW ORLEANS` -> New Orleans)."""
    if not art.dateline:
        return ents
    city = smart_title(art.dateline.split(",")[0].strip())
    if not city or city in ents.places or len(city) > 40:
        return ents
    return replace(ents, places=tuple(sorted({*ents.places, city})))


def entity_text(art: Article) -> str:
    """The text entities are found in: the body and the photo captions."""
    captions = "\n\n".join(c.text for c in art.captions if c.text)
    return f"{art.body}\n\n{captions}" if captions else art.body
