"""Reader for one article per file: Markdown with or without front matter, or plain text.

Front matter fields win; without them the pasted-text grammar finds title, byline and date,
so a single `.txt` article and a dump of many go through the same rules.
"""

from __future__ import annotations

from typing import Any

from site_builder.errors import InputError
from site_builder.ingest.readers import pasted
from site_builder.ingest.readers.base import ReadResult
from site_builder.model import RawArticle
from site_builder.safe_yaml import FrontMatterError, split


def _s(meta: dict[str, Any], key: str) -> str | None:
    value = meta.get(key)
    if value in (None, "") or isinstance(value, dict | list):
        return None
    return str(value)


def read(text: str) -> ReadResult:
    """Markdown with front matter becomes one article; anything else is pasted text."""
    if not text.lstrip().startswith("---"):
        return pasted.read(text)
    try:
        meta, content = split(text)
    except FrontMatterError as exc:
        raise InputError(
            exc.message,
            line=exc.line,
            hint="fix the YAML between the --- lines, or remove the front matter to read the file as plain text",
        ) from None
    body = content.strip()
    if not body:
        return ReadResult((), ("front matter without article text",))
    raw_authors: Any = meta.get("authors") or meta.get("author") or []
    authors: list[object] = (
        list(raw_authors)
        if isinstance(raw_authors, list)
        else [raw_authors]
        if isinstance(raw_authors, str | int | float)
        else []
    )
    head_lines = text[: text.find(content)].count("\n") if content in text else 1
    art = RawArticle(
        body=body,
        line=head_lines + 1,
        title=_s(meta, "title"),
        date_text=_s(meta, "date"),
        byline=_s(meta, "byline"),
        source=_s(meta, "source"),
        dateline=_s(meta, "dateline"),
        copyright=_s(meta, "copyright"),
        section=_s(meta, "section"),
        language=_s(meta, "language"),
        url=_s(meta, "url"),
        authors=tuple(str(a) for a in authors if isinstance(a, str | int | float) and not isinstance(a, bool)),
    )
    return ReadResult((art,))
