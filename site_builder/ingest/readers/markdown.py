"""Reader for one article per file: Markdown with or without front matter, or plain text.

Front matter fields win; without them the pasted-text grammar finds title, byline and date,
so a single `.txt` article and a dump of many go through the same rules.
"""

from __future__ import annotations

from typing import Any

import frontmatter

from site_builder.ingest.readers import pasted
from site_builder.ingest.readers.base import ReadResult
from site_builder.model import RawArticle


def _s(meta: dict[str, Any], key: str) -> str | None:
    value = meta.get(key)
    return str(value) if value not in (None, "") else None


def read(text: str) -> ReadResult:
    """Markdown with front matter becomes one article; anything else is pasted text."""
    if not text.lstrip().startswith("---"):
        return pasted.read(text)
    post = frontmatter.loads(text)
    meta = dict(post.metadata)
    body = post.content.strip()
    if not body:
        return ReadResult((), ("front matter without article text",))
    raw_authors: Any = meta.get("authors") or meta.get("author") or []
    authors: list[object] = [raw_authors] if isinstance(raw_authors, str) else list(raw_authors)
    head_lines = text[: text.find(post.content)].count("\n") if post.content in text else 1
    art = RawArticle(
        body=body, line=head_lines + 1, title=_s(meta, "title"), date_text=_s(meta, "date"),
        byline=_s(meta, "byline"), source=_s(meta, "source"), dateline=_s(meta, "dateline"),
        copyright=_s(meta, "copyright"), section=_s(meta, "section"), language=_s(meta, "language"),
        url=_s(meta, "url"), authors=tuple(str(a) for a in authors),
    )
    return ReadResult((art,))
