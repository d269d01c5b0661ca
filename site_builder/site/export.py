"""The archive as data: articles, entities, mentions and co-mentions, with a Frictionless descriptor.

Researchers take their data elsewhere (pandas, R, a spreadsheet, a graph tool), so every file
is one flat table that loads without options: JSON Lines (one object a line, lists kept as
lists) or CSV (UTF-8, a header, RFC 4180 quoting, lists joined with `; `), or Parquet through
pyarrow when the `parquet` extra is installed. `datapackage.json` (Frictionless Data Package)
names each file, its fields and their types, and the archive's licence note.

The same rows feed `site-builder export` and the site's own `data/` folder, so what the site
offers for download is exactly what the command writes.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import pickle
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from site_builder.errors import SiteBuilderError
from site_builder.model import KIND_SINGULAR, KINDS
from site_builder.site.archive import Archive
from site_builder.site.cache import Memo, digest
from site_builder.site.charts import comention_counts
from site_builder.site.contexts import DataFile
from site_builder.site.writer import Writer

FORMATS = ("jsonl", "csv", "parquet")
LIST_SEPARATOR = "; "
MIN_PAIR = 2
"""Co-mentions are listed from two shared articles: one article naming 50 entities makes 1,225
pairs, which buried the links that recur (every pair can be counted from `mentions`)."""


class Rows:
    """A table's rows, made again each time they are read: the articles table holds every
    article's text (43 MB at 10,000 articles), so it is streamed to its file, never held.
    `make(lo, hi)` makes rows lo to hi; `keys`, when given, are a digest per row of what it is
    made from, so that a piece of the table's file can be taken from an earlier build's."""

    def __init__(
        self,
        make: Callable[[int, int], Iterable[tuple[Any, ...]]],
        count: int,
        keys: Callable[[], list[bytes]] | None = None,
    ) -> None:
        self._make = make
        self._count = count
        self.keys = keys

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self._make(0, self._count))

    def __len__(self) -> int:
        return self._count

    def part(self, lo: int, hi: int) -> Iterator[tuple[Any, ...]]:
        return iter(self._make(lo, hi))


@dataclass(frozen=True)
class Table:
    """One exported table: its name, a description, its fields (name, Frictionless type,
    description) and its rows as tuples in the fields' order (a list, or `Rows` made on demand)."""

    name: str
    description: str
    fields: tuple[tuple[str, str, str], ...]
    rows: list[tuple[Any, ...]] | Rows

    @property
    def names(self) -> list[str]:
        return [f for f, _t, _d in self.fields]

    def records(self) -> Iterator[dict[str, Any]]:
        """Each row as a mapping of field name to value."""
        names = self.names
        for row in self.rows:
            yield dict(zip(names, row, strict=True))


ARTICLE_FIELDS = (
    ("url", "string", "the article's page, relative to the site root"),
    ("file", "string", "the article's file in the archive"),
    ("title", "string", ""),
    ("date", "date", "publication date (ISO 8601), empty when unknown"),
    ("date_partial", "string", "month and day when no year is known (--MM-DD)"),
    ("source", "string", "publication or agency"),
    ("authors", "array", "people credited"),
    ("byline", "string", "the byline as printed"),
    ("dateline", "string", ""),
    ("section", "string", ""),
    ("language", "string", "BCP 47 language tag"),
    ("original_url", "string", "where the article was published"),
    ("copyright", "string", ""),
    ("word_count", "integer", ""),
    ("captions", "array", "photo captions"),
    ("people", "array", "people mentioned (entity names)"),
    ("organizations", "array", "organizations mentioned (entity names)"),
    ("places", "array", "places mentioned (entity names)"),
    ("versions", "array", "urls of other versions of the same story"),
    ("title_generated", "boolean", "true when the title was made from the first sentence"),
    ("date_flag", "string", "how the date was found when it is uncertain"),
    ("trailer", "string", "lines after the body (corrections, notes)"),
    ("roles", "array", "person: role pairs stated in the article"),
    ("origin", "string", "raw file, article number in it and first line (file#article:line)"),
    ("extra", "object", "other front-matter fields, as written"),
    ("body", "string", "the article text (Markdown)"),
)
ENTITY_FIELDS = (
    ("id", "string", "kind/slug: the entity's page without .html"),
    ("kind", "string", "person, organization or place"),
    ("name", "string", ""),
    ("aliases", "array", "other spellings seen or noted"),
    ("identifiers", "object", "scheme -> value from the editors' note (wikidata, viaf, url...)"),
    ("articles", "integer", "articles mentioning it"),
    ("first_seen", "date", "date of the oldest dated article mentioning it"),
    ("last_seen", "date", "date of the newest"),
    ("url", "string", "the entity's page, relative to the site root"),
)
MENTION_FIELDS = (
    ("article_url", "string", "the article (articles.url)"),
    ("entity_id", "string", "the entity (entities.id)"),
)
COMENTION_FIELDS = (
    ("entity_a", "string", "an entity (entities.id), the smaller id of the pair"),
    ("entity_b", "string", "the other entity (entities.id)"),
    ("articles", "integer", "articles mentioning both"),
)


def tables(
    archive: Archive, pairs: Counter[tuple[str, str]] | None = None, files: Mapping[str, bytes] | None = None
) -> list[Table]:
    """Every table of the export, rows in a stable order (two exports of one archive are equal).
    `pairs` are the co-mention counts when the caller has them already. Rows are tuples in the
    fields' order: the long tables then go to CSV without a Python step per row. `files`, the
    digests of the input files (`cache.InputState.files`), key the article rows."""
    names = {key: ent.name for key, ent in archive.entities.items()}
    if pairs is None:
        pairs = comention_counts(archive)
    by_url = sorted(archive.pages, key=lambda p: p.url)

    def article_keys() -> list[bytes]:
        # a row is its file (parsed by this code: the memo is salted with it), where it is
        # placed, and the names of its entities and versions
        known = files or {}
        return [
            digest(
                known.get(page.source) or pickle.dumps(page.article, protocol=5),
                page.url,
                page.source,
                *(f"{kind}={names[k]}" for kind in KINDS for k in page.entities.get(kind, ())),
                "versions",
                *page.versions,
            )
            for page in by_url
        ]

    def article_rows(lo: int, hi: int) -> Iterator[tuple[Any, ...]]:
        for page in by_url[lo:hi]:
            art = page.article
            found = page.entities
            yield (
                page.url,
                page.source,
                art.title,
                art.date or "",
                art.date_partial or "",
                art.source or "",
                list(art.authors),
                art.byline or "",
                art.dateline or "",
                art.section or "",
                art.language,
                art.url or "",
                art.copyright or "",
                art.word_count,
                [c.text for c in art.captions],
                *([names[k] for k in found.get(kind, ())] for kind in KINDS),
                list(page.versions),
                art.title_generated,
                art.date_flag or "",
                art.trailer or "",
                [f"{person}: {role}" for person, role in art.entities.roles],
                f"{art.origin.file}#{art.origin.index}:{art.origin.line}" if art.origin else "",
                dict(art.extra),
                art.body,
            )

    def mention_rows(lo: int, hi: int) -> Iterator[tuple[Any, ...]]:
        for page in by_url[lo:hi]:
            url = page.url
            yield from ((url, key) for key in sorted(set(page.entity_keys)))

    articles = Rows(article_rows, len(by_url), article_keys if files is not None else None)
    mentions = Rows(mention_rows, sum(len(set(p.entity_keys)) for p in by_url))
    entities = []
    for key in sorted(archive.entities):
        ent = archive.entities[key]
        dates = [p.article.date for p in ent.pages if p.article.date]
        entities.append(
            (
                key,
                KIND_SINGULAR[ent.kind],
                ent.name,
                list(ent.aliases),
                dict(ent.note.identifiers) if ent.note else {},
                len(ent.pages),
                min(dates) if dates else "",
                max(dates) if dates else "",
                ent.url,
            )
        )
    strong = [(a, b, n) for (a, b), n in pairs.items() if n >= MIN_PAIR]
    strong.sort(key=lambda row: (-row[2], row[0], row[1]))
    return [
        Table("articles", "every published article, its front matter and text", ARTICLE_FIELDS, articles),
        Table("entities", "people, organizations and places with a page", ENTITY_FIELDS, entities),
        Table("mentions", "which article mentions which entity", MENTION_FIELDS, mentions),
        Table(
            "comentions",
            f"pairs of entities mentioned together in at least {MIN_PAIR} articles (all pairs follow from mentions)",
            COMENTION_FIELDS,
            strong,
        ),
    ]


def _csv_value(value: Any) -> Any:
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, dict):
        return LIST_SEPARATOR.join(f"{k}={v}" for k, v in value.items())
    return value


def csv_text(table: Table) -> str:
    """The table as CSV text: a header, one row per record, lists joined with `; `."""
    return "".join(csv_chunks(table))


CHUNK_ROWS = 2_000
"""Rows per piece of CSV text: big enough for C to do the work, small enough to hold."""
KEYED_ROWS = 250
"""Rows per piece of a table whose pieces are memoised (the articles): an edit to one article
makes its piece again, 2,000 rows of text cost 0.2 s of a one-article rebuild, 250 a tenth."""


def csv_chunks(table: Table, memo: Memo[str] | None = None) -> Iterator[str]:
    """The table's CSV text in pieces of CHUNK_ROWS rows, for writing without holding it whole.
    With a `memo` and rows that have keys, a piece made by an earlier build from the same rows
    is taken from it: an edit to one article makes one piece of the articles table again."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(table.names)
    yield buf.getvalue()
    lists = [i for i, (_f, t, _d) in enumerate(table.fields) if t in ("array", "object")]
    rows = table.rows
    if memo is not None and isinstance(rows, Rows) and rows.keys is not None:
        keys = rows.keys()
        for lo in range(0, len(rows), KEYED_ROWS):
            key = digest(table.name, *keys[lo : lo + KEYED_ROWS])
            text = memo.get(key)
            yield text if text is not None else memo.put(key, _csv_piece(list(rows.part(lo, lo + KEYED_ROWS)), lists))
        return
    stream = iter(rows)
    while chunk := list(itertools.islice(stream, CHUNK_ROWS)):
        yield _csv_piece(chunk, lists)


def _csv_piece(chunk: list[tuple[Any, ...]], lists: list[int]) -> str:
    """CSV lines of rows; `lists` are the columns holding lists or mappings."""
    if not lists:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(chunk)  # mentions and co-mentions: in C
        return buf.getvalue()
    out = []
    for row in chunk:
        cells = list(row)
        for i in lists:
            cells[i] = _csv_value(cells[i])
        out.append(",".join(map(_csv_cell, cells)) + "\n")
    return "".join(out)


def _csv_cell(value: Any) -> str:
    """One CSV field as the csv module writes it (minimal quoting, doubled quotes), done with
    string methods: the csv writer spent 0.7 s on the 43 MB of article text of 10,000 articles."""
    text = "" if value is None else str(value)
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def jsonl_lines(table: Table) -> Iterator[str]:
    """The table as JSON Lines, one record a line, fields in the descriptor's order."""
    for record in table.records():
        yield json.dumps(record, ensure_ascii=False) + "\n"


def descriptor(archive_title: str, licence: str, found: list[Table], fmt: str) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of the exported files."""
    resources = []
    for t in found:
        schema_fields = []
        for name, typ, desc in t.fields:
            field: dict[str, Any] = {"name": name, "type": "string" if fmt == "csv" and typ == "array" else typ}
            if fmt == "csv" and typ in ("array", "object"):
                desc = (desc + "; " if desc else "") + f"values joined with {LIST_SEPARATOR!r}"
            if desc:
                field["description"] = desc
            schema_fields.append(field)
        resource: dict[str, Any] = {
            "name": t.name,
            "path": f"{t.name}.{fmt}",
            "description": t.description,
            "format": fmt,
            "schema": {"fields": schema_fields},
        }
        if fmt != "parquet":
            resource["encoding"] = "utf-8"
            resource["mediatype"] = "text/csv" if fmt == "csv" else "application/x-ndjson"
        if fmt == "csv":
            resource["dialect"] = {"delimiter": ",", "header": True, "doubleQuote": True}
        resources.append(resource)
    return {
        "profile": "data-package",
        "name": "news-archive",
        "title": archive_title,
        "licenses": [{"name": "other", "title": licence}],
        "resources": resources,
    }


def write(archive: Archive, out: Path, fmt: str, *, title: str, licence: str) -> list[Path]:
    """Write every table and datapackage.json into `out`; returns the files written."""
    if fmt not in FORMATS:
        raise SiteBuilderError(f"unknown export format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
    out.mkdir(parents=True, exist_ok=True)
    found = tables(archive)
    written = []
    for t in found:
        path = out / f"{t.name}.{fmt}"
        if fmt == "csv":
            with path.open("w", encoding="utf-8", newline="") as fh:
                fh.writelines(csv_chunks(t))
        elif fmt == "jsonl":
            with path.open("w", encoding="utf-8") as fh:
                fh.writelines(jsonl_lines(t))
        else:
            _write_parquet(t, path)
        written.append(path)
    meta = out / "datapackage.json"
    meta.write_text(json.dumps(descriptor(title, licence, found, fmt), indent=2, ensure_ascii=False) + "\n", "utf-8")
    written.append(meta)
    return written


def _write_parquet(table: Table, path: Path) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise SiteBuilderError(
            "Parquet export needs pyarrow", hint="pip install 'site-builder[parquet]', or use --format csv or jsonl"
        ) from None
    columns: dict[str, list[Any]] = {}
    rows = list(table.rows)
    for i, (f, typ, _d) in enumerate(table.fields):
        values = [row[i] for row in rows]
        columns[f] = [json.dumps(v, ensure_ascii=False) for v in values] if typ == "object" else values
    pq.write_table(pa.table(columns), path)


SITE_FORMATS = ("csv",)
"""The format the site itself offers: CSV opens everywhere; JSON Lines and Parquet would double
the site's size for the same rows (`site-builder export` writes them)."""


def site_files(
    archive: Archive,
    writer: Writer,
    title: str,
    licence: str,
    pairs: Counter[tuple[str, str]] | None = None,
    memo: Memo[str] | None = None,
    files: Mapping[str, bytes] | None = None,
) -> dict[str, list[DataFile]]:
    """Write the site's `data/` folder, each table as CSV streamed to its file with a descriptor
    per format; returns the list the data page shows (name, link from the site root, size, rows).
    `memo` holds the pieces of CSV made by earlier builds, keyed with `files` (see `csv_chunks`)."""
    found = tables(archive, pairs, files if memo is not None else None)
    listed: dict[str, list[DataFile]] = {}
    for fmt in SITE_FORMATS:
        listed[fmt] = []
        for t in found:
            path = f"data/{fmt}/{t.name}.{fmt}"
            chunks = csv_chunks(t, memo) if fmt == "csv" else jsonl_lines(t)
            size = writer.write_chunks(path, chunks)
            listed[fmt].append(DataFile(name=f"{t.name}.{fmt}", url=path, description=t.description,
                                        size=_size(size), rows=len(t.rows)))  # fmt: skip
        meta = json.dumps(descriptor(title, licence, found, fmt), indent=2, ensure_ascii=False) + "\n"
        writer.write(f"data/{fmt}/datapackage.json", meta)
        listed[fmt].append(
            DataFile(
                name="datapackage.json",
                url=f"data/{fmt}/datapackage.json",
                description="Frictionless Data Package: the files, their fields and types, the licence",
                size=_size(len(meta.encode("utf-8"))),
                rows=0,
            )
        )
    return listed


def _size(n: int) -> str:
    """`812 bytes`, `14.2 KB`, `3.1 MB`."""
    if n < 1024:
        return f"{n} bytes"
    value = n / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"
