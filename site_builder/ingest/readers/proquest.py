"""Reader for ProQuest text exports.

Documents are separated by lines of underscores. Each holds the title, optional `Author:` and
`Publication info:` lines, an optional `Abstract:`, the `Full text:` body, then a block of
`Field: value` lines (Title, Publication title, Publication date, Section, Language of
publication, ProQuest document ID, Document URL, Copyright...).
"""

from __future__ import annotations

import re

from site_builder.ingest.paragraphs import blocks, join_body, unwrap
from site_builder.ingest.readers.base import ReadResult
from site_builder.model import RawArticle
from site_builder.text import language_code

SEPARATOR = re.compile(r"^_{20,}\s*$", re.M)
_FIELD = re.compile(r"^(?P<name>[A-Z][A-Za-z]+(?:[ /][A-Za-z/]+){0,4}):\s?(?P<value>.*)$")
_TAIL_FIELDS = {
    "subject",
    "location",
    "people",
    "company / organization",
    "identifier / keyword",
    "title",
    "publication title",
    "pages",
    "publication year",
    "publication date",
    "section",
    "publisher",
    "place of publication",
    "country of publication",
    "publication subject",
    "issn",
    "source type",
    "language of publication",
    "document type",
    "proquest document id",
    "document url",
    "copyright",
    "last updated",
    "database",
    "credit",
    "illustration",
    "dateline",
    "edition",
    "volume",
    "issue",
    "e-issn",
    "coden",
    "accession number",
}
_HEAD_FIELDS = {"author", "publication info", "abstract", "links", "full text", "authors", "credit"}


def _field(line: str) -> tuple[str, str] | None:
    m = _FIELD.match(line.strip())
    if not m:
        return None
    name = m.group("name").lower()
    return (name, m.group("value").strip()) if name in _TAIL_FIELDS | _HEAD_FIELDS else None


def _author(value: str) -> tuple[str, ...]:
    """`Smith, John; Doe, Jane` -> (John Smith, Jane Doe)."""
    out = []
    for part in value.split(";"):
        part = part.strip()
        if "," in part:
            last, first = part.split(",", 1)
            part = f"{first.strip()} {last.strip()}"
        if part:
            out.append(part)
    return tuple(out)


def _document(lines: list[str], first_line: int) -> RawArticle | None:
    fields: dict[str, str] = {}
    title: str | None = None
    body: list[str] = []
    body_start = first_line
    in_body = False
    for n, line in enumerate(lines):
        f = _field(line)
        if f is not None and (not in_body or f[0] in _TAIL_FIELDS):
            name, value = f
            if name == "full text":
                in_body = True
                body_start = first_line + n
                body.append(value)
                continue
            if in_body and name in _TAIL_FIELDS:
                in_body = False
            fields.setdefault(name, value)
            continue
        if in_body:
            body.append(line)
        elif title is None and line.strip() and not line.strip().startswith("http"):
            title = line.strip()
    paras = [p for b in blocks(body, body_start) for p in unwrap(b)]
    if not paras:
        return None
    source = fields.get("publication title")
    if source:
        source = re.sub(r",\s*(?:late|early|final|national|online)\b.*$", "", source, flags=re.I).strip()
    extra = tuple(
        (k.replace(" ", "_"), fields[k]) for k in ("proquest document id", "pages", "document type") if fields.get(k)
    )
    return RawArticle(
        body=join_body(paras),
        line=first_line,
        title=fields.get("title") or title,
        date_text=fields.get("publication date"),
        source=source,
        section=fields.get("section"),
        language=language_code(fields.get("language of publication")),
        copyright=fields.get("copyright"),
        url=fields.get("document url"),
        authors=_author(fields.get("author", "")),
        dateline=fields.get("dateline"),
        extra=extra,
    )


def read(text: str) -> ReadResult:
    """Split at the underscore separators; chunks without `Full text:` are set aside with a warning."""
    lines = text.split("\n")
    cuts = [n for n, line in enumerate(lines) if SEPARATOR.match(line)]
    bounds = list(zip([-1, *cuts], [*cuts, len(lines)], strict=True))
    articles: list[RawArticle] = []
    warnings: list[str] = []
    for start, end in bounds:
        chunk = lines[start + 1 : end]
        if not any(c.strip() for c in chunk):
            continue
        doc = _document(chunk, start + 2)
        if doc is None:
            if any(_field(c) for c in chunk):
                warnings.append(f"line {start + 2}: document without 'Full text:' set aside")
        else:
            articles.append(doc)
    return ReadResult(tuple(articles), tuple(warnings))
