"""Reader for LexisNexis Academic text exports and Nexis Uni text exports.

LexisNexis: a cover page, then documents each opened by a centred `N of M DOCUMENTS` line;
centred header lines (source, date, editions), the headline, `FIELD: value` lines (BYLINE,
SECTION, LENGTH...), the body, trailing fields (LOAD-DATE, LANGUAGE, GRAPHIC...) and a centred
copyright. Nexis Uni: documents ended by `End of Document`, the body opened by a `Body` line
and fields written `Byline:`.
"""

from __future__ import annotations

import re

from site_builder.dates import find_date
from site_builder.ingest.paragraphs import blocks, join_body, unwrap
from site_builder.ingest.readers.base import ReadResult
from site_builder.model import Caption, RawArticle
from site_builder.text import language_code

MARKER = re.compile(r"^\s*\d+\s+of\s+\d+\s+DOCUMENTS?\s*$", re.I | re.M)
_FIELD = re.compile(r"^(?P<name>[A-Z][A-Za-z]+(?:[- ][A-Z][A-Za-z]+){0,2}):\s*(?P<value>.*)$")
_KNOWN = {
    "BYLINE",
    "SECTION",
    "LENGTH",
    "LOAD-DATE",
    "LANGUAGE",
    "GRAPHIC",
    "PUBLICATION-TYPE",
    "JOURNAL-CODE",
    "DATELINE",
    "HIGHLIGHT",
    "URL",
    "SUBJECT",
    "ORGANIZATION",
    "GEOGRAPHIC",
    "PERSON",
    "INDUSTRY",
    "TYPE",
    "SERIES",
    "CORRECTION-DATE",
    "DOCUMENT-TYPE",
    "NOTES",
    "ACC-NO",
    "COMPANY",
    "TICKER",
    "CITY",
    "STATE",
    "COUNTRY",
    "DISTRIBUTION",
    "LOAD DATE",
    "PUBLICATION TYPE",
    "DOCUMENT TYPE",
    "BODY",
    "HEADLINE",
    "EDITION",
    "COPYRIGHT",
    "NEWSLETTER",
    "CORRECTION",
    "PAGE",
    "WORD COUNT",
    "AUTHOR",
}
_CENTRED = 8


def _field(line: str) -> tuple[str, str] | None:
    m = _FIELD.match(line)
    if not m or m.group("name").upper() not in _KNOWN:
        return None
    return m.group("name").upper().replace(" ", "-"), m.group("value").strip()


def _document(lines: list[str], first_line: int) -> RawArticle | None:
    """One document: lines after its marker (first_line is the number of lines[0])."""
    i = 0
    header: list[str] = []
    while i < len(lines) and (not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) >= _CENTRED):
        if lines[i].strip():
            header.append(lines[i].strip())
        i += 1
    footer: list[str] = []
    end = len(lines)
    while end > i and (not lines[end - 1].strip() or len(lines[end - 1]) - len(lines[end - 1].lstrip()) >= _CENTRED):
        if lines[end - 1].strip():
            footer.insert(0, lines[end - 1].strip())
        end -= 1
    fields: dict[str, str] = {}
    title: list[str] = []
    body_lines: list[tuple[int, str]] = []
    seen_field = False
    current: str | None = None
    for n in range(i, end):
        line = lines[n]
        f = _field(line.strip())
        if f is not None:
            current, value = f
            fields[current] = value
            seen_field = True
            continue
        if not line.strip():
            if current and current not in ("BYLINE",) and fields.get(current):
                current = None
            if seen_field and current is None:
                body_lines.append((n, ""))
            continue
        if current is not None and current in ("GRAPHIC", "HIGHLIGHT", "BYLINE", "SECTION"):
            fields[current] = f"{fields[current]} {line.strip()}".strip()
            continue
        current = None
        if not seen_field:
            title.append(line.strip())
        else:
            body_lines.append((n, line))
    text_lines = [t for _, t in body_lines]
    start = body_lines[0][0] if body_lines else 0
    paras = [p for b in blocks(text_lines, first_line + start) for p in unwrap(b)]
    if not paras:
        return None
    source = header[0] if header else None
    date_line = header[1] if len(header) > 1 else None
    editions = header[2:]
    copyright_text = " / ".join(footer) if footer else None
    extra = [
        (k.lower(), v) for k, v in fields.items() if k in ("LENGTH", "LOAD-DATE", "PUBLICATION-TYPE", "JOURNAL-CODE")
    ]
    if editions:
        extra.append(("edition", " ".join(editions)))
    captions = (Caption(fields["GRAPHIC"]),) if fields.get("GRAPHIC") else ()
    return RawArticle(
        body=join_body(paras),
        line=first_line,
        title=" ".join(title) or None,
        date_text=date_line,
        byline=fields.get("BYLINE"),
        source=source,
        section=fields.get("SECTION"),
        language=language_code(fields.get("LANGUAGE")),
        copyright=copyright_text,
        captions=captions,
        dateline=fields.get("DATELINE"),
        extra=tuple(extra),
    )


def read(text: str) -> ReadResult:
    """Split at the `N of M DOCUMENTS` markers; the cover page before the first is dropped."""
    lines = text.split("\n")
    starts = [n for n, line in enumerate(lines) if MARKER.match(line)]
    if not starts:
        return read_nexis_uni(text)
    articles: list[RawArticle] = []
    warnings: list[str] = []
    for k, s in enumerate(starts):
        e = starts[k + 1] if k + 1 < len(starts) else len(lines)
        doc = _document(lines[s + 1 : e], s + 2)
        if doc is None:
            warnings.append(f"line {s + 1}: document without text set aside")
        else:
            articles.append(doc)
    return ReadResult(tuple(articles), tuple(warnings))


_UNI_KEEP = (
    "LENGTH",
    "LOAD-DATE",
    "SUBJECT",
    "ORGANIZATION",
    "PERSON",
    "GEOGRAPHIC",
    "PUBLICATION-TYPE",
    "JOURNAL-CODE",
)
"""Nexis Uni fields kept in the front matter's `extra`: the export's own classification."""
_UNI_END = re.compile(r"^\s*End of Document\s*$", re.I)


def _uni_header(plain: list[str]) -> tuple[str | None, str | None, str | None, str | None]:
    """(title, source, date line, copyright) from the plain lines above a document's fields.
    The date line anchors them: title and source are the two lines before it, so a cover list
    at the top of an export (before the first document) is ignored."""
    copyright_line = next((p for p in plain if p.lower().startswith("copyright") or p.startswith("©")), None)
    candidates = [p for p in plain if p is not copyright_line]
    dated = [k for k, p in enumerate(candidates) if k >= 2 and find_date(p) is not None]
    if dated:
        d = dated[-1]
        return candidates[d - 2], candidates[d - 1], candidates[d], copyright_line
    padded = [*candidates, None, None, None]
    return padded[0], padded[1], padded[2], copyright_line


def read_nexis_uni(text: str) -> ReadResult:
    """Nexis Uni: title, source, date, `Field: value` lines, `Body`, text, `End of Document`."""
    lines = text.split("\n")
    articles: list[RawArticle] = []
    warnings: list[str] = []
    start = 0
    for n, line in enumerate([*lines, "End of Document"]):
        if not _UNI_END.match(line):
            continue
        chunk = lines[start:n]
        first = start + 1
        start = n + 1
        if not any(c.strip() for c in chunk):
            continue
        body_at = next((k for k, c in enumerate(chunk) if c.strip() in ("Body", "Text")), None)
        head = [c.strip() for c in (chunk[:body_at] if body_at is not None else chunk[:0]) if c.strip()]
        body_src = chunk[body_at + 1 :] if body_at is not None else chunk
        fields: dict[str, str] = {}
        cut = next((k for k, c in enumerate(body_src) if c.strip() in ("Classification", "Graphic")), None)
        if cut is not None:  # the classification block after the text: fields only
            for c in body_src[cut + 1 :]:
                f = _field(c.strip())
                if f:
                    fields.setdefault(f[0], f[1])
            body_src = body_src[:cut]
        plain: list[str] = []
        for h in head:
            f = _field(h)
            if f:
                fields[f[0]] = f[1]
            else:
                plain.append(h)
        while body_src and (not body_src[-1].strip() or _field(body_src[-1].strip())):
            f = _field(body_src.pop().strip())
            if f:
                fields.setdefault(f[0], f[1])
        offset = first + (body_at + 1 if body_at is not None else 0)
        paras = [p for b in blocks(body_src, offset) for p in unwrap(b)]
        if not paras:
            warnings.append(f"line {first}: document without text set aside")
            continue
        title, source, date_line, copyright_line = _uni_header(plain)
        section = fields.get("SECTION")
        extra = [(k.lower(), v) for k, v in fields.items() if k in _UNI_KEEP]
        if section and "; Version:" in section:
            section, version = section.split("; Version:", 1)
            extra.append(("version", version.strip()))
        articles.append(
            RawArticle(
                body=join_body(paras),
                line=first,
                title=title,
                source=source,
                date_text=date_line,
                byline=fields.get("BYLINE"),
                section=section,
                language=language_code(fields.get("LANGUAGE")),
                copyright=copyright_line,
                extra=tuple(extra),
            )
        )
    return ReadResult(tuple(articles), tuple(warnings))
