"""Reader for JSON Lines and CSV: one article per record, columns named as people name them.

Column names are matched loosely (`text`, `body`, `content`, `article`; `author`, `authors`,
`byline`; `date`, `published`, `pubdate`...), so exports from scrapers, spreadsheets and
research datasets ingest without a mapping file.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterable, Iterator
from typing import Any

from site_builder.errors import InputError
from site_builder.ingest.decode import normalise_text
from site_builder.ingest.paragraphs import blocks, join_body, unwrap
from site_builder.ingest.readers.base import ReadResult
from site_builder.model import RawArticle

_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "heading", "hd", "name"),
    "body": (
        "text",
        "body",
        "content",
        "article",
        "full_text",
        "fulltext",
        "story",
        "maintext",
        "article_text",
        "description",
    ),
    "date": (
        "date",
        "published",
        "pubdate",
        "publication_date",
        "publish_date",
        "published_at",
        "date_published",
        "pub_date",
        "datetime",
        "pd",
        "created",
    ),
    "source": (
        "source",
        "publisher",
        "outlet",
        "medium",
        "newspaper",
        "publication",
        "media_name",
        "source_name",
        "sn",
        "site",
    ),
    "byline": ("byline", "by"),
    "authors": ("authors", "author", "writer", "writers"),
    "url": ("url", "link", "href", "permalink"),
    "section": ("section", "category", "desk", "se"),
    "language": ("language", "lang", "la"),
}
"""Column names per field, the first found wins (compared lower-cased). Documented in the README:
keep the two in step. `publish_date` and `media_name` are how common news-research tools
(Media Cloud and others) export; `maintext` is news-please's."""


def _pick(record: dict[str, Any], field: str) -> Any:
    lowered = {str(k).strip().lower(): v for k, v in record.items()}
    for name in _FIELDS[field]:
        value = lowered.get(name)
        if value not in (None, ""):
            return value
    return None


def _record(record: dict[str, Any], line: int) -> RawArticle | None:
    body_raw = _pick(record, "body")
    if not isinstance(body_raw, str) or not body_raw.strip():
        return None
    body_raw = normalise_text(body_raw)
    paras = [p for b in blocks(body_raw.split("\n")) for p in unwrap(b)]
    authors_raw = _pick(record, "authors")
    if isinstance(authors_raw, str):
        authors = tuple(a.strip() for a in authors_raw.replace(";", ",").split(",") if a.strip())
    elif isinstance(authors_raw, list):
        authors = tuple(str(a).strip() for a in authors_raw if str(a).strip())
    else:
        authors = ()

    def text(field: str) -> str | None:
        value = _pick(record, field)
        return normalise_text(str(value)).strip() if value is not None else None

    return RawArticle(
        body=join_body(paras),
        line=line,
        title=text("title"),
        date_text=text("date"),
        byline=text("byline"),
        source=text("source"),
        section=text("section"),
        language=text("language"),
        url=text("url"),
        authors=authors,
    )


def _records(rows: Iterable[tuple[int, Any]], warnings: list[str]) -> Iterator[RawArticle]:
    for n, item in rows:
        if not isinstance(item, dict):
            warnings.append(f"line {n}: not a JSON object; record skipped")
            continue
        art = _record(item, n)
        if art is None:
            warnings.append(f"line {n}: no text/body field; record skipped")
        else:
            yield art


MAX_RECORD = 16 * 2**20
"""Characters in one JSON Lines record or one CSV cell: no article is longer (a long book is
2 MB), and a streamed file must not be able to fill memory with a single line."""

csv.field_size_limit(MAX_RECORD)


def bounded_lines(stream: Iterable[str], warnings: list[str], limit: int = MAX_RECORD) -> Iterator[str]:
    """The lines of a text stream, each at most `limit` characters: a longer line is skipped
    (read through in pieces, never held whole) with a warning naming it."""
    readline = getattr(stream, "readline", None)
    if readline is None:
        yield from stream
        return
    n = 0
    while True:
        line = readline(limit)
        if not line:
            return
        n += 1
        if len(line) >= limit and not line.endswith("\n"):
            while (rest := readline(limit)) and not rest.endswith("\n"):
                pass
            warnings.append(f"line {n}: a record of more than {limit // 2**20} MiB; skipped")
            yield "\n"  # keeps the line numbers of the lines after it
            continue
        yield line


def iter_jsonl(lines: Iterable[str], warnings: list[str]) -> Iterator[RawArticle]:
    """Articles from JSON Lines, one line at a time (memory stays flat on any file size);
    bad lines become warnings appended to `warnings` as they are met."""

    def rows() -> Iterator[tuple[int, Any]]:
        for n, line in enumerate(bounded_lines(lines, warnings), start=1):
            if not line.strip():
                continue
            try:
                yield n, json.loads(line)
            except json.JSONDecodeError as exc:
                warnings.append(f"line {n}: not valid JSON ({exc.msg}); record skipped")
            except RecursionError:
                warnings.append(f"line {n}: JSON nested too deeply; record skipped")

    return _records(rows(), warnings)


_LIST_KEYS = ("articles", "items", "data", "results", "docs", "documents", "records", "stories", "entries")


def read_jsonl(text: str) -> ReadResult:
    """One JSON object per line; a JSON document is accepted too: an array of objects, an
    object holding such an array (`{"articles": [...]}`), or one object."""
    warnings: list[str] = []
    stripped = text.lstrip()
    document: Any = None
    if stripped.startswith(("[", "{")):
        try:
            document = json.loads(stripped)
        except RecursionError:
            raise InputError(
                "JSON nested too deeply to be an export of articles",
                hint="check the file; JSON Lines with one article per line is read best",
            ) from None
        except json.JSONDecodeError as exc:
            if stripped.startswith("["):
                raise InputError(
                    f"invalid JSON: {exc.msg}", line=exc.lineno, hint="fix the JSON or export JSON Lines"
                ) from exc
    if isinstance(document, dict):
        inner = next((document[k] for k in _LIST_KEYS if isinstance(document.get(k), list)), None)
        document = inner if inner is not None else [document]
    if isinstance(document, list):
        articles = tuple(_records(((n + 1, item) for n, item in enumerate(document)), warnings))
    else:
        articles = tuple(iter_jsonl(text.split("\n"), warnings))
    return ReadResult(articles, tuple(warnings))


def iter_csv(lines: Iterable[str], warnings: list[str]) -> Iterator[RawArticle]:
    """Articles from CSV with a header row, one row at a time; the delimiter is sniffed from
    the header line (comma, tab or semicolon)."""
    it = bounded_lines(lines, warnings)
    header = next(it, "")
    try:
        delimiter = csv.Sniffer().sniff(header, delimiters=",\t;").delimiter
    except csv.Error:
        delimiter = ","
    # only the delimiter is taken from the header: the sniffer guesses quoting from one line
    # without quotes (doublequote off), and a quoted `""` in a body then split rows apart
    reader = csv.DictReader(itertools.chain([header], it), delimiter=delimiter)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            warnings.append(f"line {reader.line_num}: {exc}; row skipped")
            continue
        art = _record({k: v for k, v in row.items() if isinstance(k, str)}, reader.line_num)
        if art is None:
            warnings.append(f"line {reader.line_num}: no text/body column value; row skipped")
        else:
            yield art


def read_csv(text: str) -> ReadResult:
    """A header row, then one article per row."""
    warnings: list[str] = []
    articles = tuple(iter_csv(io.StringIO(text), warnings))
    return ReadResult(articles, tuple(warnings))
